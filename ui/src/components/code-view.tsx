// SQL shown with CodeMirror 6: highlighted, read-only unless onChange is given. The region and the editable
// content both carry the label, so screen readers and tests find the code by name.
import { useMemo } from 'react';
import CodeMirror from '@uiw/react-codemirror';
import { sql } from '@codemirror/lang-sql';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags } from '@lezer/highlight';

// CodeMirror's default colours fall short of WCAG AA on white; these all reach 4.5:1.
const readable = HighlightStyle.define([
  { tag: tags.keyword, color: '#8250df', fontWeight: '600' },
  { tag: [tags.string, tags.special(tags.string)], color: '#0a3069' },
  { tag: [tags.number, tags.bool, tags.null], color: '#953800' },
  { tag: tags.comment, color: '#57606a', fontStyle: 'italic' },
  { tag: [tags.operator, tags.punctuation], color: '#24292f' },
  { tag: [tags.typeName, tags.function(tags.variableName)], color: '#116329' },
  { tag: [tags.variableName, tags.propertyName, tags.name], color: '#1f2328' },
]);

export function CodeView({ code, label, onChange }: { code: string; label: string; onChange?: (value: string) => void }) {
  const extensions = useMemo(() => [sql(), syntaxHighlighting(readable), EditorView.lineWrapping, EditorView.contentAttributes.of({ 'aria-label': label })], [label]);
  return (
    <div className="code-view" role="region" aria-label={label}>
      <CodeMirror
        value={code}
        extensions={extensions}
        editable={onChange !== undefined}
        readOnly={onChange === undefined}
        basicSetup={{ lineNumbers: true, foldGutter: false, highlightActiveLine: false }}
        {...(onChange ? { onChange } : {})}
      />
    </div>
  );
}
