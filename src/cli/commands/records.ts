// `runledger register <record.json>` (one record, POST /model_run/register_complete) and
// `runledger import <file>` (many, through POST /model-runs/batch).
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { action, choice, clientFor, positiveInt, withConnection, withJson } from '../client/command.js';
import { configPath } from '../client/config.js';
import { CliError } from '../client/errors.js';
import { importFile, type ImportSummary } from '../client/import/importer.js';
import { formatOf } from '../client/import/rows.js';
import { printJson } from '../client/output.js';
import { readStdin } from '../stdin.js';

interface ImportFlags {
  url?: string;
  config?: string;
  json?: boolean;
  format?: string;
  batchSize: number;
  concurrency: number;
  report?: string;
  restart?: boolean;
}

const count = (n: number) => n.toLocaleString('en-US');

function describe(summary: ImportSummary): string {
  const totals = `${count(summary.lodged)} lodged, ${count(summary.existing)} already lodged, ${count(summary.refused)} refused`;
  if (summary.already_imported) {
    return `${summary.file} was imported into this server before (${totals}); nothing sent. --restart sends every row again (rows lodged before are answered, not lodged twice)`;
  }
  const resumed = summary.resumed_after > 0 ? `, resumed after row ${count(summary.resumed_after)}` : '';
  return `${summary.interrupted ? 'interrupted after' : 'imported'} ${count(summary.rows)} rows of ${summary.file} in ${summary.seconds.toFixed(1)} s ` +
    `(${count(Math.round(summary.records_per_second))} rec/s${resumed}): ${totals}`;
}

export function registerRecords(program: Command): void {
  withJson(withConnection(program.command('register <record>').description('lodge one model run record (a register_complete body; - reads standard input); prints the new run id'))).action(
    action(async (file: string, opts: { url?: string; config?: string; json?: boolean }) => {
      const text = file === '-' ? await readStdin() : await fs.readFile(file, 'utf8').catch((e: Error) => {
        throw new CliError(`cannot read ${file}: ${e.message}`);
      });
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch (error) {
        throw new CliError(`${file} is not JSON: ${(error as Error).message}`);
      }
      const reply = await (await clientFor(opts)).post<{ record_info: { id: string } }>('/model_run/register_complete', record);
      if (opts.json) printJson(reply);
      else process.stdout.write(`${reply.record_info.id}\n`);
    }),
  );

  withJson(
    withConnection(
      program
        .command('import <file>')
        .description('lodge every record of a CSV or JSON Lines file in batches; resumable, refused rows written to a report'),
    ),
  )
    .addOption(choice('--format <format>', 'csv or jsonl (default: from the file name)', ['csv', 'jsonl']))
    .option('--batch-size <n>', 'records per request, up to 500', positiveInt('--batch-size', 500), 500)
    .option('--concurrency <n>', 'requests in flight at once', positiveInt('--concurrency', 16), 2)
    .option('--report <file>', 'where refused rows go (default: <file>.rejected.jsonl)')
    .option('--restart', 'ignore where an earlier run of this import stopped, and send every row again')
    .action(
      action(async (file: string, opts: ImportFlags) => {
        const format = formatOf(file, opts.format);
        const client = await clientFor(opts);
        let stopping = false;
        const stop = () => {
          // A second Ctrl-C does not wait for the batches in flight.
          if (stopping) process.exit(130);
          stopping = true;
          process.stderr.write('\nrunledger: stopping once the batches in flight are answered (Ctrl-C again to quit now)\n');
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
        const summary = await importFile(
          {
            client,
            file,
            format,
            batchSize: opts.batchSize,
            concurrency: opts.concurrency,
            reportFile: opts.report ?? `${file}.rejected.jsonl`,
            configDir: path.dirname(configPath(process.env, opts.config)),
            restart: opts.restart === true,
            tty: process.stderr.isTTY === true,
          },
          { stopping: () => stopping },
        );
        if (opts.json) printJson(summary);
        else process.stdout.write(`${describe(summary)}\n`);
        if (summary.interrupted) {
          process.stderr.write('runledger: interrupted; run the same command again to go on from there\n');
          process.exit(130);
        }
        if (summary.refused > 0) throw new CliError(`${count(summary.refused)} ${summary.refused === 1 ? 'row' : 'rows'} refused; each is in ${summary.report} with its line and reason`);
      }),
    );
}
