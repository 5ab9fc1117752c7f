// Reading a secret from the terminal without echoing it, or from standard input when piped.
import { readStdin, firstLine } from '../stdin.js';
import { UsageError } from './errors.js';

/** A line typed at the terminal, not shown; Ctrl-C aborts, Backspace edits. */
export function promptHidden(question: string): Promise<string> {
  const input = process.stdin;
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let typed = '';
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const finish = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new UsageError('cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
      }
    };
    input.on('data', onData);
  });
}

/** A visible line typed at the terminal. */
export async function promptLine(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

/**
 * A secret from the first line of standard input (`--…-stdin`), else asked for at the terminal; with neither,
 * a usage error naming the flag, since a script must not hang on a prompt nobody sees.
 */
export async function readSecret(options: { fromStdin: boolean; flag: string; question: string }): Promise<string> {
  if (options.fromStdin) return firstLine(await readStdin());
  if (!process.stdin.isTTY) throw new UsageError(`standard input is not a terminal: pass ${options.flag} and pipe the secret in`);
  return promptHidden(options.question);
}
