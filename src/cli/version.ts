// The version `runledger --version` prints: package.json's, read beside the sources or the build alike
// (src/cli and dist/cli both sit two levels below it).
import { readFileSync } from 'node:fs';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
