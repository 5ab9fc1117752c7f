// The /catalog pages: the registry's kinds, a kind's items, an item with its history, the forms that create
// and edit items, and the form that registers a model run from a workflow template.
import { createRoute } from '@tanstack/react-router';
import { rootRoute } from '../../routes/root';
import { CatalogHome } from './catalog-home';
import { ItemFormPage } from './item-form-page';
import { ItemPage } from './item-page';
import { KindPage } from './kind-page';
import { RegisterRunPage } from './register-run-page';
import './catalog.css';

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const version = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isInteger(n) && n > 0 ? n : undefined;
};

export interface KindSearch {
  q?: string | undefined;
  /** The page tokens that led to the page shown, so Back and reload land on the same page. */
  trail?: string[] | undefined;
}
export interface ItemSearch {
  /** The two versions compared: from `a` to `b`. */
  a?: number | undefined;
  b?: number | undefined;
}
export interface RegisterRunSearch {
  template?: string | undefined;
}

const home = createRoute({ getParentRoute: () => rootRoute, path: '/catalog', component: CatalogHome });

const registerRun = createRoute({
  getParentRoute: () => rootRoute,
  path: '/catalog/register-run',
  validateSearch: (s: Record<string, unknown>): RegisterRunSearch => ({ template: text(s.template) }),
  component: RegisterRunPage,
});

const kind = createRoute({
  getParentRoute: () => rootRoute,
  path: '/catalog/$kind',
  validateSearch: (s: Record<string, unknown>): KindSearch => ({
    q: text(s.q),
    trail: Array.isArray(s.trail) && s.trail.every((t) => typeof t === 'string') && s.trail.length > 0 ? s.trail : undefined,
  }),
  component: KindPage,
});

const create = createRoute({ getParentRoute: () => rootRoute, path: '/catalog/$kind/new', component: () => <ItemFormPage mode="create" /> });

const item = createRoute({
  getParentRoute: () => rootRoute,
  path: '/catalog/$kind/$id',
  validateSearch: (s: Record<string, unknown>): ItemSearch => ({ a: version(s.a), b: version(s.b) }),
  component: ItemPage,
});

const edit = createRoute({ getParentRoute: () => rootRoute, path: '/catalog/$kind/$id/edit', component: () => <ItemFormPage mode="edit" /> });

export const catalogRoutes = [home, registerRun, kind, create, item, edit];
