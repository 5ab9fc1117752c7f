// SQL macros: every change of a definition is checked by DuckDB and kept as an immutable revision.
import { Errors, fail } from '../domain/errors.js';
import { diffMacroRevisions, isContentChange, isDefinitionChange, macroContentHash, type MacroContent } from '../domain/macro-revisions.js';
import type {
  MacroImpactModel,
  MacroPatch,
  MacroRevisionDiff,
  MacroRevisionView,
  MacroStatus,
  MacroType,
  MacroView,
  MacroVisibility,
  NewMacro,
} from '../domain/macros.js';
import { decodeStringsKey, decodeTextKey, toPage, type Page } from '../domain/pagination.js';
import { checkMacroDefinition } from '../engine/macro-check.js';
import {
  deleteMacro,
  findMacro,
  findMacroFolded,
  findMacroRevision,
  insertMacro,
  insertMacroRevision,
  latestMacroVersion,
  listMacroDefinitions,
  listMacroRevisions,
  listMacroUsagesAsOf,
  lockMacro,
  pageMacroUsages,
  pageMacros as pageMacroRows,
  updateMacro,
  type MacroRevisionRow,
  type MacroRow,
  type MacroUsageRow,
} from '../store/macros.js';
import type { Tx } from '../store/schema.js';
import type { Principal, ServiceContext } from './context.js';

// Reads leave out what is empty, as the platform does.
const text = <K extends string>(key: K, value: string | null) => (value ? ({ [key]: value } as Record<K, string>) : {});
const list = <K extends string, T>(key: K, value: readonly T[]) => (value.length > 0 ? ({ [key]: [...value] } as Record<K, T[]>) : {});

function toMacroView(row: MacroRow): MacroView {
  const visibility = row.visibility as MacroVisibility;
  const status = row.status as MacroStatus;
  return {
    id: row.id,
    name: row.name,
    macro_type: row.macro_type as MacroType,
    ...list('parameters', row.parameters),
    body: row.body,
    description: row.description,
    ...text('catalog_name', row.catalog_name),
    ...text('project_name', row.project_name),
    ...(visibility ? { visibility } : {}),
    ...text('owner', row.owner),
    ...(Object.keys(row.properties).length > 0 ? { properties: row.properties } : {}),
    ...list('tags', row.tags),
    ...(status ? { status } : {}),
    ...text('created_by', row.created_by),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

function toRevisionView(macroName: string, row: MacroRevisionRow): MacroRevisionView {
  const status = row.status as MacroStatus;
  return {
    id: row.id,
    macro_name: macroName,
    version: row.version,
    content_hash: row.content_hash,
    ...list('parameters', row.parameters),
    body: row.body,
    description: row.description,
    ...(status ? { status } : {}),
    ...text('created_by', row.created_by),
    created_at: row.created_at.toISOString(),
  };
}

function toImpactModel(row: MacroUsageRow): MacroImpactModel {
  return {
    model_name: `${row.project_name}.${row.model_name}`,
    ...text('target_schema', row.target_schema),
    target_table: `${row.project_name}.${row.target_schema}.${row.model_name}`,
    last_seen_at: row.last_seen_at.toISOString(),
  };
}

async function requireMacro(ctx: ServiceContext, name: string): Promise<MacroRow> {
  return (await findMacro(ctx.db, name)) ?? fail(Errors.notFound, `no macro "${name}"`);
}

/** DuckDB's verdict on a definition, with every other stored macro defined first so that it may call them. */
async function checkWithOthers(tx: Tx, macro: Pick<MacroRow, 'name' | 'macro_type' | 'body'> & { parameters: readonly string[] }): Promise<void> {
  const others = (await listMacroDefinitions(tx)).filter((m) => m.name.toLowerCase() !== macro.name.toLowerCase());
  await checkMacroDefinition(macro, others);
}

async function addRevision(ctx: ServiceContext, tx: Tx, macro: MacroRow, principal: Principal | null): Promise<void> {
  const content: MacroContent = { parameters: macro.parameters, body: macro.body, description: macro.description, status: macro.status };
  await insertMacroRevision(tx, {
    id: ctx.newId(),
    macro_id: macro.id,
    version: (await latestMacroVersion(tx, macro.id)) + 1,
    content_hash: macroContentHash(content),
    ...content,
    created_by: principal?.id ?? null,
    created_at: macro.updated_at,
  });
}

export async function createMacro(ctx: ServiceContext, input: NewMacro, principal: Principal | null): Promise<MacroView> {
  const now = ctx.now();
  const row = await ctx.db.transaction().execute(async (tx) => {
    const macro = { name: input.name, macro_type: input.macro_type ?? 'SCALAR', parameters: input.parameters ?? [], body: input.body };
    await checkWithOthers(tx, macro);
    const inserted = await insertMacro(tx, {
      ...macro,
      id: ctx.newId(),
      description: input.description ?? '',
      catalog_name: input.catalog_name ?? null,
      project_name: input.project_name ?? null,
      visibility: input.visibility ?? 'project',
      owner: input.owner ?? null,
      properties: input.properties ?? {},
      tags: input.tags ?? [],
      status: input.status ?? 'ACTIVE',
      created_by: principal?.id ?? null,
      created_at: now,
      updated_at: now,
    });
    if (!inserted) {
      const taken = await findMacroFolded(tx, input.name);
      fail(Errors.conflict, taken && taken.name !== input.name ? `macro "${taken.name}" already exists, and DuckDB does not tell "${input.name}" from it` : `macro "${input.name}" already exists`);
    }
    await addRevision(ctx, tx, inserted, principal);
    return inserted;
  });
  return toMacroView(row);
}

export async function getMacro(ctx: ServiceContext, name: string): Promise<MacroView> {
  return toMacroView(await requireMacro(ctx, name));
}

export async function pageMacros(ctx: ServiceContext, limit: number, pageToken: string | undefined): Promise<Page<MacroView>> {
  const after = pageToken === undefined ? undefined : decodeTextKey(pageToken);
  return toPage((await pageMacroRows(ctx.db, limit, after)).map(toMacroView), limit, (m) => [m.name]);
}

/** Absent leaves a field as it is; null empties it. */
const patched = <T>(value: T | null | undefined, empty: T, current: T): T => (value === undefined ? current : (value ?? empty));

export async function patchMacro(ctx: ServiceContext, name: string, patch: MacroPatch, principal: Principal | null): Promise<MacroView> {
  const row = await ctx.db.transaction().execute(async (tx) => {
    const current = (await lockMacro(tx, name)) ?? fail(Errors.notFound, `no macro "${name}"`);
    const next = {
      body: patch.body ?? current.body,
      description: patched(patch.description, '', current.description),
      parameters: patched(patch.parameters, [], current.parameters),
      status: patch.status ?? current.status,
      catalog_name: patched(patch.catalog_name, null, current.catalog_name),
      project_name: patched(patch.project_name, null, current.project_name),
      visibility: patch.visibility ?? current.visibility,
      owner: patched(patch.owner, null, current.owner),
      properties: patched(patch.properties, {}, current.properties),
      tags: patched(patch.tags, [], current.tags),
      updated_at: ctx.now(),
    };
    if (isDefinitionChange(current, next)) await checkWithOthers(tx, { ...current, ...next });
    const updated = await updateMacro(tx, current.id, next);
    if (isContentChange(current, next)) await addRevision(ctx, tx, updated, principal);
    return updated;
  });
  return toMacroView(row);
}

export async function removeMacro(ctx: ServiceContext, name: string): Promise<void> {
  const deleted = await ctx.db.transaction().execute((tx) => deleteMacro(tx, name));
  if (!deleted) fail(Errors.notFound, `no macro "${name}"`);
}

export async function listRevisions(ctx: ServiceContext, name: string): Promise<{ data: MacroRevisionView[] }> {
  const macro = await requireMacro(ctx, name);
  return { data: (await listMacroRevisions(ctx.db, macro.id)).map((r) => toRevisionView(macro.name, r)) };
}

export async function diffRevisions(ctx: ServiceContext, name: string, fromVersion: number, toVersion: number): Promise<MacroRevisionDiff> {
  const macro = await requireMacro(ctx, name);
  const revision = async (version: number) =>
    (await findMacroRevision(ctx.db, macro.id, version)) ?? fail(Errors.notFound, `macro "${name}" has no version ${version}`);
  const from = await revision(fromVersion);
  const to = await revision(toVersion);
  // As the platform: the models the macro had reached when each revision was made.
  const impactAsOf = async (rev: MacroRevisionRow) => (await listMacroUsagesAsOf(ctx.db, name, rev.created_at)).map(toImpactModel);
  return diffMacroRevisions(name, toRevisionView(name, from), toRevisionView(name, to), { from: await impactAsOf(from), to: await impactAsOf(to) });
}

export async function macroImpact(ctx: ServiceContext, name: string, limit: number, pageToken: string | undefined): Promise<Page<MacroImpactModel>> {
  await requireMacro(ctx, name);
  const after = pageToken === undefined ? undefined : (decodeStringsKey(pageToken, 3) as [string, string, string]);
  const page = toPage(await pageMacroUsages(ctx.db, name, limit, after), limit, (r) => [r.project_name, r.model_name, r.target_schema]);
  return { ...page, data: page.data.map(toImpactModel) };
}
