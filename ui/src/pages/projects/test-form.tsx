// Adding a test to a model: the fields a test type takes, sent as the server's NewModelTest.
import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { ErrorNote } from '../../components/errors';
import { TEST_TYPES, type Model, type ModelTest, type NewModelTest, type TestType } from './model-types';
import { modelPath } from './queries';

export function TestForm({ model, onDone }: { model: Model; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [type, setType] = useState<TestType>('not_null');
  const create = useMutation({
    mutationFn: (body: NewModelTest) => api<ModelTest>(`${modelPath(model.project_name, model.name)}/tests`, { body }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['model-tests', model.project_name, model.name] });
      onDone();
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string) => String(form.get(name) ?? '').trim();
    const values = field('values')
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    const config = {
      ...(type === 'accepted_values' && values.length ? { values } : {}),
      ...(type === 'relationships' && field('to_model') ? { to_model: field('to_model') } : {}),
      ...(type === 'relationships' && field('to_column') ? { to_column: field('to_column') } : {}),
      ...(type === 'custom_sql' && field('custom_sql') ? { custom_sql: field('custom_sql') } : {}),
    };
    create.mutate({
      name: field('name'),
      test_type: type,
      ...(field('column') && type !== 'custom_sql' ? { column: field('column') } : {}),
      ...(Object.keys(config).length ? { config } : {}),
    });
  }

  return (
    <form className="panel test-form" onSubmit={submit} aria-label="New test">
      <div className="form-row">
        <label>
          Test name
          <input name="name" required />
        </label>
        <label>
          Type
          <select value={type} onChange={(e) => setType(e.target.value as TestType)}>
            {TEST_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        {type !== 'custom_sql' && (
          <label>
            Column
            <input name="column" required className="mono" />
          </label>
        )}
      </div>
      {type === 'accepted_values' && (
        <label>
          Accepted values (comma-separated)
          <input name="values" required />
        </label>
      )}
      {type === 'relationships' && (
        <div className="form-row">
          <label>
            Referenced model
            <input name="to_model" required className="mono" />
          </label>
          <label>
            Referenced column
            <input name="to_column" required className="mono" />
          </label>
        </div>
      )}
      {type === 'custom_sql' && (
        <label>
          SQL returning the failing rows
          <textarea name="custom_sql" required rows={3} className="mono" />
        </label>
      )}
      <ErrorNote error={create.error} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          Add test
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
