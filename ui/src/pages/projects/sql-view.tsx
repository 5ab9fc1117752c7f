// A model's SQL, read-only, highlighted. As the shared CodeView, but the label is set on the editable
// content itself (CodeMirror's textbox), which is what assistive technology announces.
import { useMemo } from 'react';
import CodeMirror, { EditorView } from '@uiw/react-codemirror';
import { sql } from '@codemirror/lang-sql';

export function SqlView({ code, label }: { code: string; label: string }) {
  const extensions = useMemo(() => [sql(), EditorView.contentAttributes.of({ 'aria-label': label })], [label]);
  return (
    <div className="code-view">
      <CodeMirror value={code} extensions={extensions} editable={false} readOnly basicSetup={{ lineNumbers: true, foldGutter: false, highlightActiveLine: false }} />
    </div>
  );
}
