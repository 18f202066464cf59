import { badRequest } from '@/lib/errors';

/**
 * The search pattern, compiled once and checked before any log is read.
 *
 * Plain text is escaped into a regular expression. A regular expression must compile, may not
 * use backreferences or lookaround, and may not nest quantifiers ((a+)+, (x*y?)*, (a|aa)+ and the
 * like): those are the shapes that backtrack exponentially in V8's engine, which has no time
 * limit. What remains runs in time roughly linear in the line for practical patterns, and every
 * line is cut to {@link MAX_LINE_CHARS} before it is matched, so one search costs at most
 * (lines × line length) work, bounded by the search's byte budget.
 */

export const MAX_LINE_CHARS = 4096;

export interface CompiledPattern {
  test(line: string): boolean;
  /** Where the first match is, for highlighting; undefined when none. */
  regex: RegExp;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Quantifier right after a group whose body holds a quantifier or an alternation. */
function nestedQuantifier(source: string): boolean {
  const stack: { quantified: boolean; alternation: boolean }[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i += 1) {
    const c = source[i];
    if (c === '\\') {
      i += 1;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') stack.push({ quantified: false, alternation: false });
    else if (c === '|' && stack.length > 0) stack[stack.length - 1]!.alternation = true;
    else if (c === ')') {
      const group = stack.pop();
      const next = source[i + 1];
      const quantifiedAfter = next === '*' || next === '+' || next === '{';
      if (group && quantifiedAfter && (group.quantified || group.alternation)) return true;
      // The group as a whole counts as a quantified piece of its parent when quantified itself.
      if (group && stack.length > 0 && (group.quantified || quantifiedAfter)) stack[stack.length - 1]!.quantified = true;
    } else if ((c === '*' || c === '+' || c === '{') && stack.length > 0) stack[stack.length - 1]!.quantified = true;
  }
  return false;
}

export function compilePattern(pattern: string, { regex = false, matchCase = false }: { regex?: boolean; matchCase?: boolean } = {}): CompiledPattern {
  const flags = matchCase ? '' : 'i';
  let source = escape(pattern);
  if (regex) {
    if (/\\[1-9]|\\k</.test(pattern)) throw badRequest('pattern: backreferences are not supported in a log search');
    if (/\(\?<?[=!]/.test(pattern)) throw badRequest('pattern: lookahead and lookbehind are not supported in a log search');
    try {
      new RegExp(pattern, flags);
    } catch (err) {
      throw badRequest(`pattern: not a valid regular expression (${(err as Error).message.replace(/^Invalid regular expression: /, '')})`);
    }
    if (nestedQuantifier(pattern)) {
      throw badRequest('pattern: a quantified group that itself repeats or alternates, such as (a+)+ or (a|aa)*, can take exponential time; simplify the regular expression');
    }
    source = pattern;
  }
  const re = new RegExp(source, flags);
  return { regex: re, test: (line) => re.test(line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line) };
}
