// What every client command shares: --url and --config, the client they make, and how they stop on a CliError.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { ApiClient } from './api.js';
import { resolveConnection, type ConnectionFlags } from './config.js';
import { CliError } from './errors.js';

export interface JsonFlag {
  json?: boolean;
}

export function withConnection(command: Command): Command {
  return command
    .option('--url <base>', 'server base URL (env RUNLEDGER_URL; default: the one you logged in to, else http://localhost:8080)')
    .option('--config <file>', 'config file (env RUNLEDGER_CONFIG; default $XDG_CONFIG_HOME/runledger/config.json)');
}

export function withJson(command: Command): Command {
  return command.option('--json', 'print the server’s JSON instead of a table');
}

export async function clientFor(flags: ConnectionFlags): Promise<ApiClient> {
  return new ApiClient(await resolveConnection(process.env, flags));
}

/** Runs a command's body; a CliError ends the process with its one line and exit status. */
export function action<A extends unknown[]>(body: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await body(...args);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      process.stderr.write(`runledger: ${error.message}\n`);
      process.exit(error.exitCode);
    }
  };
}

/** A positive integer option; anything else is commander's usage error (exit status 2). */
export function positiveInt(name: string, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`${name} must be a whole number from 1 to ${max}.`);
    return n;
  };
}

/** An option limited to `values`, checked by commander (a usage error, exit status 2). */
export function choice(flags: string, description: string, values: readonly string[]): Option {
  return new Option(flags, description).choices(values);
}
