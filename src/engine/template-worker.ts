// The thread model templates render in (see template.ts): a render that loops or allocates without end is
// stopped by ending this thread, never the server's.
import { parentPort } from 'node:worker_threads';
import { renderTemplate, TemplateFault, type TemplateContext } from './template-render.js';

export interface RenderRequest {
  id: number;
  template: string;
  ctx: TemplateContext;
}

parentPort?.on('message', ({ id, template, ctx }: RenderRequest) => {
  try {
    parentPort?.postMessage({ id, result: renderTemplate(template, ctx) });
  } catch (err) {
    const fault = err instanceof TemplateFault ? err : new TemplateFault(err instanceof Error ? err.message : String(err));
    parentPort?.postMessage({ id, fault: { message: fault.message, line: fault.line } });
  }
});

// Loading this module can take a while (under tsx it is compiled first): time limits start after this.
parentPort?.postMessage({ ready: true });
