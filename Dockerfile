# One image for every process of the project; the command picks which one runs:
#   node dist/workers/main.js      the worker (default)
#   node dist/client/api/main.js   the HTTP API, web page and codec endpoint
#   node dist/sim/p3ke-api/main.js the P3KE service simulator
#   node dist/scripts/migrate.js   applies the committed database migrations, then exits
#   node dist/scripts/start.js     worker and HTTP API in one process (npm start); refuses to start with migrations pending
# docker-compose.yml builds it; by hand: docker build -t verivali-ikn:local .

ARG NODE_IMAGE=node:20-bookworm-slim

# Production dependencies alone, from the lock file; cached until package*.json change.
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# The TypeScript build, with the dev dependencies (typescript, type packages).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# A type error fails the build, as it fails npm test.
RUN npx tsc -p tsconfig.json
# tsc emits JavaScript only: data the code reads beside itself (the region tables in domain/data, the web page's
# static files) is copied into dist/ under the same relative path.
RUN for dir in config workflows activities workers client db domain sim; do \
      if [ -d "$dir" ]; then find "$dir" -type f ! -name '*.ts' ! -name '*.md' -exec cp --parents {} dist/ \; ; fi; \
    done

# The runtime: Node 20, the compiled code and production dependencies, no compiler, not root.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    VERIVALI_DATA_DIR=/data
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
RUN mkdir -p /data && chown node:node /data
USER node
# 8080: the HTTP API (API_PORT); 7301: the P3KE simulator (P3KE_SIM_PORT); 9464: worker metrics (WORKER_METRICS_ADDRESS).
EXPOSE 8080 7301 9464
CMD ["node", "dist/workers/main.js"]
