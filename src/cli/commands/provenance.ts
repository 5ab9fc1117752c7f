// `runledger lineage <id>` (the PROV graph around any id, as a tree) and `runledger prov export <id>`.
import fs from 'node:fs/promises';
import type { Command } from 'commander';
import { toProvN } from '../../prov/prov-n.js';
import { toTurtle } from '../../prov/prov-turtle.js';
import { action, choice, clientFor, positiveInt, withConnection, withJson } from '../client/command.js';
import { renderLineageTree, type Direction, type LineageAnswer } from '../client/lineage-tree.js';
import { printJson } from '../client/output.js';

const DIRECTIONS = ['upstream', 'downstream', 'both'] as const;
const FORMATS = ['json', 'provn', 'turtle'] as const;

interface LineageOptions {
  url?: string;
  config?: string;
  json?: boolean;
  depth?: number;
  direction: (typeof DIRECTIONS)[number];
}

export function registerProvenance(program: Command): void {
  withJson(
    withConnection(
      program
        .command('lineage <id>')
        .description('the lineage around a run, dataset, item or agent, as a tree (upstream: what it came from; downstream: what it fed)'),
    ),
  )
    .option('-d, --depth <n>', 'edges to follow from the start, 1 to 10 (default 2)', positiveInt('--depth', 10))
    .addOption(choice('--direction <direction>', 'upstream, downstream or both', DIRECTIONS).default('upstream'))
    .action(
      action(async (id: string, opts: LineageOptions) => {
        const client = await clientFor(opts);
        const directions: Direction[] = opts.direction === 'both' ? ['upstream', 'downstream'] : [opts.direction];
        const answers = new Map<Direction, LineageAnswer>();
        for (const direction of directions) {
          answers.set(direction, await client.get<LineageAnswer>(`/explore/${direction}`, { starting_id: id, depth: opts.depth }));
        }
        if (opts.json) return printJson(opts.direction === 'both' ? Object.fromEntries(answers) : answers.get(opts.direction));
        const trees = directions.map((d) => `${directions.length > 1 ? `${d}:\n` : ''}${renderLineageTree(answers.get(d)!, id, d)}`);
        process.stdout.write(`${trees.join('\n\n')}\n`);
      }),
    );

  const prov = program.command('prov').description('provenance documents');
  withConnection(prov.command('export <id>').description("a run's W3C PROV document: PROV-JSON as the server keeps it, PROV-N, or PROV-O Turtle"))
    .addOption(choice('-f, --format <format>', 'json, provn or turtle', FORMATS).default('json'))
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action(
      action(async (id: string, opts: { url?: string; config?: string; format: (typeof FORMATS)[number]; output?: string }) => {
        const doc = await (await clientFor(opts)).get<Record<string, unknown>>(`/model-runs/${encodeURIComponent(id)}/prov`);
        const text = opts.format === 'provn' ? toProvN(doc) : opts.format === 'turtle' ? toTurtle(doc) : `${JSON.stringify(doc, null, 2)}\n`;
        if (opts.output) await fs.writeFile(opts.output, text);
        else process.stdout.write(text);
      }),
    );
}
