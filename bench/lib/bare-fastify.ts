// The bare-Fastify floor: a minimal Fastify server in the benchmark's process (where the server under test
// runs) that parses each JSON body and answers 200, reached by the same load generator with the same bodies.
// It is what HTTP and JSON alone cost on this machine, the rate no Fastify server can pass.
import Fastify from 'fastify';

export interface BareServer {
  url: string;
  close(): Promise<void>;
}

export async function startBareFastify(path: string): Promise<BareServer> {
  const app = Fastify({ logger: false, bodyLimit: 10 * 2 ** 20 });
  app.post(path, async (request) => ({ pipelineRunId: (request.body as { id?: unknown }).id }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || !address) throw new Error('bare Fastify did not listen on a port');
  return { url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}
