#!/usr/bin/env bash
# Tests the container image's contents without a container engine: builds the release tree with
# deploy/build-release.sh (the Dockerfile's only build step) in a clean copy of the repository,
# then starts it the way the image does, in production mode, against a real PostgreSQL and Redis,
# and checks it with the image's own HEALTHCHECK command.
#
#   DATABASE_URL=postgres://... REDIS_URL=redis://... deploy/test-release.sh
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL to an empty or migrated PostgreSQL database}"
: "${REDIS_URL:?set REDIS_URL to a real Redis}"

work=$(mktemp -d "${TMPDIR:-/tmp}/wechat-bind-release.XXXXXX")
server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "test-release: $*" >&2
  [ -f "$work/server.log" ] && tail -n 40 "$work/server.log" >&2
  exit 1
}

echo "== test-release: a clean copy of the tracked files in $work/src"
mkdir "$work/src"
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$work/src"

(cd "$work/src" && bash deploy/build-release.sh "$work/release")
release="$work/release"

echo "== test-release: the tree holds the runtime and nothing of the build"
[ -f "$release/apps/server/dist/main.js" ] || fail "apps/server/dist/main.js is missing"
[ -f "$release/apps/web/dist/index.html" ] || fail "the settings page (apps/web/dist) is missing"
for dev in typescript jest tsx eslint; do
  [ ! -e "$release/node_modules/$dev" ] || fail "development dependency $dev was shipped"
done
[ ! -e "$release/apps/server/src" ] || fail "server sources were shipped"

port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
echo "== test-release: node apps/server/dist/main.js in production mode on port $port"
(
  cd "$release"
  exec env -i PATH="$PATH" HOME="$work" NODE_ENV=production HOST=127.0.0.1 PORT="$port" \
    DATABASE_URL="$DATABASE_URL" REDIS_URL="$REDIS_URL" REDIS_KEY_PREFIX="test-release:$$:" \
    JWT_SECRET="$(openssl rand -base64 48)" DATA_KEY="$(openssl rand -base64 32)" \
    SMS_SENDER=http SMS_WEBHOOK_URL=http://127.0.0.1:9/sms LOG_LEVEL=warn \
    node apps/server/dist/main.js
) >"$work/server.log" 2>&1 &
server_pid=$!

# The image's HEALTHCHECK command, read from the Dockerfile, run as the image would run it.
healthcheck=$(node -e '
  const lines = require("fs").readFileSync("Dockerfile", "utf8").split("\n");
  const start = lines.findIndex((line) => line.startsWith("HEALTHCHECK"));
  const cmd = lines.slice(start).find((line) => line.trim().startsWith("CMD ["));
  console.log(JSON.parse(cmd.trim().slice(4)).slice(2).join(" "));
')
healthy=
for _ in $(seq 1 60); do
  kill -0 "$server_pid" 2>/dev/null || fail "the server exited during start"
  if (cd "$release" && PORT="$port" node -e "$healthcheck"); then healthy=1; break; fi
  sleep 1
done
[ -n "$healthy" ] || fail "the HEALTHCHECK did not pass within 60 s"

ready=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz")
[ "$ready" = 200 ] || fail "/readyz answered $ready"
me=$(curl -s -w ' %{http_code}' "http://127.0.0.1:$port/accounts/me")
case "$me" in
  *'"success":false'*' 401') ;;
  *) fail "GET /accounts/me without a token answered: $me" ;;
esac

kill -TERM "$server_pid"
wait "$server_pid" && code=0 || code=$?
server_pid=
[ "$code" = 0 ] || fail "the server exited with $code after SIGTERM"
echo "== test-release: passed (healthcheck, /readyz, a dialect reply, clean shutdown)"
