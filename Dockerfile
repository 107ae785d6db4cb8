# syntax=docker/dockerfile:1
# The server as a container image. Every build step is in deploy/build-release.sh, which CI also
# runs in a clean folder, so the image's contents are tested even where no image can be built.
#
#   docker build -t wechat-bind .
#   docker run --env-file .env -p 3000:3000 wechat-bind

FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY . .
RUN bash deploy/build-release.sh /release

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=build --chown=root:root /release /app
# The image's files belong to root and are read-only to the process, which runs as `node`.
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "apps/server/dist/main.js"]
