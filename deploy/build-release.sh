#!/usr/bin/env bash
# Builds the server's production tree: what the Dockerfile's build stage runs, and what CI runs in
# a clean folder to test the image's contents where no container engine is available.
#
#   deploy/build-release.sh OUT_DIR
#
# Run from a copy of the repository (the current directory is built in place). It installs
# exactly what the lock file lists, compiles every package and the account settings page, drops
# the development dependencies, and copies into OUT_DIR only what `node apps/server/dist/main.js`
# needs. OUT_DIR must not exist yet, so that nothing left from an earlier build is shipped.
set -euo pipefail

out=${1:?usage: deploy/build-release.sh OUT_DIR}
if [ -e "$out" ]; then
  echo "build-release: $out already exists; give a new folder" >&2
  exit 2
fi
step() { printf '\n== build-release: %s\n' "$*"; }

step "install (npm ci)"
npm ci --no-audit --no-fund

step "compile (tsc -b) and build the settings page"
npm run build

step "drop development dependencies"
npm prune --omit=dev --no-audit --no-fund

step "copy the runtime tree to $out"
mkdir -p "$out/apps/web"
cp package.json package-lock.json "$out/"
cp -R node_modules "$out/"
# Workspace packages are linked from node_modules; ship each one's package.json and build.
for package in libs/* apps/server; do
  mkdir -p "$out/$package"
  cp "$package/package.json" "$out/$package/"
  cp -R "$package/dist" "$out/$package/"
  # npm nests a dependency under its package when another version sits at the top.
  if [ -d "$package/node_modules" ]; then cp -R "$package/node_modules" "$out/$package/"; fi
done
cp -R apps/web/dist "$out/apps/web/"
# Links to workspaces the server does not ship (the mini-program, the page's sources) would dangle.
find "$out/node_modules/@wechat-bind" -maxdepth 1 -type l ! -exec test -e {} \; -delete

step "done: $(du -sh "$out" | cut -f1) in $out; start it with: node apps/server/dist/main.js"
