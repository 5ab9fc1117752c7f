# syntax=docker/dockerfile:1
# runledger in two stages: the build stage has the devDependencies (TypeScript, Vite) and builds dist/; the
# runtime stage has only the production dependencies and dist/, and runs as an unprivileged user.
#   docker build -t runledger .
#   docker run -p 8080:8080 -v runledger-data:/data -e RUNLEDGER_ADMIN_PASSWORD=… runledger
# Debian (glibc), not Alpine: DuckDB's native binding is built for glibc.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Dependencies first, in a layer of their own that source changes do not invalidate; `prepare` (the build)
# runs below, once the sources are in.
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY ui ./ui
RUN npm run build

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    RUNLEDGER_DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
# No scripts: `prepare` would look for the build tools, and no production dependency needs an install script.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The data directory (embedded store, warehouses, project files) belongs to the unprivileged `node` user of
# the base image; runledger keeps it private (0700) itself.
RUN mkdir -p /data && chown node:node /data && chmod 0700 /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# Readiness, not liveness: /ready also asks the store. Node's fetch, since the slim image has no curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["serve"]
