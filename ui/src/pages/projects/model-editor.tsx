// Editing a model (writers): SQL, materialization, description and tags, sent as a PATCH of what changed
// with the ETag the page read as If-Match, so an edit made meanwhile by someone else is not overwritten.
// The page keys the editor by that ETag: loading the other person's version starts the edit over from it.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, request } from '../../api/client';
import { CodeView } from '../../components/code-view';
import { ErrorNote } from '../../components/errors';
import type { Model, ModelPatch } from './model-types';
import { MATERIALIZATIONS } from './model-types';
import { modelKey, modelPath, type TaggedModel } from './queries';

/** The members of the edit that differ from the model: the PATCH body. */
export function patchOf(model: Model, edit: { sql: string; materialization: Model['materialization']; description: string; tags: string[] }): ModelPatch {
  return {
    ...(edit.sql !== model.sql ? { sql: edit.sql } : {}),
    ...(edit.materialization !== model.materialization ? { materialization: edit.materialization } : {}),
    ...(edit.description !== model.description ? { description: edit.description } : {}),
    ...(edit.tags.join('\n') !== model.tags.join('\n') ? { tags: edit.tags } : {}),
  };
}

export function ModelEditor({ tagged, onDone }: { tagged: TaggedModel; onDone: () => void }) {
  const { model, etag } = tagged;
  const queryClient = useQueryClient();
  const [sql, setSql] = useState(model.sql);
  const [materialization, setMaterialization] = useState(model.materialization);
  const [description, setDescription] = useState(model.description);
  const [tags, setTags] = useState(model.tags.join(', '));
  const [nothing, setNothing] = useState(false);
  const key = modelKey(model.project_name, model.name);
  const save = useMutation({
    mutationFn: async (patch: ModelPatch): Promise<TaggedModel> => {
      const res = await request(modelPath(model.project_name, model.name), { method: 'PATCH', body: patch, headers: etag ? { 'if-match': etag } : {} });
      return { etag: res.headers.get('etag'), model: (await res.json()) as Model };
    },
    onSuccess: async (saved) => {
      queryClient.setQueryData(key, saved);
      await queryClient.invalidateQueries({ queryKey: ['projects-models'] });
      onDone();
    },
  });
  const stale = save.error instanceof ApiError && save.error.status === 412;

  function submit(event: FormEvent) {
    event.preventDefault();
    const tagList = tags
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    const patch = patchOf(model, { sql, materialization, description, tags: tagList });
    setNothing(Object.keys(patch).length === 0);
    if (Object.keys(patch).length) save.mutate(patch);
  }

  return (
    <form className="panel model-editor" onSubmit={submit} aria-labelledby="edit-title">
      <h2 id="edit-title">Edit the model</h2>
      <CodeView code={sql} label={`SQL of ${model.name}, editable`} onChange={setSql} />
      <div className="form-row">
        <label>
          Materialization
          <select value={materialization} onChange={(e) => setMaterialization(e.target.value as Model['materialization'])}>
            {MATERIALIZATIONS.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <label>
          Tags (comma-separated)
          <input value={tags} onChange={(e) => setTags(e.target.value)} />
        </label>
      </div>
      <label>
        Description
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} />
      </label>
      {nothing && <p role="status">Nothing changed.</p>}
      <ErrorNote error={save.error} />
      {stale && (
        <p className="notice">
          Someone changed this model after you opened it. Load their version to edit it (your edits here are dropped), or cancel.
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
        {stale && (
          <button type="button" onClick={() => void queryClient.invalidateQueries({ queryKey: key })}>
            Load their version
          </button>
        )}
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
