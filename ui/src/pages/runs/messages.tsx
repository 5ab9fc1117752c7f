// LLM inputs and outputs read as a conversation when they hold one: OpenAI-style `messages`, `choices`, the
// GenAI conventions' messages with `parts`, or a bare prompt/completion. Anything else is shown as JSON.
import { JsonView } from '../../components/json-view';

export interface Message {
  role: string;
  text: string;
}

type Json = Record<string, unknown>;
const isMap = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function textOf(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    const parts = content.map((p) => (typeof p === 'string' ? p : isMap(p) ? (textOf(p.content) ?? textOf(p.text)) : undefined)).filter((t): t is string => t !== undefined);
    return parts.length ? parts.join('\n') : undefined;
  }
  return undefined;
}

function asMessage(v: unknown): Message | undefined {
  if (!isMap(v) || typeof v.role !== 'string') return undefined;
  const text = textOf(v.content) ?? textOf(v.parts) ?? (v.tool_calls !== undefined ? JSON.stringify(v.tool_calls) : undefined);
  return text === undefined ? undefined : { role: v.role, text };
}

function messagesIn(list: unknown): Message[] | undefined {
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const messages = list.map((m) => asMessage(isMap(m) && isMap(m.message) ? m.message : m));
  return messages.every((m) => m !== undefined) ? (messages as Message[]) : undefined;
}

/** The conversation a value holds, or undefined when it holds none. */
export function findMessages(value: unknown): Message[] | undefined {
  const direct = messagesIn(value);
  if (direct) return direct;
  if (!isMap(value)) return undefined;
  for (const key of ['messages', 'choices', 'gen_ai.input.messages', 'gen_ai.output.messages', 'prompt', 'completion']) {
    const found = messagesIn(value[key]);
    if (found) return found;
  }
  for (const key of ['prompt', 'completion', 'content', 'text', 'output']) {
    if (typeof value[key] === 'string') return [{ role: key === 'prompt' ? 'user' : key === 'completion' || key === 'output' ? 'assistant' : 'message', text: value[key] as string }];
  }
  return undefined;
}

export function Conversation({ value, label }: { value: unknown; label: string }) {
  const messages = findMessages(value);
  if (!messages) return <JsonView value={value} open={2} />;
  return (
    <>
      <ol className="conversation" aria-label={label}>
        {messages.map((m, i) => (
          <li key={i} className={`message role-${m.role.replace(/[^a-z]/gi, '')}`}>
            <span className="message-role">{m.role}</span>
            <p className="message-text">{m.text}</p>
          </li>
        ))}
      </ol>
      <details className="as-sent">
        <summary>As sent (JSON)</summary>
        <JsonView value={value} open={1} />
      </details>
    </>
  );
}
