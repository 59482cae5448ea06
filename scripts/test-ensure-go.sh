#!/usr/bin/env bash
# Tests scripts/ensure-go.sh offline, in a few seconds: a fake Go toolchain zip served by a file:// GOPROXY, with PATH
# stripped of every folder that holds a `go`. Checks that
#   - a go >= the minimum on PATH is used as it is (nothing downloaded);
#   - without go (and with a too old one), the toolchain is downloaded, its h1: hash checked, `go version` run, and
#     its bin/ put first on PATH; a second run reuses it without the proxy;
#   - a zip whose hash differs from the expected one is refused and nothing is installed;
#   - GOPROXY=off fails with a message instead of hanging.
# The expected hash is computed here by an independent implementation (Python's zipfile + hashlib, over the zip as Go's
# dirhash.HashZip does). When the real pinned toolchain is already in .tools/go/ (after one run without a system Go),
# it is also re-checked with PATH stripped; the test never downloads it (that costs ~75 MB; see ensure-go.sh).
# Usage: bash scripts/test-ensure-go.sh    (run by scripts/test.sh)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENSURE="$ROOT/scripts/ensure-go.sh"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "  ok    $*"; }
bad() { failed=$((failed + 1)); echo "  FAIL  $*"; }

# PATH without any folder that holds a go.
nogo_path=""
IFS=':' read -r -a dirs <<<"$PATH"
for d in "${dirs[@]}"; do
  [[ -n $d && ! -x "$d/go" ]] && nogo_path="${nogo_path:+$nogo_path:}$d"
done

fake_go() { # <folder> <version>: a `go` that answers `version` and `env GOVERSION`
  mkdir -p "$1"
  printf '#!/bin/sh\ncase "$1" in\n  version) echo "go version go%s linux/amd64" ;;\n  env) [ "$2" = GOPROXY ] && echo "${GOPROXY:-https://proxy.golang.org,direct}" || echo "go%s" ;;\nesac\n' "$2" "$2" >"$1/go"
  chmod 755 "$1/go"
}

case "$(uname -m)" in x86_64|amd64) arch=amd64 ;; aarch64|arm64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
version="1.99.1"
module_version="v0.0.1-go$version.linux-$arch"
proxy="$tmp/proxy"
mkdir -p "$proxy/golang.org/toolchain/@v"
# zip <out> <go-version-the-binary-reports>: a toolchain zip laid out like the real one, without file modes.
make_zip() {
  python3 - "$1" "$module_version" "$2" <<'PY'
import sys, zipfile
out, mv, reports = sys.argv[1:4]
prefix = f"golang.org/toolchain@{mv}/"
script = ('#!/bin/sh\ncase "$1" in\n  version) echo "go version go%s linux/amd64" ;;\n'
          '  env) echo "go%s" ;;\nesac\n') % (reports, reports)
with zipfile.ZipFile(out, "w") as z:
    z.writestr(prefix + "bin/go", script)
    z.writestr(prefix + "pkg/tool/linux_amd64/compile", "#!/bin/sh\n")
    z.writestr(prefix + "VERSION", f"go{reports}\n")
PY
}
h1_of() { # Go's dirhash.HashZip(Hash1), independently
  python3 - "$1" <<'PY'
import base64, hashlib, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
lines = "".join(f"{hashlib.sha256(z.read(n)).hexdigest()}  {n}\n" for n in sorted(i.filename for i in z.infolist()))
print("h1:" + base64.b64encode(hashlib.sha256(lines.encode()).digest()).decode())
PY
}
zip="$proxy/golang.org/toolchain/@v/$module_version.zip"
make_zip "$zip" "$version"
h1="$(h1_of "$zip")"
export GENAI_OTEL_GO_VERSION="$version" GENAI_OTEL_GO_H1="$h1" GOPROXY="file://$proxy,direct"

echo "test-ensure-go: scripts/ensure-go.sh against a file:// proxy in $tmp"

# 1. A suitable go on PATH is kept; nothing is installed.
fake_go "$tmp/newgo" 1.30.2
out="$(env PATH="$tmp/newgo:$nogo_path" GENAI_OTEL_GO_DIR="$tmp/t1" bash -c 'source "$1" && command -v go && go version' _ "$ENSURE" 2>&1)" \
  && [[ "$out" == *"$tmp/newgo/go"* && ! -e "$tmp/t1" ]] && ok "go 1.30.2 on PATH is used as it is" || bad "suitable go on PATH: $out"

# 2. No go: download, verify, install, put on PATH.
dir="$tmp/t2"
out="$(env PATH="$nogo_path" GENAI_OTEL_GO_DIR="$dir" bash -c 'source "$1" && command -v go && go version' _ "$ENSURE" 2>&1)" \
  && [[ "$out" == *"$dir/go$version.linux-$arch/bin/go"*"go version go$version"* ]] && ok "no go: installs go$version and puts it on PATH" \
  || bad "no go on PATH: $out"
[[ -x "$dir/go$version.linux-$arch/pkg/tool/linux_amd64/compile" && -f "$dir/go$version.linux-$arch/.verified" ]] \
  && ok "tool binaries executable, install marked verified" || bad "install incomplete: $(ls -laR "$dir" 2>&1 | head -20)"

# 3. Second run: reused, even with the proxy gone.
out="$(env PATH="$nogo_path" GENAI_OTEL_GO_DIR="$dir" GOPROXY=off bash "$ENSURE" 2>&1)" \
  && [[ "$out" != *downloading* && "$out" == *"go version go$version"* ]] && ok "second run reuses the install (GOPROXY=off)" \
  || bad "reuse: $out"

# 4. A too old go on PATH, and a zip that does not match the expected hash: refused, nothing installed.
fake_go "$tmp/oldgo" 1.24.3
make_zip "$zip" "$version-tampered"
out="$(env PATH="$tmp/oldgo:$nogo_path" GENAI_OTEL_GO_DIR="$tmp/t4" bash "$ENSURE" 2>&1)" && bad "tampered zip accepted: $out" \
  || { [[ "$out" == *"older than"* && "$out" == *"checksum mismatch"* \
        && -z "$(find "$tmp/t4" -mindepth 1 -maxdepth 1 ! -name .lock)" ]] && ok "old go + tampered zip: refused, nothing installed" \
        || bad "tampered zip: $out"; }

# 5. The matching zip with a too old go on PATH: installed and first on PATH.
make_zip "$zip" "$version"
out="$(env PATH="$tmp/oldgo:$nogo_path" GENAI_OTEL_GO_DIR="$tmp/t5" bash -c 'source "$1" && go version' _ "$ENSURE" 2>&1)" \
  && [[ "$out" == *"go version go$version"* ]] && ok "go 1.24.3 on PATH: installs go$version in front of it" || bad "old go: $out"

# 6. No proxy to download from.
out="$(env PATH="$nogo_path" GENAI_OTEL_GO_DIR="$tmp/t6" GOPROXY=off bash "$ENSURE" 2>&1)" && bad "GOPROXY=off succeeded: $out" \
  || { [[ "$out" == *"could not download"* ]] && ok "GOPROXY=off: fails with a message" || bad "GOPROXY=off: $out"; }

# 7. The real pinned toolchain, if a run without a system Go already installed it (never downloaded here).
unset GENAI_OTEL_GO_VERSION GENAI_OTEL_GO_H1 GOPROXY
real="$(ls -d "$ROOT"/.tools/go/go*."linux-$arch" 2>/dev/null | head -n1 || true)"
if [[ -n $real && -f "$real/.verified" ]]; then
  out="$(env PATH="$nogo_path" GOPROXY=off bash "$ENSURE" 2>&1)" && [[ "$out" == *"$real/bin/go"* ]] \
    && ok "pinned toolchain in .tools/go reused without a system go: ${out##*$'\n'}" || bad "pinned toolchain: $out"
else
  echo "  skip  the pinned toolchain is not in .tools/go (only installed when no suitable go is on PATH)"
fi

echo "test-ensure-go: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
