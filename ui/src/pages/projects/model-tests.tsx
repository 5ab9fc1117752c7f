// A model's tests, each with its result in the newest run that built the model; writers add and delete them.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { TestResult } from '../../api/types';
import { ErrorNote, Loading } from '../../components/errors';
import { StatusBadge } from '../../components/status';
import { RunLink } from '../../components/links';
import type { Model, ModelTest } from './model-types';
import { modelPath, useModelTests, type LatestStep } from './queries';
import { TestForm } from './test-form';

interface Props {
  model: Model;
  latest: LatestStep | null;
  latestPending: boolean;
  canEdit: boolean;
}

export function ModelTests({ model, latest, latestPending, canEdit }: Props) {
  const tests = useModelTests(model.project_name, model.name);
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState(false);
  const remove = useMutation({
    mutationFn: (test: ModelTest) => api<void>(`${modelPath(model.project_name, model.name)}/tests/${encodeURIComponent(test.id)}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['model-tests', model.project_name, model.name] }),
  });
  const resultOf = (test: ModelTest): TestResult | undefined =>
    latest?.results.find((r) => r.test_id === test.id) ?? latest?.results.find((r) => r.test_name === test.name);

  return (
    <section aria-labelledby="tests-title">
      <div className="section-head">
        <h2 id="tests-title">Tests</h2>
        {canEdit && !adding && (
          <button type="button" onClick={() => setAdding(true)}>
            Add a test
          </button>
        )}
      </div>
      <p className="muted small">
        {latest ? (
          <>
            Results from the latest run that built this model: <RunLink runId={latest.run.id}>{latest.run.display_name}</RunLink>{' '}
            <StatusBadge status={latest.run.status} />
          </>
        ) : latestPending ? (
          'Looking for the latest results…'
        ) : (
          'No run has built this model yet.'
        )}
      </p>
      {adding && <TestForm model={model} onDone={() => setAdding(false)} />}
      {tests.isPending && <Loading what="tests" />}
      <ErrorNote error={tests.error} />
      <ErrorNote error={remove.error} />
      {tests.data && tests.data.length === 0 && <p className="muted">No tests.</p>}
      {tests.data && tests.data.length > 0 && (
        <table className="data tests-table">
          <thead>
            <tr>
              <th scope="col">Test</th>
              <th scope="col">Type</th>
              <th scope="col">Column</th>
              <th scope="col">Settings</th>
              <th scope="col">Latest result</th>
              {canEdit && (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {tests.data.map((test) => (
              <tr key={test.id}>
                <th scope="row">{test.name}</th>
                <td className="mono small">{test.test_type}</td>
                <td className="mono small">{test.column ?? <span className="muted">—</span>}</td>
                <td className="small">
                  <TestSettings test={test} />
                </td>
                <td>
                  <ResultCell result={resultOf(test)} ran={latest !== null} />
                </td>
                {canEdit && (
                  <td>
                    <button type="button" className="danger small-button" disabled={remove.isPending} onClick={() => remove.mutate(test)}>
                      Delete<span className="visually-hidden"> test {test.name}</span>
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function TestSettings({ test }: { test: ModelTest }) {
  const c = test.config;
  if (!c) return <span className="muted">—</span>;
  return (
    <>
      {c.values && <div>values: {c.values.join(', ')}</div>}
      {c.to_model && (
        <div>
          references <span className="mono">{c.to_model}{c.to_column ? `.${c.to_column}` : ''}</span>
        </div>
      )}
      {c.custom_sql && <pre className="sql-snippet">{c.custom_sql}</pre>}
    </>
  );
}

function ResultCell({ result, ran }: { result: TestResult | undefined; ran: boolean }) {
  if (!result) return <span className="muted">{ran ? 'not run' : '—'}</span>;
  return (
    <>
      <StatusBadge status={result.status} />
      {result.rows_returned !== undefined && result.rows_returned > 0 && <span className="small"> {result.rows_returned} failing {result.rows_returned === 1 ? 'row' : 'rows'}</span>}
      {result.error_message && <div className="small error-text">{result.error_message}</div>}
    </>
  );
}
