/**
 * Syntax rules checked before the API server is asked, so a typo is refused with the field named
 * instead of surfacing as a 422 (or, for image references, as ImagePullBackOff on every node).
 */

// distribution/reference grammar (github.com/distribution/reference, regexp.go), written out:
//   reference      := name [ ":" tag ] [ "@" digest ]
//   name           := [domain "/"] remote-name
//   domain         := host [ ":" port-number ]
//   host           := domain-name | IPv4address | "[" IPv6address "]"
//   domain-name    := domain-component ("." domain-component)*
//   domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
//   remote-name    := path-component ("/" path-component)*
//   path-component := alpha-numeric (separator alpha-numeric)*
//   alpha-numeric  := /[a-z0-9]+/
//   separator      := /[_.]|__|[-]+/
//   tag            := /[\w][\w.-]{0,127}/
//   digest         := algorithm ":" hex   (algorithm /[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*/, hex /[0-9a-fA-F]{32,}/)
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const IPV6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const DOMAIN = `(?:${DOMAIN_NAME}|${IPV6})(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[_.]|__|[-]+)[a-z0-9]+)*';
const REMOTE_NAME = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${REMOTE_NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const NAME_TOTAL_LENGTH_MAX = 255;

/** Why `image` is not a valid image reference, or undefined when it is. */
export function imageReferenceProblem(image: string): string | undefined {
  if (image === '') return 'must not be empty';
  if (image.trim() !== image) return 'must not start or end with whitespace';
  const m = REFERENCE.exec(image);
  if (!m) {
    // Uppercase is allowed in a registry host and a tag, never in the repository path.
    if (REFERENCE.test(image.toLowerCase())) return `"${image}" is not a valid image reference: the repository name must be lowercase`;
    return `"${image}" is not a valid image reference (expected [registry/]repository[:tag][@digest], e.g. quay.io/prometheus/node-exporter:v1.8.2)`;
  }
  if (m[1]!.length > NAME_TOTAL_LENGTH_MAX) return `"${image.slice(0, 40)}…" is not a valid image reference: the repository name is longer than ${NAME_TOTAL_LENGTH_MAX} characters`;
  return undefined;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/**
 * Why `key` is not a label key (a qualified name: optional DNS-1123 subdomain prefix and "/",
 * then at most 63 characters of alphanumerics, "-", "_", "."), or undefined.
 * @see https://github.com/kubernetes/apimachinery/blob/v0.36.3/pkg/util/validation/validation.go (IsQualifiedName)
 */
export function labelKeyProblem(key: string): string | undefined {
  if (key === '') return 'must not be empty';
  const parts = key.split('/');
  if (parts.length > 2) return `"${key}" is not a valid key: at most one "/"`;
  const [prefix, name] = parts.length === 2 ? [parts[0]!, parts[1]!] : [undefined, parts[0]!];
  if (prefix !== undefined) {
    if (prefix === '') return `"${key}" is not a valid key: the prefix before "/" must not be empty`;
    if (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) return `"${key}" is not a valid key: the prefix must be a DNS-1123 subdomain (lowercase letters, digits, "-", ".")`;
  }
  if (name === '') return `"${key}" is not a valid key: the name after the prefix must not be empty`;
  if (name.length > 63) return `"${key}" is not a valid key: the name part must be at most 63 characters`;
  if (!QUALIFIED_NAME_PART.test(name)) return `"${key}" is not a valid key: letters, digits, "-", "_" and "." only, beginning and ending with a letter or digit`;
  return undefined;
}

/** Why `value` is not a label value (empty, or at most 63 characters like a key's name part), or undefined. */
export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63) return `"${value.slice(0, 20)}…" is not a valid label value: at most 63 characters`;
  if (!QUALIFIED_NAME_PART.test(value)) return `"${value}" is not a valid label value: letters, digits, "-", "_" and "." only, beginning and ending with a letter or digit`;
  return undefined;
}

/** Go's strconv.ParseInt(s, 10, 64) as the Gt/Lt node selector operators read their value. */
export function isInt64(s: string): boolean {
  if (!/^[+-]?[0-9]+$/.test(s)) return false;
  const v = BigInt(s);
  return v >= -(2n ** 63n) && v < 2n ** 63n;
}

/** An int-or-percent: a non-negative integer, or "N%" with 0 ≤ N ≤ 100. */
export function intOrPercentProblem(v: number | string): string | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= 2 ** 31 - 1 ? undefined : 'must be a non-negative integer or a percentage like "25%"';
  const m = /^([0-9]{1,3})%$/.exec(v);
  if (!m) return `"${v}" must be a non-negative integer or a percentage like "25%"`;
  return Number(m[1]) <= 100 ? undefined : `"${v}" must be a percentage between 0% and 100%`;
}
