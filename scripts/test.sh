#!/usr/bin/env bash
# The whole test suite, from nothing: installs Node 24 and pnpm into .tools/, the workspace packages,
# Debian's prometheus and prometheus-alertmanager (when missing), and - when no Go >= 1.26 is on PATH -
# a pinned, checksum-verified Go into .tools/go/ for the collector build (scripts/ensure-go.sh, tested
# offline first by scripts/test-ensure-go.sh); builds the packages (child-process
# tests run the built entry points); then lints and format-checks (Biome), type-checks and runs, in order: the unit and integration
# tests of every package and of the dashboards, the packaging test (every package packed, checked with
# publint and attw, installed with npm outside the workspace and run), the alert rule and Alertmanager
# route tests, the static docker-compose check, and the end-to-end test (collector built with ocb, or
# reused from its cache).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-toolchain.sh
pnpm install --frozen-lockfile
bash scripts/install-system-deps.sh
bash scripts/test-ensure-go.sh
# Go for the collector build at the end (pnpm test:e2e): got now, so that a missing one fails in seconds.
source scripts/ensure-go.sh
pnpm build
pnpm lint
pnpm typecheck
pnpm test
pnpm test:packaging
bash scripts/test-alerts.sh
python3 scripts/check-compose.py
pnpm test:e2e
