#!/usr/bin/env bash
# Builds the genai-otel OpenTelemetry Collector (`otelcol-genai`) from collector/manifest.yaml with the
# OpenTelemetry Collector Builder, through the Go module proxy, and prints the binary's path as the LAST line of
# stdout (everything else goes to stderr), so callers can do:
#
#   OTELCOL="$(scripts/build-collector.sh | tail -n1)"
#
# The build is reused whenever it can be: the output is keyed by a hash of the manifest, the builder version, the
# ldflags and GOOS/GOARCH, and stored OUTSIDE the repository clone, so a fresh clone on the same machine (CI runs in
# one) finds the binary of an earlier run:
#
#   ${GENAI_OTEL_CACHE:-$HOME/.cache/genai-otel}/collector/<hash>/otelcol-genai
#   ${GENAI_OTEL_CACHE:-$HOME/.cache/genai-otel}/collector/<hash>/build-info.txt   (versions, build time, sizes)
#   ${GENAI_OTEL_CACHE:-$HOME/.cache/genai-otel}/collector/builder/<version>/builder
#
# GOMODCACHE and GOCACHE stay at Go's defaults, so module downloads and compiled packages are shared with every other
# Go build on the machine. A new machine builds once (about 2.5 minutes on 2 cores, see collector/README.md).
#
# Usage: scripts/build-collector.sh [--force]    --force rebuilds even if a cached binary exists
# Needs: Go >= 1.26 (the collector's modules say `go 1.26.0`): a `go` on PATH is used when recent enough, otherwise
# scripts/ensure-go.sh installs a pinned, checksum-verified Go from the Go module proxy into .tools/go/ (~75 MB once);
# network access to the Go module proxy on a cold cache.
set -euo pipefail

BUILDER_VERSION="v0.161.0"                 # keep equal to the v0.N of every component in collector/manifest.yaml
LDFLAGS="-s -w"                            # strip symbol/DWARF tables: ~30% smaller binary, same behaviour
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MANIFEST="$ROOT/collector/manifest.yaml"
CACHE_ROOT="${GENAI_OTEL_CACHE:-$HOME/.cache/genai-otel}/collector"
BIN_NAME="otelcol-genai"

log() { echo "[build-collector] $*" >&2; }
die() { log "error: $*"; exit 1; }

force=0
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -h|--help) sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 0 ;;
    *) die "unknown argument: $arg" ;;
  esac
done

[[ -f "$MANIFEST" ]] || die "manifest not found: $MANIFEST"
# shellcheck source=ensure-go.sh
source "$ROOT/scripts/ensure-go.sh" >&2 || die "no usable Go (see above)"

goos="$(go env GOOS)"; goarch="$(go env GOARCH)"
key="$( { cat "$MANIFEST"; echo "builder=$BUILDER_VERSION"; echo "ldflags=$LDFLAGS"; echo "target=$goos/$goarch"; } \
        | sha256sum | cut -c1-16)"
out_dir="$CACHE_ROOT/$key"
binary="$out_dir/$BIN_NAME"

mkdir -p "$CACHE_ROOT"
# One build at a time per cache (parallel test runs on one machine would otherwise build twice).
exec 9>"$CACHE_ROOT/.lock"
flock 9

if [[ $force -eq 0 && -x "$binary" && -f "$out_dir/.complete" ]]; then
  log "reusing cached build $key ($(grep -m1 '^collector_version=' "$out_dir/build-info.txt" 2>/dev/null || echo '?'))"
  echo "$binary"
  exit 0
fi

# 1. The builder itself, installed into the cache (not $GOPATH/bin), named `builder`.
builder_dir="$CACHE_ROOT/builder/$BUILDER_VERSION"
builder="$builder_dir/builder"
if ! "$builder" version 2>/dev/null | grep -q "$BUILDER_VERSION"; then
  log "installing go.opentelemetry.io/collector/cmd/builder@$BUILDER_VERSION into $builder_dir"
  mkdir -p "$builder_dir"
  GOBIN="$builder_dir" CGO_ENABLED=0 go install -trimpath -ldflags="-s -w" \
    "go.opentelemetry.io/collector/cmd/builder@$BUILDER_VERSION" >&2
fi

# 2. The collector. Sources are generated in a scratch directory next to the final one and renamed into place only
#    when the build succeeded, so an interrupted build never looks like a cached one.
moddl="$(go env GOMODCACHE)/cache/download"
mod_before="$(du -sk "$moddl" 2>/dev/null | cut -f1 || echo 0)"
work="$(mktemp -d "$CACHE_ROOT/.build-$key.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp "$MANIFEST" "$work/manifest.yaml"
log "building $BIN_NAME (key $key) in $work - a cold build takes several minutes"
start=$(date +%s)
# builder resolves output_path (./_build) against its working directory.
( cd "$work" && "$builder" --config "$work/manifest.yaml" --ldflags "$LDFLAGS" ) >&2 \
  || die "builder failed (see the output above)"
elapsed=$(( $(date +%s) - start ))
mod_after="$(du -sk "$moddl" 2>/dev/null | cut -f1 || echo 0)"
[[ -x "$work/_build/$BIN_NAME" ]] || die "builder finished but $work/_build/$BIN_NAME is missing"

mkdir -p "$work/out"
mv "$work/_build/$BIN_NAME" "$work/out/$BIN_NAME"
cp "$MANIFEST" "$work/out/manifest.yaml"
{
  echo "collector_version=$("$work/out/$BIN_NAME" --version 2>/dev/null | head -n1)"
  echo "builder_version=$BUILDER_VERSION"
  echo "go_version=$(go env GOVERSION)"
  echo "target=$goos/$goarch"
  echo "built_at=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "build_seconds=$elapsed"
  echo "binary_bytes=$(stat -c %s "$work/out/$BIN_NAME")"
  echo "module_download_kib_added=$(( mod_after - mod_before ))"
} > "$work/out/build-info.txt"
touch "$work/out/.complete"
rm -rf "$out_dir"
mv "$work/out" "$out_dir"
log "built in ${elapsed}s: $(sed -n 's/^binary_bytes=//p' "$out_dir/build-info.txt") bytes, +$(( (mod_after - mod_before) / 1024 )) MiB of module downloads"
echo "$binary"
