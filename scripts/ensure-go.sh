#!/usr/bin/env bash
# Makes a Go that can build the collector available, for scripts/build-collector.sh (which sources this file).
#
#   1. A `go` on PATH of version >= GO_MIN is used as it is (PATH is left alone).
#   2. Otherwise the pinned GO_VERSION is taken from .tools/go/ (gitignored), or installed there first: the toolchain
#      zip `golang.org/toolchain@v0.0.1-go<GO_VERSION>.<os>-<arch>` is downloaded from the Go module proxy - the same
#      zip `GOTOOLCHAIN=go<version>` downloads - and checked against the h1: hash the Go checksum database
#      (sum.golang.org) has for it, pinned below; then `go version` of the unpacked toolchain must name GO_VERSION.
#      Only then is it moved into place, and its bin/ is put first on PATH.
#
# GO_MIN is the highest `go` directive among the modules the collector build resolves (collector/manifest.yaml, builder
# v0.161.0): go.opentelemetry.io/collector/pdata v1.67.0 and the other v1.67.0/v0.161.0 core modules say `go 1.26.0`.
# An older Go fails there ("go.mod requires go >= 1.26.0") or, with GOTOOLCHAIN=auto, downloads a newer one itself.
#
# The proxy: GOPROXY's entries in order (from `go env GOPROXY` when some `go` is on PATH, else $GOPROXY, else Go's
# default https://proxy.golang.org); `direct` and `off` are skipped (a toolchain has no VCS origin to fetch "direct").
# Needs: curl or wget, unzip or python3, sha256sum, base64 (coreutils). About 75 MB download, 260 MB unpacked.
#
# To move to another Go: set GO_VERSION and both hashes from
#   curl -s https://proxy.golang.org/sumdb/sum.golang.org/lookup/golang.org/toolchain@v0.0.1-go<version>.linux-amd64
# (and .linux-arm64), or from `go mod download -json golang.org/toolchain@v0.0.1-go<version>.linux-amd64` (whose Sum
# the go command has checked against the signed checksum database).
#
# Usage: source scripts/ensure-go.sh    (returns non-zero on failure; does not change the calling shell's options)
#        bash scripts/ensure-go.sh      (the same, then prints the go binary it settled on and its version)
# Tests (scripts/test-ensure-go.sh) override GENAI_OTEL_GO_VERSION, GENAI_OTEL_GO_H1, GENAI_OTEL_GO_DIR and GOPROXY.

_ensure_go() {
  local go_min="1.26.0"
  local go_version="${GENAI_OTEL_GO_VERSION:-1.26.11}"
  local root; root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  local dir="${GENAI_OTEL_GO_DIR:-$root/.tools/go}"
  local log_prefix="[ensure-go]"

  # 1. A suitable go already on PATH.
  local have=""
  if command -v go >/dev/null 2>&1; then
    have="$(go version 2>/dev/null | sed -n 's/^go version go\([0-9][0-9.]*\).*/\1/p')"
    if [[ -n $have ]] && [[ "$(printf '%s\n' "$go_min" "$have" | sort -V | head -n1)" == "$go_min" ]]; then
      return 0
    fi
  fi

  local os arch
  case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) os="$(uname -s | tr '[:upper:]' '[:lower:]')" ;; esac
  case "$(uname -m)" in x86_64|amd64) arch=amd64 ;; aarch64|arm64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
  local module_version="v0.0.1-go$go_version.$os-$arch"
  local install="$dir/go$go_version.$os-$arch"

  # 2. Already installed (a complete install has the marker written after verification).
  if [[ ! -f "$install/.verified" || "$("$install/bin/go" env GOVERSION 2>/dev/null)" != "go$go_version" ]]; then
    local h1="${GENAI_OTEL_GO_H1:-}"
    if [[ -z $h1 ]]; then
      # From the Go checksum database (sum.golang.org); add a platform here when it needs one.
      case "$go_version/$os-$arch" in
        1.26.11/linux-amd64) h1="h1:KyINmJ/FQdKRmDYGuTAAXkumyeR2DyUlSNHZj7XaLFg=" ;;
        1.26.11/linux-arm64) h1="h1:GFS9FmglLJxMwOSuun3qb8tBjpr8ibzOkt8tBrRLrnk=" ;;
        *)
          echo "$log_prefix error: no pinned checksum for golang.org/toolchain@$module_version; install Go >= $go_min" \
            "yourself (found: ${have:-no go on PATH})" >&2
          return 1 ;;
      esac
    fi
    local proxies
    if command -v go >/dev/null 2>&1; then proxies="$(go env GOPROXY 2>/dev/null)"; fi
    proxies="${proxies:-${GOPROXY:-https://proxy.golang.org,direct}}"
    echo "$log_prefix ${have:+go $have on PATH is older than $go_min; }${have:-no go on PATH; }installing go$go_version" \
      "($module_version from the Go module proxy) into ${install#"$root"/}" >&2
    mkdir -p "$dir" || return 1
    # One install at a time (parallel runs on one machine); the work happens in a subshell with its own options.
    (
      set -euo pipefail
      exec 8>"$dir/.lock"
      flock 8
      if [[ -f "$install/.verified" && "$("$install/bin/go" env GOVERSION 2>/dev/null)" == "go$go_version" ]]; then exit 0; fi
      work="$(mktemp -d "$dir/.install.XXXXXX")"
      trap 'rm -rf "$work"' EXIT
      zip="$work/toolchain.zip"
      got=""
      IFS=',|' read -r -a entries <<<"$proxies"
      for proxy in "${entries[@]}"; do
        case "$proxy" in direct|off|"") continue ;; esac
        url="${proxy%/}/golang.org/toolchain/@v/$module_version.zip"
        echo "$log_prefix downloading $url" >&2
        if command -v curl >/dev/null 2>&1; then
          curl -fsSL --netrc-optional --retry 3 -o "$zip" "$url" && { got="$url"; break; }
        else
          wget -q -O "$zip" "$url" && { got="$url"; break; }
        fi
      done
      [[ -n $got ]] || { echo "$log_prefix error: could not download $module_version from GOPROXY=$proxies" >&2; exit 1; }

      # Unpack, then compute Go's h1: hash of the module zip (golang.org/x/mod/sumdb/dirhash.Hash1): the SHA-256 of the
      # lines "<sha256 hex>  <file name in the zip>\n" sorted by name, base64-encoded. A module zip holds only regular
      # files, all under "<module>@<version>/"; anything else fails the comparison.
      mkdir "$work/x"
      if command -v unzip >/dev/null 2>&1; then
        unzip -q "$zip" -d "$work/x"
      else
        python3 -m zipfile -e "$zip" "$work/x"
      fi
      if [[ -n "$(find "$work/x" -type l -print -quit)" ]]; then echo "$log_prefix error: the zip contains symlinks" >&2; exit 1; fi
      sum_hex="$(cd "$work/x" && find . -type f -printf '%P\n' | LC_ALL=C sort | xargs -r -d '\n' sha256sum -- | sha256sum | cut -c1-64)"
      # shellcheck disable=SC2059 # the format is the \xNN bytes of the digest
      actual="h1:$(printf "$(sed 's/../\\x&/g' <<<"$sum_hex")" | base64 -w0)"
      if [[ "$actual" != "$h1" ]]; then
        echo "$log_prefix error: checksum mismatch for $got: got $actual, the Go checksum database says $h1" >&2
        exit 1
      fi
      top="$work/x/golang.org/toolchain@$module_version"
      [[ -d "$top/bin" ]] || { echo "$log_prefix error: $module_version has no bin/ folder" >&2; exit 1; }
      # Module zips keep no file modes (the go command sets them the same way after its own download).
      chmod -R u+w "$top"
      find "$top/bin" "$top/pkg/tool" -type f -exec chmod 755 {} + 2>/dev/null || chmod 755 "$top"/bin/*
      reported="$("$top/bin/go" env GOVERSION)"
      [[ "$reported" == "go$go_version" ]] || { echo "$log_prefix error: the unpacked go says $reported, not go$go_version" >&2; exit 1; }
      echo "$go_version $module_version $actual $got" > "$top/.verified"
      rm -rf "$install"
      mv "$top" "$install"
      echo "$log_prefix verified $actual; $("$install/bin/go" version)" >&2
    ) || return 1
  fi
  case ":$PATH:" in
    *":$install/bin:"*) ;;
    *) export PATH="$install/bin:$PATH" ;;
  esac
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  _ensure_go
  unset -f _ensure_go
  command -v go
  go version
else
  _ensure_go || { unset -f _ensure_go; return 1; }
  unset -f _ensure_go
fi
