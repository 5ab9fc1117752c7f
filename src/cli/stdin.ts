// Standard input for commands that take a secret or a document from it rather than from their arguments.
export async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}

export const firstLine = (text: string) => text.split(/\r?\n/)[0] ?? '';
