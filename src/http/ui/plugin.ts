// The web UI: its built files (dist/ui) served at `/`. Routes of the UI itself are client-side, so a browser
// asking for any path no API route answers (a deep link, a reload) gets index.html; API clients, which do
// not ask for text/html, still get the 404 problem.
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Errors, fail } from '../../domain/errors.js';

export interface UiOptions {
  uiDir: string;
}

const INDEX = 'index.html';

// fastify-plugin: reply.sendFile must reach the app's not-found handler, which serves index.html too.
export default fp(async function uiPlugin(app: FastifyInstance, opts: UiOptions): Promise<void> {
  await app.register(fastifyStatic, { root: opts.uiDir, serve: false });
  const config = { access: 'public' as const };

  app.get('/', { schema: { hide: true }, config }, (_req, reply) => sendIndex(reply, opts.uiDir));
  const assets = path.join(opts.uiDir, 'assets');
  app.get('/assets/*', { schema: { hide: true }, config }, (req, reply) => {
    const file = path.resolve(assets, (req.params as { '*': string })['*']);
    if (!file.startsWith(assets + path.sep) || !fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
      return fail(Errors.routeNotFound, `no UI asset ${req.url.split('?')[0]}`);
    }
    // Names carry a content hash, so a cached copy is never stale.
    return reply.sendFile(path.relative(assets, file), assets, { immutable: true, maxAge: '365d' });
  });
});

/** index.html for a browser's navigation to a client-side route; false when the request is not one. */
export function wantsUiPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html') && !request.url.startsWith('/assets/');
}

export function sendIndex(reply: FastifyReply, uiDir: string) {
  if (!fs.existsSync(path.join(uiDir, INDEX))) {
    return fail(Errors.notReady, `the web UI is not built in ${path.basename(path.dirname(uiDir))}/${path.basename(uiDir)}: run npm run build`);
  }
  // index.html names the current hashed assets: always revalidate it.
  return reply.header('cache-control', 'no-cache').sendFile(INDEX, uiDir, { maxAge: 0, cacheControl: false });
}
