// Where the client finds its server and credentials: flags, then RUNLEDGER_URL / RUNLEDGER_TOKEN /
// RUNLEDGER_API_KEY, then the config file written by `runledger login`. The file holds a token or an API key,
// so it is the user's alone (0600, in a 0700 directory).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CliError } from './errors.js';

export const DEFAULT_URL = 'http://localhost:8080';

export interface ClientConfig {
  url?: string;
  username?: string;
  token?: string;
  /** ISO 8601: when the token stops being accepted. */
  token_expires_at?: string;
  api_key?: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

export interface ConnectionFlags {
  url?: string;
  config?: string;
}

/** The config file: --config, else RUNLEDGER_CONFIG, else $XDG_CONFIG_HOME/runledger/config.json (~/.config). */
export function configPath(env: Env, flag?: string): string {
  if (flag) return path.resolve(flag);
  if (env.RUNLEDGER_CONFIG) return path.resolve(env.RUNLEDGER_CONFIG);
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(os.homedir(), '.config');
  return path.join(base, 'runledger', 'config.json');
}

export async function readConfig(file: string): Promise<ClientConfig> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new CliError(`cannot read the config file ${file}: ${(error as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
    return parsed as ClientConfig;
  } catch (error) {
    throw new CliError(`the config file ${file} is not valid JSON (${(error as Error).message}); remove it and log in again`);
  }
}

/** Writes the whole file under a temporary name, then renames it: a crash never leaves half a config. */
export async function writeConfig(file: string, config: ClientConfig): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  // The mode of writeFile applies only to a file it creates; a leftover temporary file keeps its own.
  await fs.chmod(temporary, 0o600);
  await fs.rename(temporary, file);
}

export interface Connection {
  url: string;
  headers: Record<string, string>;
  /** Where the credentials came from, for the hint a 401 gives. */
  source: 'flag' | 'environment' | 'config' | 'none';
  configFile: string;
}

export function normaliseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(`"${url}" is not a URL (expected e.g. ${DEFAULT_URL})`, 2);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new CliError(`"${url}" is not an http(s) URL`, 2);
  return parsed.href.replace(/\/+$/, '');
}

export async function resolveConnection(env: Env, flags: ConnectionFlags): Promise<Connection> {
  const configFile = configPath(env, flags.config);
  const stored = await readConfig(configFile);
  const url = normaliseUrl(flags.url ?? (env.RUNLEDGER_URL || undefined) ?? stored.url ?? DEFAULT_URL);
  const base = { url, configFile };
  if (env.RUNLEDGER_API_KEY) return { ...base, headers: { 'x-api-key': env.RUNLEDGER_API_KEY }, source: 'environment' };
  if (env.RUNLEDGER_TOKEN) return { ...base, headers: { authorization: `Bearer ${env.RUNLEDGER_TOKEN}` }, source: 'environment' };
  // Stored credentials go only to the server they were issued by, never to another --url.
  const storedFor = stored.url ? normaliseUrl(stored.url) : undefined;
  if (storedFor !== url) return { ...base, headers: {}, source: 'none' };
  if (stored.api_key) return { ...base, headers: { 'x-api-key': stored.api_key }, source: 'config' };
  if (stored.token) return { ...base, headers: { authorization: `Bearer ${stored.token}` }, source: 'config' };
  return { ...base, headers: {}, source: 'none' };
}
