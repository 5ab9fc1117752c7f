// `runledger users …` and `runledger api-keys …`: account management for admins, through /users and /api-keys.
import type { Command } from 'commander';
import { isUuid } from '../../domain/ids.js';
import { ROLES } from '../../domain/roles.js';
import type { ApiClient } from '../client/api.js';
import { action, choice, clientFor, withConnection, withJson } from '../client/command.js';
import { CliError, UsageError } from '../client/errors.js';
import { printJson, printTable, shortTime } from '../client/output.js';
import { readSecret } from '../client/prompt.js';

interface User {
  id: string;
  username: string;
  role: string;
  disabled: boolean;
  created_at: string;
}

interface ApiKey {
  id: string;
  name: string;
  role: string;
  created_by: string | null;
  created_at: string;
  revoked_at: string | null;
  key?: string;
}

interface Flags {
  url?: string;
  config?: string;
  json?: boolean;
}

async function listAll<T>(client: ApiClient, path: string): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const page = await client.get<{ data: T[]; next_page_token?: string }>(path, { max_results: 1000, page_token: token });
    all.push(...page.data);
    token = page.next_page_token;
  } while (token);
  return all;
}

/** A user's id from an id or a username. */
async function userId(client: ApiClient, user: string): Promise<string> {
  if (isUuid(user)) return user;
  const found = (await listAll<User>(client, '/users')).find((u) => u.username === user);
  if (!found) throw new CliError(`no user named "${user}"`);
  return found.id;
}

const printUser = (user: User, json: boolean | undefined) =>
  json ? printJson(user) : process.stdout.write(`${user.id}  ${user.username}  ${user.role}${user.disabled ? '  disabled' : ''}\n`);

function registerUsers(program: Command): void {
  const users = program.command('users').description('user accounts (admin)');

  withJson(withConnection(users.command('list').description('list users'))).action(
    action(async (opts: Flags) => {
      const all = await listAll<User>(await clientFor(opts), '/users');
      if (opts.json) return printJson(all);
      printTable(all, [
        { header: 'ID', value: (u) => u.id },
        { header: 'USERNAME', value: (u) => u.username },
        { header: 'ROLE', value: (u) => u.role },
        { header: 'DISABLED', value: (u) => (u.disabled ? 'yes' : '') },
        { header: 'CREATED', value: (u) => shortTime(u.created_at) },
      ]);
    }),
  );

  withJson(withConnection(users.command('create <username>').description('create a user; prints its id')))
    .addOption(choice('-r, --role <role>', 'reader, writer or admin', ROLES).makeOptionMandatory())
    .option('--password-stdin', 'read the password (12 characters or more) from the first line of standard input')
    .action(
      action(async (username: string, opts: Flags & { role: string; passwordStdin?: boolean }) => {
        const password = await readSecret({ fromStdin: opts.passwordStdin === true, flag: '--password-stdin', question: `password for ${username}: ` });
        const user = await (await clientFor(opts)).post<User>('/users', { username, password, role: opts.role });
        if (opts.json) printJson(user);
        else process.stdout.write(`${user.id}\n`);
      }),
    );

  withJson(withConnection(users.command('set-role <user> <role>').description("change a user's role (user: id or username)"))).action(
    action(async (user: string, role: string, opts: Flags) => {
      if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`role must be one of ${ROLES.join(', ')}, not "${role}"`);
      const client = await clientFor(opts);
      printUser(await client.request<User>('PATCH', `/users/${await userId(client, user)}`, { json: { role } }), opts.json);
    }),
  );

  for (const [name, disabled] of [['disable', true], ['enable', false]] as const) {
    withJson(withConnection(users.command(`${name} <user>`).description(`${name} a user's sign-in (user: id or username)`))).action(
      action(async (user: string, opts: Flags) => {
        const client = await clientFor(opts);
        printUser(await client.request<User>('PATCH', `/users/${await userId(client, user)}`, { json: { disabled } }), opts.json);
      }),
    );
  }
}

function registerApiKeys(program: Command): void {
  const keys = program.command('api-keys').description('API keys (admin)');

  withJson(withConnection(keys.command('list').description('list API keys (never the keys themselves)'))).action(
    action(async (opts: Flags) => {
      const all = await listAll<ApiKey>(await clientFor(opts), '/api-keys');
      if (opts.json) return printJson(all);
      printTable(all, [
        { header: 'ID', value: (k) => k.id },
        { header: 'NAME', value: (k) => k.name },
        { header: 'ROLE', value: (k) => k.role },
        { header: 'CREATED', value: (k) => shortTime(k.created_at) },
        { header: 'REVOKED', value: (k) => shortTime(k.revoked_at) },
      ]);
    }),
  );

  withJson(withConnection(keys.command('create <name>').description('create an API key; prints the key, which is shown this once')))
    .addOption(choice('-r, --role <role>', 'reader, writer or admin', ROLES).makeOptionMandatory())
    .action(
      action(async (name: string, opts: Flags & { role: string }) => {
        const key = await (await clientFor(opts)).post<ApiKey>('/api-keys', { name, role: opts.role });
        if (opts.json) return printJson(key);
        process.stdout.write(`${key.key}\n`);
        process.stderr.write(`runledger: created API key ${key.id} (${key.role}); keep the key now, it is not shown again\n`);
      }),
    );

  withConnection(keys.command('revoke <id>').description('revoke an API key')).action(
    action(async (id: string, opts: Flags) => {
      await (await clientFor(opts)).request('DELETE', `/api-keys/${encodeURIComponent(id)}`);
      process.stderr.write(`runledger: revoked API key ${id}\n`);
    }),
  );
}

export function registerAccounts(program: Command): void {
  registerUsers(program);
  registerApiKeys(program);
}
