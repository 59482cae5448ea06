# Shared by the collector's shell harnesses (smoke-test.sh, throughput.sh), which source it: background
# processes they start (their PIDs in PIDS), free loopback ports, and waiting for an HTTP endpoint.
# Nothing here runs on its own.

PIDS=()

# Stops every process in PIDS and waits for each.
stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}

free_ports() { # N free TCP ports on 127.0.0.1
  python3 -c '
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks: s.close()' "$1"
}

wait_http() { # url [seconds]: until it answers 2xx
  local url="$1" deadline=$(( $(date +%s) + ${2:-30} ))
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    [[ $(date +%s) -lt $deadline ]] || return 1
    sleep 0.3
  done
}
