import { parseDocument, stringify } from 'yaml';
import type { KPodTemplateSpec } from '@/lib/coverage/k8s';

export interface YamlProblem {
  message: string;
  /** 1-based line and column of the problem, when the parser knows it. */
  line?: number;
  col?: number;
  /** Character offsets into the text (for the editor's lint marks). */
  from: number;
  to: number;
}

function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}

/** The pod template as the editor shows it. */
export function templateToYaml(template: KPodTemplateSpec | undefined): string {
  return stringify(template ?? {}, { lineWidth: 0 });
}

/**
 * The YAML text of a pod template, parsed: a mapping whose spec has at least one container.
 * Problems carry positions, so the editor marks them where they are.
 */
export function parseTemplateYaml(text: string): { template: KPodTemplateSpec; problems: [] } | { template?: undefined; problems: YamlProblem[] } {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => ({ message: e.message.split('\n')[0]!, ...lineCol(text, e.pos[0]), from: e.pos[0], to: Math.max(e.pos[1], e.pos[0] + 1) })),
    };
  }
  const value: unknown = doc.toJS();
  const whole = { from: 0, to: Math.max(1, text.length) };
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { problems: [{ message: 'the pod template must be a YAML mapping (metadata:, spec:)', ...whole }] };
  const spec = (value as { spec?: unknown }).spec;
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return { problems: [{ message: 'the pod template needs a spec mapping', ...whole }] };
  const containers = (spec as { containers?: unknown }).containers;
  if (!Array.isArray(containers) || containers.length === 0) return { problems: [{ message: 'spec.containers must list at least one container', ...whole }] };
  return { template: value as KPodTemplateSpec, problems: [] };
}
