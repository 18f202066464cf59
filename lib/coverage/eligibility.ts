import type { KDaemonSet, KTaint } from './k8s';
import { compileNodeSelector, explainNodeSelectorMismatch, nodeSelectorFailures, nodeSelectorMatches, type CompiledNodeSelector } from './node-affinity';
import { daemonPodTolerations, formatTaint, TAINT_NO_EXECUTE, untoleratedTaints, type DaemonToleration, type TolerationOptions } from './taints';
import type { Reason } from './types';

/** What eligibility needs from a node. */
export interface NodeEligibilityInput {
  name: string;
  labels: Record<string, string> | undefined;
  taints: readonly KTaint[] | undefined;
}

/**
 * Key of the class of nodes that get the same answer (and the same reasons) from these rules:
 * same taints, same values (or absence) of the label keys the rules read, and the same name when
 * the rules name nodes.
 */
export function eligibilityClassKey(c: CompiledEligibility, node: NodeEligibilityInput, taintKey: string): string {
  let key = c.perNode ? `${node.name}\u0000${taintKey}` : taintKey;
  const labels = node.labels;
  for (const k of c.labelKeys) {
    const v = labels === undefined || !Object.prototype.hasOwnProperty.call(labels, k) ? undefined : labels[k];
    key += v === undefined ? '\u0001' : `\u0002${v}`;
  }
  return key;
}

export interface Eligibility {
  shouldRun: boolean;
  shouldContinueRunning: boolean;
  /** Why the agent should not run (empty when shouldRun). */
  reasons: Reason[];
  /** First untolerated NoSchedule/NoExecute taint, as key=value:Effect. */
  taintMismatch?: string;
}

/** A DaemonSet's placement rules, parsed once per DaemonSet version. */
export interface CompiledEligibility {
  templateNodeName: string;
  nodeSelector: Record<string, string> | undefined;
  affinity: CompiledNodeSelector | undefined;
  tolerations: DaemonToleration[];
  options: TolerationOptions;
  /** Node label keys the rules read: nodes that agree on them (and on taints) get the same answer. */
  labelKeys: string[];
  /** The answer depends on the node's name (template nodeName or affinity matchFields). */
  perNode: boolean;
  /** labelKeys and perNode as one string: agents with the same signature group nodes alike. */
  classSignature: string;
}

export function compileEligibility(ds: KDaemonSet, options: TolerationOptions = {}): CompiledEligibility {
  const spec = ds.spec?.template?.spec;
  const required = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const selector = spec?.nodeSelector;
  const terms = required?.nodeSelectorTerms ?? [];
  const labelKeys = new Set<string>(Object.keys(selector ?? {}));
  for (const t of terms) for (const e of t.matchExpressions ?? []) labelKeys.add(e.key ?? '');
  const keys = [...labelKeys].sort();
  const perNode = !!spec?.nodeName || terms.some((t) => (t.matchFields?.length ?? 0) > 0);
  return {
    labelKeys: keys,
    perNode,
    classSignature: `${perNode ? 'N' : ''}\u0000${keys.join('\u0000')}`,
    templateNodeName: spec?.nodeName ?? '',
    nodeSelector: selector && Object.keys(selector).length > 0 ? selector : undefined,
    affinity: required ? compileNodeSelector(required) : undefined,
    tolerations: daemonPodTolerations(spec?.tolerations, spec?.hostNetwork),
    options,
  };
}

const ELIGIBLE: Eligibility = Object.freeze({ shouldRun: true, shouldContinueRunning: true, reasons: Object.freeze([]) as unknown as Reason[] });

function selectorReasons(c: CompiledEligibility, node: NodeEligibilityInput): Reason[] {
  return nodeSelectorFailures(c.nodeSelector, node.labels).map((f) => ({
    kind: 'nodeSelector' as const,
    message: `nodeSelector ${f.key}=${f.want} (${f.actual === undefined ? 'label missing' : `node has ${f.key}="${f.actual}"`})`,
  }));
}

/**
 * shouldRun / shouldContinueRunning of a DaemonSet on a node, with every reason for a "no":
 * the template's nodeName, then nodeSelector and required node affinity (either failing means
 * neither run nor continue), then NoSchedule/NoExecute taints against the template's tolerations
 * plus the controller-added ones (an untolerated NoSchedule taint alone lets an existing pod stay;
 * an untolerated NoExecute taint does not).
 * @see https://github.com/kubernetes/kubernetes/blob/v1.36.3/pkg/controller/daemon/daemon_controller.go (NodeShouldRunDaemonPod, predicates)
 */
export function nodeShouldRunDaemonPod(c: CompiledEligibility, node: NodeEligibilityInput): Eligibility {
  const fitsNodeName = c.templateNodeName === '' || c.templateNodeName === node.name;
  const fitsSelector = c.nodeSelector === undefined || selectorMatchesFast(c.nodeSelector, node.labels);
  const fitsAffinity = c.affinity === undefined || nodeSelectorMatches(c.affinity, node.labels, node.name);
  const untolerated = node.taints && node.taints.length > 0 ? untoleratedTaints(node.taints, c.tolerations, c.options) : [];
  if (fitsNodeName && fitsSelector && fitsAffinity && untolerated.length === 0) return ELIGIBLE;

  const reasons: Reason[] = [];
  if (!fitsNodeName) reasons.push({ kind: 'nodeName', message: `template nodeName is ${c.templateNodeName}` });
  if (!fitsSelector) reasons.push(...selectorReasons(c, node));
  if (!fitsAffinity) for (const m of explainNodeSelectorMismatch(c.affinity!, node.labels, node.name)) reasons.push({ kind: 'affinity', message: m });
  for (const t of untolerated) {
    const taint = formatTaint(t);
    reasons.push({ kind: 'taint', message: `untolerated taint ${taint}`, taint });
  }
  const placementFits = fitsNodeName && fitsSelector && fitsAffinity;
  const shouldContinueRunning = placementFits && !untolerated.some((t) => t.effect === TAINT_NO_EXECUTE);
  const result: Eligibility = { shouldRun: false, shouldContinueRunning, reasons };
  if (untolerated.length > 0) result.taintMismatch = formatTaint(untolerated[0]!);
  return result;
}

function selectorMatchesFast(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  for (const key in selector) {
    if (labels === undefined || labels[key] !== selector[key] || !Object.prototype.hasOwnProperty.call(labels, key)) return false;
  }
  return true;
}
