# syntax=docker/dockerfile:1
#
# The sanshe gateway as a container image. The build stage installs and builds the workspace the
# way CI does (.ci/run: the pinned pnpm, a frozen lockfile, the packages' build); the runtime stage
# keeps only @sanshe/graphql with its production dependencies, and runs `sanshe serve` as the
# unprivileged `node` user. Usage and the compose file beside it: docs/operations.md.
#
#   docker build -t sanshe .
#   docker run --rm -p 4000:4000 --env-file .env -e DATABASE_URL=postgres://… sanshe serve --district 320505

ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-slim AS build
WORKDIR /workspace
ENV npm_config_update_notifier=false CI=true
# The pnpm version package.json pins ("packageManager"), installed through npm as CI and
# `npm start` do (corepack is not available everywhere).
COPY package.json ./
RUN npm install --global "pnpm@$(node -p "require('./package.json').packageManager.split('@')[1]")"
COPY . .
# The whole workspace from the lockfile, as CI installs it. pnpm's store is a BuildKit cache,
# kept between builds: a rebuild after a source change downloads nothing again.
RUN --mount=type=cache,id=sanshe-pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --store-dir /pnpm/store
RUN pnpm -r --filter './packages/**' run build
# A self-contained copy of the gateway in /deploy: its files, @sanshe/core's built files, and only
# the production dependencies, at the lockfile's versions. inject-workspace-packages lets deploy
# use the workspace lockfile (the legacy deploy resolves versions afresh); the hoisted (flat)
# node_modules puts graphql, a peer dependency of @sanshe/graphql, where the gateway finds it.
RUN --mount=type=cache,id=sanshe-pnpm-store,target=/pnpm/store \
    pnpm --filter @sanshe/graphql --prod --store-dir /pnpm/store \
      --config.inject-workspace-packages=true --config.node-linker=hoisted deploy /deploy

FROM node:${NODE_VERSION}-slim AS runtime
# Production mode (token verification and personal-data keys required, GraphiQL off); listening
# on every interface of the container; embedded PGlite databases, if any, in the /data volume.
ENV NODE_ENV=production \
    SANSHE_HOST=0.0.0.0 \
    SANSHE_PORT=4000 \
    SANSHE_DATA_DIR=/data
WORKDIR /app
# Owned by root and read-only to the process: the gateway never writes its own code.
COPY --from=build /deploy /app
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 4000
# Node's own fetch: the slim image has no curl. /health answers 200 while the process serves.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.SANSHE_PORT || 4000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and handles SIGTERM itself: /ready turns 503, requests drain, databases close.
ENTRYPOINT ["node", "/app/bin/sanshe.js"]
CMD ["serve"]
