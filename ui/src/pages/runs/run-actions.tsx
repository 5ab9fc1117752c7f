// What can be done to a run from its page: cancel or re-trigger (triggered runs, writers), download its PROV
// document, open its lineage.
import { LineageLink } from '../../components/links';
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { api, request } from '../../api/client';
import type { Run } from '../../api/types';
import { hasRole, useAuth } from '../../auth';
import { ErrorNote } from '../../components/errors';

export function RunActions({ run }: { run: Run }) {
  const { me } = useAuth();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [downloadError, setDownloadError] = useState<unknown>(null);
  const writer = hasRole(me, 'writer');
  const triggered = run.kind === 'triggered';
  const underWay = run.status === 'PENDING' || run.status === 'RUNNING';

  const cancel = useMutation({
    mutationFn: () => api<Run>(`/model-runs/${run.id}/cancel`, { method: 'POST' }),
    onSuccess: (updated) => queryClient.setQueryData(['run', run.id], updated),
  });
  const retrigger = useMutation({
    mutationFn: () =>
      api<Run>('/model-runs', {
        body: {
          project_name: run.project_name,
          ...(run.model_names?.length ? { model_names: run.model_names } : {}),
          full_refresh: run.full_refresh,
          ...(run.vars ? { vars: run.vars } : {}),
        },
      }),
    onSuccess: (created) => void navigate({ to: '/runs/$runId', params: { runId: created.id } }),
  });

  async function downloadProv() {
    setDownloadError(null);
    try {
      // A link cannot carry the bearer token: fetch, then hand the browser the blob.
      const blob = await (await request(`/model-runs/${run.id}/prov`)).blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `run-${run.id}.prov.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setDownloadError(err);
    }
  }

  return (
    <div className="actions">
      {triggered && writer && underWay && (
        <button type="button" className="danger" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
          {cancel.isPending ? 'Cancelling…' : 'Cancel run'}
        </button>
      )}
      {triggered && writer && !underWay && (
        <button type="button" disabled={retrigger.isPending} onClick={() => retrigger.mutate()}>
          Run again
        </button>
      )}
      <button type="button" onClick={() => void downloadProv()}>
        Download PROV
      </button>
      <LineageLink className="button" start={run.id}>
        Open lineage
      </LineageLink>
      <ErrorNote error={cancel.error ?? retrigger.error ?? downloadError} />
    </div>
  );
}
