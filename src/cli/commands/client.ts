// The commands that speak to a runledger server over HTTP, as its users do: login, runs, lineage,
// provenance, records and accounts.
import type { Command } from 'commander';
import { registerAccounts } from './accounts.js';
import { registerLogin } from './login.js';
import { registerProvenance } from './provenance.js';
import { registerRecords } from './records.js';
import { registerRuns } from './runs.js';

/** The top-level names these commands take, so that running one need not load the server. */
export const CLIENT_COMMANDS: ReadonlySet<string> = new Set(['login', 'logout', 'runs', 'lineage', 'prov', 'register', 'import', 'users', 'api-keys']);

export function registerClientCommands(program: Command): void {
  registerLogin(program);
  registerRuns(program);
  registerProvenance(program);
  registerRecords(program);
  registerAccounts(program);
  const registered = program.commands.map((c) => c.name()).filter((name) => CLIENT_COMMANDS.has(name));
  if (registered.length !== CLIENT_COMMANDS.size) throw new Error('CLIENT_COMMANDS is out of step with the commands registered');
}
