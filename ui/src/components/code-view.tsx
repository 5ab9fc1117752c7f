// SQL shown with CodeMirror 6: highlighted, read-only unless onChange is given.
import CodeMirror from '@uiw/react-codemirror';
import { sql } from '@codemirror/lang-sql';

const extensions = [sql()];

export function CodeView({ code, label, onChange }: { code: string; label: string; onChange?: (value: string) => void }) {
  return (
    <div className="code-view">
      <CodeMirror
        value={code}
        extensions={extensions}
        editable={onChange !== undefined}
        readOnly={onChange === undefined}
        basicSetup={{ lineNumbers: true, foldGutter: false, highlightActiveLine: false }}
        aria-label={label}
        {...(onChange ? { onChange } : {})}
      />
    </div>
  );
}
