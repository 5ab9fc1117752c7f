// /projects: the models projects, from the model list grouped by project (the list is sorted by project,
// then name, so a project spans at most the end of one page and the start of the next).
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { ErrorNote, Loading } from '../../components/errors';
import { Pager } from '../../components/pager';
import { Time } from '../../components/status';
import { Chips } from './chips';
import type { Model } from './model-types';
import { useModelsPage } from './queries';
import './projects.css';

const route = getRouteApi('/projects');
const PAGE_SIZE = 500;

interface ProjectRow {
  name: string;
  models: number;
  materializations: [string, number][];
  tags: string[];
  updatedAt: string;
}

function groupByProject(models: Model[]): ProjectRow[] {
  const groups = new Map<string, Model[]>();
  for (const m of models) groups.set(m.project_name, [...(groups.get(m.project_name) ?? []), m]);
  return [...groups].map(([name, list]) => {
    const kinds = new Map<string, number>();
    for (const m of list) kinds.set(m.materialization, (kinds.get(m.materialization) ?? 0) + 1);
    return {
      name,
      models: list.length,
      materializations: [...kinds].sort((a, b) => b[1] - a[1]),
      tags: [...new Set(list.flatMap((m) => m.tags))].sort(),
      updatedAt: list.map((m) => m.updated_at).sort().at(-1) ?? '',
    };
  });
}

export function ProjectsPage() {
  const { page } = route.useSearch();
  const navigate = useNavigate();
  const trail = page ?? [];
  const models = useModelsPage(trail.at(-1), PAGE_SIZE);
  const rows = models.data ? groupByProject(models.data.data) : [];
  const continues = Boolean(models.data?.next_page_token);

  return (
    <section className="area-models" aria-labelledby="projects-title">
      <div className="page-head">
        <h1 id="projects-title">Model projects</h1>
        <p className="muted">SQL models grouped by project. Open a project to see its graph, its models and to trigger a run.</p>
      </div>
      {models.isPending && <Loading what="projects" />}
      <ErrorNote error={models.error} />
      {models.data && rows.length === 0 && (
        <p className="notice">No models yet. Models are created through the Models API (POST /v1/models).</p>
      )}
      {rows.length > 0 && (
        <table className="data projects-table">
          <thead>
            <tr>
              <th scope="col">Project</th>
              <th scope="col">Models</th>
              <th scope="col">Materializations</th>
              <th scope="col">Tags</th>
              <th scope="col">Last changed</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={row.name}>
                <th scope="row">
                  <Link to="/projects/$project" params={{ project: row.name }}>
                    {row.name}
                  </Link>
                </th>
                <td>
                  {row.models}
                  {continues && i === rows.length - 1 && <span className="muted"> (more on the next page)</span>}
                </td>
                <td>
                  <Chips items={row.materializations.map(([kind, n]) => `${n} ${kind.toLowerCase()}`)} />
                </td>
                <td>
                  <Chips items={row.tags} kind="tag" />
                </td>
                <td>
                  <Time at={row.updatedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(trail.length > 0 || continues) && (
        <Pager trail={trail} next={models.data?.next_page_token} onMove={(next) => void navigate({ to: '/projects', search: next.length ? { page: next } : {} })} />
      )}
    </section>
  );
}
