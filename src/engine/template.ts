// Model SQL is a Jinja template (ref, source, var, this, is_incremental, config, macros). It renders in a
// worker thread with a time limit and a memory cap, so no template can stall or exhaust the process.
import { Worker } from 'node:worker_threads';
import { AppError, Errors } from '../domain/errors.js';
import type { RenderedModel, TemplateContext } from './template-render.js';
import type { RenderRequest } from './template-worker.js';

export type { RenderedModel, TemplateContext } from './template-render.js';

/** Rendering is text substitution: a template still running after this is looping without end. */
export const RENDER_TIME_LIMIT_MS = 2_000;
const RENDER_MEMORY_MB = 128;

type Reply = { id: number; result: RenderedModel } | { id: number; fault: { message: string; line?: number } };

const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './template-worker.ts' : './template-worker.js', import.meta.url);

/**
 * Built, the worker is the compiled file beside this one. Under tsx (tests, benches) it is the TypeScript
 * source, and a worker thread does not inherit tsx's loader: the thread registers it before loading it.
 */
function startWorker(): Worker {
  const options = { resourceLimits: { maxOldGenerationSizeMb: RENDER_MEMORY_MB } };
  if (!FROM_SOURCE) return new Worker(WORKER_URL, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}

let worker: { thread: Worker; ready: Promise<void> } | undefined;
let nextId = 0;
// One render at a time: its time limit then measures that render alone, not a queue behind it.
let queue: Promise<unknown> = Promise.resolve();

function fault(ctx: TemplateContext, message: string, line?: number): AppError {
  return new AppError(Errors.templateInvalid, `model ${ctx.project}.${ctx.model}${line ? `, line ${line}` : ''}: ${message}`);
}

function readyWorker(): { thread: Worker; ready: Promise<void> } {
  if (worker) return worker;
  const thread = startWorker();
  // An idle render thread must not keep the process alive.
  thread.unref();
  const ready = new Promise<void>((resolve, reject) => {
    thread.once('message', () => resolve());
    thread.once('error', reject);
  });
  ready.catch(() => {
    if (worker?.thread === thread) worker = undefined;
  });
  worker = { thread, ready };
  return worker;
}

async function renderInWorker(template: string, ctx: TemplateContext): Promise<RenderedModel> {
  const current = readyWorker();
  await current.ready.catch((err: Error) => {
    throw fault(ctx, `the template renderer did not start: ${err.message}`);
  });
  const thread = current.thread;
  const id = nextId++;
  return new Promise<RenderedModel>((resolve, reject) => {
    const stop = (err: AppError) => {
      cleanup();
      if (worker?.thread === thread) worker = undefined;
      void thread.terminate();
      reject(err);
    };
    const timer = setTimeout(() => stop(fault(ctx, `rendering took longer than ${RENDER_TIME_LIMIT_MS} ms (a loop too large?)`)), RENDER_TIME_LIMIT_MS);
    const onMessage = (reply: Reply) => {
      if (reply.id !== id) return;
      cleanup();
      if ('result' in reply) resolve(reply.result);
      else reject(fault(ctx, reply.fault.message, reply.fault.line));
    };
    const onError = (err: Error) => {
      const outOfMemory = (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      stop(fault(ctx, outOfMemory ? `rendering needed more than ${RENDER_MEMORY_MB} MB` : `rendering failed: ${err.message}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      thread.off('message', onMessage).off('error', onError);
    };
    thread.on('message', onMessage).on('error', onError);
    thread.postMessage({ id, template, ctx } satisfies RenderRequest);
  });
}

/** Renders a model's SQL template; a fault is a 400 (RL_TEMPLATE_INVALID) naming the model and line. */
export function renderModel(template: string, ctx: TemplateContext): Promise<RenderedModel> {
  const run = queue.then(() => renderInWorker(template, ctx));
  queue = run.catch(() => undefined);
  return run;
}
