// /catalog/$kind/new and /catalog/$kind/$id/edit: a form drawn from the request body schema /openapi.json
// gives for POST or PUT of the kind. The server is the one validator: its 400 is shown beside the fields it
// names, and an edit is sent with If-Match so it cannot overwrite a change made since the form was loaded.
import { useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams, Link } from '@tanstack/react-router';
import Form from '@rjsf/core';
import validator from '@rjsf/validator-ajv8';
import type { RJSFSchema } from '@rjsf/utils';
import { ApiError } from '../../api/client';
import { hasRole, useAuth } from '../../auth';
import { ErrorNote, Loading } from '../../components/errors';
import { FaultSummary } from './fault-summary';
import { templates } from './form-templates';
import { formSchema, uiSchemaFor } from './form-ui';
import { widgets } from './form-widgets';
import { isEditableKind, kindInfo } from './kinds';
import { registrySchema, useOpenApi, type FormMode } from './openapi';
import { Crumbs, UnknownKind } from './parts';
import { bodyOf, createItem, replaceItem, useItem, type Tagged } from './registry-api';
import { fieldFaults, rjsfId, schemaHasPath, toErrorSchema } from './server-errors';
import type { RegistryItem, RegistryKind } from './types';

export function ItemFormPage({ mode }: { mode: FormMode }) {
  const params = useParams({ strict: false });
  const kind = params.kind ?? '';
  const { me } = useAuth();
  if (!isEditableKind(kind)) return <UnknownKind kind={kind} />;
  if (!hasRole(me, 'writer')) {
    return (
      <section className="catalog" aria-labelledby="form-title">
        <Crumbs kind={kind} />
        <h1 id="form-title">{mode === 'create' ? `New ${kindInfo(kind).one}` : `Edit ${kindInfo(kind).one}`}</h1>
        <p className="notice">Changing the registry needs the writer role; yours is {me?.role}.</p>
      </section>
    );
  }
  return mode === 'create' ? <SchemaForm kind={kind} mode="create" /> : <EditLoader kind={kind} id={params.id ?? ''} />;
}

function EditLoader({ kind, id }: { kind: RegistryKind; id: string }) {
  const found = useItem(kind, id);
  if (found.isPending) return <Loading what={kindInfo(kind).one} />;
  if (found.isError) return <ErrorNote error={found.error} />;
  // A new ETag (after "load the latest") starts the form afresh from that version.
  return <SchemaForm key={found.data.etag ?? found.data.item.version} kind={kind} mode="edit" current={found.data} onReload={() => void found.refetch()} />;
}

interface SchemaFormProps {
  kind: RegistryKind;
  mode: FormMode;
  current?: Tagged<RegistryItem>;
  onReload?: () => void;
}

function SchemaForm({ kind, mode, current, onReload }: SchemaFormProps) {
  const info = kindInfo(kind);
  const doc = useOpenApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [formData, setFormData] = useState<Record<string, unknown>>(() => (current ? bodyOf(current.item) : {}));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  const schema = useMemo(() => (doc.data ? registrySchema(doc.data, kind, mode) : undefined), [doc.data, kind, mode]);
  const uiSchema = useMemo(() => (schema ? uiSchemaFor(schema) : {}), [schema]);
  const faults = useMemo(() => (schema ? fieldFaults(error, (p) => schemaHasPath(schema, p)) : []), [error, schema]);

  const title = current ? `Edit ${current.item.display_name}` : `New ${info.one}`;
  const head = (
    <>
      <Crumbs kind={kind} {...(current ? { item: { id: current.item.id, name: current.item.display_name } } : {})} />
      <div className="page-head">
        <h1 id="form-title">{title}</h1>
        {schema?.description && <p className="muted">{schema.description}</p>}
      </div>
    </>
  );
  if (doc.isPending) return <Loading what="the API's schemas" />;
  if (doc.isError || !schema) {
    return (
      <section className="catalog" aria-labelledby="form-title">
        {head}
        {doc.isError ? <ErrorNote error={doc.error} /> : <p className="error">The API describes no request body for this form.</p>}
      </section>
    );
  }

  const submit = async (data: Record<string, unknown>) => {
    setSaving(true);
    setError(null);
    try {
      const saved = current ? (await replaceItem(kind, current.item.id, data, current.etag, reason)).item : await createItem(kind, data);
      await queryClient.invalidateQueries({ queryKey: ['registry', kind] });
      await navigate({ to: '/catalog/$kind/$id', params: { kind, id: saved.id }, search: {} });
    } catch (err) {
      setError(err);
      setSaving(false);
    }
  };

  const stale = error instanceof ApiError && error.status === 412;
  return (
    <section className="catalog" aria-labelledby="form-title">
      {head}
      <div className="split form-split">
        <div className="panel schema-form">
          {error !== null && (
            <FaultSummary error={error} faults={faults.map((f) => ({ ...f, target: rjsfId(f.path) }))} what={info.one} verb={current ? 'save' : 'create'}>
              {stale && onReload && (
                <p>
                  Someone saved a newer version since this form was loaded.{' '}
                  <button type="button" onClick={onReload}>
                    Load the latest version
                  </button>{' '}
                  (your changes here are discarded).
                </p>
              )}
            </FaultSummary>
          )}
          <Form<Record<string, unknown>, RJSFSchema>
            schema={formSchema(schema)}
            uiSchema={uiSchema}
            formData={formData}
            validator={validator}
            templates={templates}
            widgets={widgets}
            noValidate
            noHtml5Validate
            showErrorList={false}
            extraErrors={toErrorSchema(faults)}
            onChange={(e) => setFormData(e.formData ?? {})}
            onSubmit={(e) => void submit(e.formData ?? {})}
            disabled={saving}
          >
            <div className="form-footer">
              {current && (
                <label className="reason">
                  Reason for the change <span className="muted">(kept in the version history)</span>
                  <input type="text" value={reason} onChange={(e) => setReason(e.target.value)} size={48} />
                </label>
              )}
              <div className="form-buttons">
                <button type="submit" className="primary" disabled={saving}>
                  {saving ? 'Saving…' : current ? 'Save changes' : `Create ${info.one}`}
                </button>
                {current ? (
                  <Link to="/catalog/$kind/$id" params={{ kind, id: current.item.id }} search={{}} className="button">
                    Cancel
                  </Link>
                ) : (
                  <Link to="/catalog/$kind" params={{ kind }} search={{}} className="button">
                    Cancel
                  </Link>
                )}
              </div>
            </div>
          </Form>
        </div>
        <aside className="panel form-aside" aria-labelledby="about-form">
          <h2 id="about-form">About this form</h2>
          <p>
            Drawn from the schema the API publishes for <code>{current ? `PUT /registry/${kind}/{id}` : `POST /registry/${kind}`}</code>. The
            server checks what you send; anything it refuses is shown beside the field it names.
          </p>
          {current && (
            <p>
              Editing <strong>v{current.item.version}</strong>
              {current.etag && (
                <>
                  {' '}
                  (sent as <code>If-Match: {current.etag}</code>)
                </>
              )}
              : if someone saves a newer version first, the server refuses this one rather than overwrite theirs.
            </p>
          )}
        </aside>
      </div>
    </section>
  );
}
