// /projects/$project: the project's graph, its models, a form to trigger a run, and its recent runs. The
// model picked in the graph or the table is in the URL (?model=project.name).
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { hasRole, useAuth } from '../../auth';
import { ErrorNote, Loading } from '../../components/errors';
import { Chips } from './chips';
import type { Model } from './model-types';
import { ProjectDag } from './project-dag';
import { qualified, useProjectModels, useRuns } from './queries';
import { RunsTable } from './runs-table';
import { TriggerForm } from './trigger-form';
import './projects.css';

const route = getRouteApi('/projects/$project');

export function ProjectPage() {
  const { project } = route.useParams();
  const { model: selected } = route.useSearch();
  const navigate = useNavigate();
  const { me } = useAuth();
  const models = useProjectModels(project);
  const runs = useRuns({ project_name: project }, undefined, 8);
  const select = (model: string | undefined) =>
    void navigate({ to: '/projects/$project', params: { project }, search: model ? { model } : {}, replace: true, resetScroll: false });

  return (
    <section className="area-models" aria-labelledby="project-title">
      <nav aria-label="Breadcrumb" className="crumbs">
        <Link to="/projects">Model projects</Link> <span aria-hidden="true">/</span>
      </nav>
      <div className="page-head">
        <h1 id="project-title">
          Project <span className="code-name">{project}</span>
        </h1>
        {models.data && <span className="muted">{models.data.length} models</span>}
      </div>

      <section className="panel dag-panel" aria-labelledby="dag-title">
        <h2 id="dag-title">Dependency graph</h2>
        <ProjectDag project={project} selected={selected} onSelect={select} />
      </section>

      <div className="split project-split">
        <section aria-labelledby="models-title">
          <h2 id="models-title">Models</h2>
          {models.isPending && <Loading what="models" />}
          <ErrorNote error={models.error} />
          {models.data && models.data.length === 0 && <p className="notice">This project has no models.</p>}
          {models.data && models.data.length > 0 && <ModelsTable models={models.data} selected={selected} onSelect={select} />}
        </section>
        <aside aria-label="Runs of this project">
          {hasRole(me, 'writer') ? (
            <TriggerForm project={project} />
          ) : (
            <p className="notice">Your role, {me?.role}, can read models; triggering a run needs the writer role.</p>
          )}
          <section aria-labelledby="recent-title">
            <div className="section-head">
              <h2 id="recent-title">Recent runs</h2>
              <Link to="/runs" search={{ project }}>
                All runs of {project}
              </Link>
            </div>
            {runs.isPending && <Loading what="runs" />}
            <ErrorNote error={runs.error} />
            {runs.data && <RunsTable runs={runs.data.data} caption={`Recent runs of ${project}`} compact />}
          </section>
        </aside>
      </div>
    </section>
  );
}

function ModelsTable({ models, selected, onSelect }: { models: Model[]; selected: string | undefined; onSelect: (m: string | undefined) => void }) {
  const names = new Set(models.map(qualified));
  return (
    <table className="data models-table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Materialization</th>
          <th scope="col">Tags</th>
          <th scope="col">Depends on</th>
          <th scope="col">
            <span className="visually-hidden">In the graph</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {models.map((m) => {
          const id = qualified(m);
          const isSelected = id === selected;
          return (
            <tr key={m.id} aria-selected={isSelected}>
              <th scope="row">
                <Link to="/projects/$project/models/$model" params={{ project: m.project_name, model: m.name }}>
                  {m.name}
                </Link>
                {m.description && <div className="muted small">{m.description}</div>}
              </th>
              <td>
                <span className="chip">{m.materialization}</span>
              </td>
              <td>
                <Chips items={m.tags} kind="tag" />
              </td>
              <td>
                <DependsOn deps={m.depends_on} project={m.project_name} known={names} />
              </td>
              <td>
                <button type="button" className="small-button" aria-pressed={isSelected} onClick={() => onSelect(isSelected ? undefined : id)}>
                  {isSelected ? 'Highlighted' : 'Highlight'}
                  <span className="visually-hidden"> {m.name} in the graph</span>
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Models of the project link to their page; sources and other projects' models are shown as named. */
export function DependsOn({ deps, project, known }: { deps: string[]; project: string; known: Set<string> }) {
  if (deps.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="inline-list">
      {deps.map((d) => {
        const local = d.startsWith(`${project}.`) && known.has(d);
        return (
          <li key={d} className="mono small">
            {local ? (
              <Link to="/projects/$project/models/$model" params={{ project, model: d.slice(project.length + 1) }}>
                {d.slice(project.length + 1)}
              </Link>
            ) : (
              d
            )}
          </li>
        );
      })}
    </ul>
  );
}
