#!/usr/bin/env bash
# Installs the system tools the observability checks and the end-to-end test need, from Debian's packages:
#
#   prometheus, promtool       <- package `prometheus` (Debian 12: 2.42.0)
#   alertmanager, amtool       <- package `prometheus-alertmanager` (Debian 12: 0.25.0)
#
# Debian names the Alertmanager binary /usr/bin/prometheus-alertmanager; a symlink /usr/local/bin/alertmanager is
# added so that `alertmanager` works as upstream documents it.
#
# Idempotent: does nothing (and does not touch the network) when all four commands are already on PATH; otherwise
# runs `apt-get update` once and installs only the missing packages, non-interactively, without Recommends
# (prometheus-node-exporter is not needed).
#
# The packages ship services that Debian starts on install (listening on :9090 and :9093). The tests start their own
# instances on ports chosen at run time, so the packaged services are neither needed nor wanted: a policy-rc.d that
# forbids starting services is put in place for the duration of the install (when none exists), and on a machine that
# runs systemd the units are stopped and disabled afterwards. Finally the script checks that nothing it installed
# listens on 9090/9093.
#
# Usage: sudo scripts/install-system-deps.sh    (or as root; prints what it did on stderr)
set -euo pipefail

log() { echo "[install-system-deps] $*" >&2; }

declare -A pkg_of=(
  [prometheus]=prometheus
  [promtool]=prometheus
  [alertmanager]=prometheus-alertmanager
  [amtool]=prometheus-alertmanager
)
services=(prometheus prometheus-alertmanager)

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi

link_alertmanager() {
  if ! command -v alertmanager >/dev/null 2>&1 && [[ -x /usr/bin/prometheus-alertmanager ]]; then
    $SUDO ln -sf /usr/bin/prometheus-alertmanager /usr/local/bin/alertmanager
    log "linked /usr/local/bin/alertmanager -> /usr/bin/prometheus-alertmanager"
  fi
}
link_alertmanager

missing=()
for cmd in prometheus promtool alertmanager amtool; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${pkg_of[$cmd]}")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  log "prometheus, promtool, alertmanager and amtool are present: nothing to do"
  exit 0
fi
mapfile -t pkgs < <(printf '%s\n' "${missing[@]}" | sort -u)

if [[ -n $SUDO ]] && ! command -v sudo >/dev/null 2>&1; then
  log "error: must run as root (or with sudo available)"; exit 1
fi
command -v apt-get >/dev/null 2>&1 || { log "error: apt-get not found (a Debian/Ubuntu machine is expected); install ${pkgs[*]} by hand"; exit 1; }

# Forbid service starts during the install (Debian's invoke-rc.d / deb-systemd-invoke honour policy-rc.d; exit 101 =
# "action forbidden"). An existing policy-rc.d (container images ship one) is left alone.
policy=/usr/sbin/policy-rc.d
added_policy=0
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\n# temporary: added by genai-otel scripts/install-system-deps.sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod 755 "$policy"
  added_policy=1
fi
cleanup() { if [[ $added_policy -eq 1 ]]; then $SUDO rm -f "$policy"; fi; }
trap cleanup EXIT

log "installing ${pkgs[*]} (apt-get update first)"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >&2
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${pkgs[@]}" >&2

# On a systemd machine, make sure the packaged services are not running and do not come back at boot.
if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
  for svc in "${services[@]}"; do
    if systemctl list-unit-files "$svc.service" >/dev/null 2>&1; then
      $SUDO systemctl disable --now "$svc.service" >/dev/null 2>&1 || true
      log "stopped and disabled $svc.service"
    fi
  done
else
  log "no systemd here: the packaged services were not started (policy-rc.d)"
fi

link_alertmanager
for cmd in prometheus promtool alertmanager amtool; do
  command -v "$cmd" >/dev/null 2>&1 || { log "error: $cmd still missing after the install"; exit 1; }
done
log "$(prometheus --version 2>&1 | head -n1)"
log "$(alertmanager --version 2>&1 | head -n1)"

# Nothing installed here may keep the default ports busy.
if command -v ss >/dev/null 2>&1; then
  busy="$(ss -ltnpH 2>/dev/null | grep -E ':(9090|9093)\b' | grep -E 'prometheus|alertmanager' || true)"
  if [[ -n $busy ]]; then
    log "warning: packaged Prometheus/Alertmanager still listening:"; echo "$busy" >&2
    exit 1
  fi
fi
log "done"
