// A step's inputs or outputs: chat messages ([{role, content}], also inside an OpenAI-style `choices`)
// shown as a conversation, everything else as folded JSON.
import { JsonView } from '../../components/json-view';

export interface ChatMessage {
  role: string;
  content: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function isChat(value: unknown): value is ChatMessage[] {
  return Array.isArray(value) && value.length > 0 && value.every((m) => isRecord(m) && typeof m.role === 'string' && 'content' in m);
}

/** The messages of `choices: [{message: {role, content}}]`, as chat completions answer. */
function choiceMessages(value: unknown): ChatMessage[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const messages = value.map((c) => (isRecord(c) ? c.message : undefined));
  return isChat(messages) ? messages : undefined;
}

/** Text of a message's content: a string, or the text parts of a list of parts. */
function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (Array.isArray(content) && content.every((p) => isRecord(p) && p.type === 'text' && typeof p.text === 'string')) {
    return content.map((p) => (p as { text: string }).text).join('\n');
  }
  return undefined;
}

export function ChatView({ messages, label }: { messages: ChatMessage[]; label: string }) {
  return (
    <ol className="chat" aria-label={label}>
      {messages.map((m, i) => {
        const text = contentText(m.content);
        return (
          <li key={i} className={`chat-msg role-${m.role.replace(/[^a-z]/gi, '')}`}>
            <span className="chat-role">{m.role}</span>
            {text !== undefined ? <div className="chat-text">{text}</div> : <JsonView value={m.content} />}
          </li>
        );
      })}
    </ol>
  );
}

/** `value` with each chat member shown as messages; `what` names it for assistive technology. */
export function ValueView({ value, what }: { value: unknown; what: string }) {
  if (value === undefined) return <span className="muted">none</span>;
  if (isChat(value)) return <ChatView messages={value} label={what} />;
  if (!isRecord(value)) return <JsonView value={value} />;
  const entries = Object.entries(value);
  if (entries.length === 0) return <span className="muted">empty</span>;
  return (
    <div className="value-members">
      {entries.map(([key, member]) => {
        const chat = isChat(member) ? member : key === 'choices' ? choiceMessages(member) : undefined;
        return chat ? (
          <div key={key} className="value-member">
            <span className="json-key">{key}:</span>
            <ChatView messages={chat} label={`${what}: ${key}`} />
          </div>
        ) : (
          <JsonView key={key} value={member} label={key} open={2} />
        );
      })}
    </div>
  );
}
