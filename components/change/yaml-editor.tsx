'use client';

import { yaml } from '@codemirror/lang-yaml';
import { linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';
import { parseTemplateYaml } from '@/lib/change/agent/template-yaml';

/** Parse problems of the pod template, where they are (the same check the server makes). */
const templateLint = linter((view): Diagnostic[] => {
  const text = view.state.doc.toString();
  const len = text.length;
  return parseTemplateYaml(text).problems.map((p) => ({ from: Math.min(p.from, len), to: Math.min(Math.max(p.to, p.from), len), severity: 'error', message: p.message }));
});

/**
 * CodeMirror 6 on the pod template YAML. Uncontrolled after mount (the editor owns the text);
 * every edit is reported, and a new `resetKey` loads `value` again.
 */
export function YamlEditor({ value, onChange, label, resetKey }: { value: string; onChange: (text: string) => void; label: string; resetKey: string }) {
  const host = useRef<HTMLDivElement>(null);
  const changed = useRef(onChange);
  useEffect(() => {
    changed.current = onChange;
  }, [onChange]);

  useEffect(() => {
    if (!host.current) return;
    const view = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          yaml(),
          lintGutter(),
          templateLint,
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) changed.current(u.state.doc.toString());
          }),
          EditorView.theme({ '&': { fontSize: '11px', maxHeight: '22rem' }, '.cm-scroller': { overflow: 'auto' } }),
        ],
      }),
    });
    return () => view.destroy();
    // value is read only when resetKey changes: the editor owns the text meanwhile
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resetKey, label]);

  return <div ref={host} data-testid="template-yaml" className="overflow-hidden rounded-md border border-zinc-300 bg-white dark:border-zinc-700 dark:bg-zinc-950" />;
}
