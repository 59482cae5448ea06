#!/usr/bin/env bash
# Builds every public package and packs it as the registry would serve it (`pnpm pack`: workspace:
# ranges become real versions, only the `files` of each package.json go in), one tarball per package,
# into the folder given (default: packs/ at the repository root), and prints the tarballs' paths.
#
# Until the packages are on the npm registry, install genai-otel into an app from these tarballs:
#
#   bash scripts/pack.sh                       # in a clone of genai-otel
#   cd my-app && npm install /path/to/genai-otel/packs/genai-otel-{node,instrumentation,pricing,providers}-*.tgz
#
# Usage: bash scripts/pack.sh [out-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mkdir -p "${1:-packs}" && cd "${1:-packs}" && pwd)"
source scripts/ensure-toolchain.sh
log="$out/pack.log"
pnpm install --frozen-lockfile >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
pnpm build >>"$log" 2>&1 || { cat "$log" >&2; exit 1; }
rm -f "$out"/genai-otel-*.tgz
for dir in packages/*/; do
  [[ "$(node -p "require('./${dir}package.json').private === true")" == "true" ]] && continue
  (cd "$dir" && pnpm pack --pack-destination "$out" >>"$log" 2>&1) || { cat "$log" >&2; exit 1; }
done
ls "$out"/genai-otel-*.tgz
