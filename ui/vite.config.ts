// Builds the web UI into dist/ui, which the server serves at `/`. Everything is bundled: no CDN, no external font.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/ui', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
  },
  server: {
    // `npm run dev:ui` proxies API calls to a server started with `npm start` on :8080.
    proxy: Object.fromEntries(
      ['/token', '/me', '/users', '/api-keys', '/model-runs', '/registry', '/explore', '/events', '/v1', '/api', '/model_run', '/openapi.json', '/provena'].map(
        (p) => [p, 'http://127.0.0.1:8080'],
      ),
    ),
  },
});
