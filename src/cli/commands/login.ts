// `runledger login`: a token for a username and password (POST /token), or an API key, kept in the config file.
import type { Command } from 'commander';
import { ApiClient } from '../client/api.js';
import { action, withConnection } from '../client/command.js';
import { DEFAULT_URL, configPath, normaliseUrl, readConfig, writeConfig, type ClientConfig } from '../client/config.js';
import { UsageError } from '../client/errors.js';
import { promptLine, readSecret } from '../client/prompt.js';

interface LoginOptions {
  url?: string;
  config?: string;
  username?: string;
  passwordStdin?: boolean;
  apiKeyStdin?: boolean;
}

interface WhoAmI {
  id: string;
  username: string;
  role: string;
  kind: string;
}

async function usernameOf(opts: LoginOptions, stored: ClientConfig): Promise<string> {
  if (opts.username) return opts.username;
  if (process.stdin.isTTY && !opts.passwordStdin) {
    const typed = await promptLine(`username${stored.username ? ` [${stored.username}]` : ''}: `);
    if (typed || stored.username) return typed || stored.username!;
  }
  throw new UsageError('give --username (the password then comes from the terminal or --password-stdin)');
}

export function registerLogin(program: Command): void {
  withConnection(
    program
      .command('login')
      .description('sign in to a server and keep the token (or API key) in the config file')
      .option('-u, --username <name>', 'user to sign in as (asked for on a terminal)')
      .option('--password-stdin', 'read the password from the first line of standard input')
      .option('--api-key-stdin', 'keep an API key instead, read from the first line of standard input'),
  ).action(
    action(async (opts: LoginOptions) => {
      if (opts.passwordStdin && opts.apiKeyStdin) throw new UsageError('give --password-stdin or --api-key-stdin, not both');
      const file = configPath(process.env, opts.config);
      const stored = await readConfig(file);
      const url = normaliseUrl(opts.url ?? (process.env.RUNLEDGER_URL || undefined) ?? stored.url ?? DEFAULT_URL);
      const anonymous = new ApiClient({ url, headers: {}, source: 'flag', configFile: file });

      let config: ClientConfig;
      let headers: Record<string, string>;
      if (opts.apiKeyStdin) {
        const key = await readSecret({ fromStdin: true, flag: '--api-key-stdin', question: '' });
        if (!key) throw new UsageError('standard input held no API key');
        headers = { 'x-api-key': key };
        config = { url, api_key: key };
      } else {
        const username = await usernameOf(opts, stored);
        const password = await readSecret({ fromStdin: opts.passwordStdin === true, flag: '--password-stdin', question: `password for ${username}: ` });
        if (!password) throw new UsageError('no password given');
        const token = await anonymous.request<{ access_token: string; expires_in: number }>('POST', '/token', {
          form: { grant_type: 'password', username, password },
        });
        headers = { authorization: `Bearer ${token.access_token}` };
        config = { url, username, token: token.access_token, token_expires_at: new Date(Date.now() + token.expires_in * 1000).toISOString() };
      }
      // Checked before it is kept: a mistyped key or a server that is not runledger stops here.
      const me = await new ApiClient({ url, headers, source: 'flag', configFile: file }).get<WhoAmI>('/me');
      await writeConfig(file, config);
      const until = config.token_expires_at ? `; the token is valid until ${config.token_expires_at.replace(/\.\d{3}Z$/, 'Z')}` : '';
      process.stderr.write(`runledger: signed in to ${url} as ${me.username} (${me.role})${until}; saved in ${file}\n`);
    }),
  );

  withConnection(program.command('logout').description('forget the token or API key kept in the config file')).action(
    action(async (opts: { config?: string }) => {
      const file = configPath(process.env, opts.config);
      const { token: _token, token_expires_at: _expires, api_key: _key, ...rest } = await readConfig(file);
      await writeConfig(file, rest);
      process.stderr.write(`runledger: signed out (credentials removed from ${file})\n`);
    }),
  );
}
