#!/usr/bin/env python3
"""Static checks of docker-compose.yml and .env (no Docker engine needed).

Checks:
  - docker-compose.yml parses; every ${VAR} it uses without a default is set in .env;
  - every service's image is `${NAME}` with NAME in .env pinned to an explicit version (no `latest`, no bare name);
  - every bind-mounted path exists in the repository (paths owned by issues that have not landed yet are reported
    as PENDING and only fail with --strict), repository mounts are read-only, named volumes are declared;
  - config files named in a service's command (e.g. --config.file=/etc/...) exist behind their bind mount;
  - files those configs load exist inside the same container: Alertmanager's `templates:`, Prometheus' `rule_files:`
    (both relative to the config file) and Grafana's dashboard provider paths each match at least one file behind the
    service's mounts (a single-file mount does not bring the folder next to it; the end-to-end test runs these services
    from the same layout, e2e/harness/compose-layout.ts);
  - every service has a healthcheck, or an `x-healthcheck-reason` saying why not; `condition: service_healthy`
    only points at services with a healthcheck;
  - published ports name a host address (BIND_ADDRESS), so nothing listens on all interfaces by default;
  - no Compose-v2-only keys that docker-compose 1.29 rejects (healthcheck.start_interval, depends_on.*.required,
    top-level include, service develop);
  - the collector image's version equals the v0.N pinned in collector/manifest.yaml and scripts/build-collector.sh;
  - if `docker-compose` (Debian's 1.29) is installed: `docker-compose config -q` passes.

Usage: python3 scripts/check-compose.py [--strict]
Prints one line per check and "N passed, M failed" last; exits 1 on any failure.
"""
from __future__ import annotations

import os
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
ENV_FILE = ROOT / ".env"
MANIFEST = ROOT / "collector" / "manifest.yaml"
BUILD_SCRIPT = ROOT / "scripts" / "build-collector.sh"

# Mounted paths written by other issues. Missing ones are reported as PENDING (a failure only with --strict);
# remove an entry once its path is in the repository.
PENDING = {
    "alerts": "alert rules (alerts/rules/*.yaml)",
    "alertmanager/alertmanager.yml": "Alertmanager configuration",
    "dashboards": "Grafana dashboards",
    "dashboards/provisioning": "Grafana provisioning (datasources, dashboard providers)",
}

V2_ONLY_SERVICE_KEYS = {"develop"}
V2_ONLY_TOP_KEYS = {"include"}

passed = 0
failed = 0
pending = 0


def ok(msg: str) -> None:
    global passed
    passed += 1
    print(f"  ok      {msg}")


def fail(msg: str) -> None:
    global failed
    failed += 1
    print(f"  FAIL    {msg}")


def pend(msg: str, strict: bool) -> None:
    global pending
    if strict:
        fail(msg)
    else:
        pending += 1
        print(f"  PENDING {msg}")


def parse_env(path: Path) -> dict[str, str]:
    env: dict[str, str] = {}
    for n, line in enumerate(path.read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)", line)
        if not m:
            fail(f".env line {n} is not KEY=VALUE: {line!r}")
            continue
        env[m.group(1)] = m.group(2)
    return env


def interpolations(text: str) -> list[tuple[str, bool]]:
    """(name, has_default) for every ${VAR...} / $VAR in text, skipping escaped $$."""
    out = []
    for m in re.finditer(r"(?<!\$)\$(?:\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))", text):
        if m.group(1):
            out.append((m.group(1), m.group(2).startswith((":-", "-", ":?", "?", ":+", "+"))))
        else:
            out.append((m.group(3), False))
    return out


def substitute(value: str, env: dict[str, str]) -> str:
    def repl(m: re.Match[str]) -> str:
        name = m.group(1) or m.group(3)
        rest = m.group(2) or ""
        if name in env:
            return env[name]
        if rest.startswith((":-", "-")):
            return rest.split("-", 1)[1]
        return ""

    value = re.sub(r"(?<!\$)\$(?:\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))", repl, value)
    return value.replace("$$", "$")


def pinned(image: str) -> bool:
    if "@sha256:" in image:
        return True
    name, _, tag = image.rpartition(":")
    if not name or "/" in tag:  # no tag at all (a ':' only in a registry host:port)
        return False
    return tag != "latest" and re.search(r"\d", tag) is not None


def bind_mounts(service: dict) -> list[tuple[str, str, bool]]:
    """(source, target, read_only) for bind mounts; named volumes have a source without / or . prefix."""
    out = []
    for v in service.get("volumes", []) or []:
        if isinstance(v, str):
            parts = v.split(":")
            src, dst = parts[0], parts[1] if len(parts) > 1 else ""
            ro = len(parts) > 2 and "ro" in parts[2].split(",")
            out.append((src, dst, ro))
        elif isinstance(v, dict):
            out.append((str(v.get("source", "")), str(v.get("target", "")), bool(v.get("read_only", False))))
    return out


def container_to_host(path: str, targets: list[tuple[str, Path]]) -> Path | None:
    """The host path behind a container path, through the service's bind mounts (the longest target wins)."""
    for dst, host in sorted(targets, key=lambda t: -len(t[0])):
        if path == dst:
            return host
        if path.startswith(dst.rstrip("/") + "/"):
            return host / os.path.relpath(path, dst)
    return None


def check_loaded_files(name: str, svc: dict, command: list, targets: list[tuple[str, Path]]) -> None:
    """Files that a service's config loads must be visible in its container (through its own mounts)."""
    def config_arg(flag: str) -> str | None:
        for arg in command:
            if str(arg).startswith(flag + "="):
                return str(arg).split("=", 1)[1]
        return None

    globs: list[tuple[str, str]] = []  # (what, container glob)
    config = config_arg("--config.file")
    host_config = container_to_host(config, targets) if config else None
    if host_config is not None and host_config.is_file():
        doc = yaml.safe_load(host_config.read_text()) or {}
        base = posixpath.dirname(config)
        if name == "alertmanager":
            globs += [("templates", posixpath.join(base, g)) for g in doc.get("templates") or []]
        if name == "prometheus":
            globs += [("rule_files", posixpath.join(base, g)) for g in doc.get("rule_files") or []]
    if name == "grafana":
        provisioning = container_to_host("/etc/grafana/provisioning/dashboards", targets)
        for f in sorted(provisioning.glob("*.y*ml")) if provisioning and provisioning.is_dir() else []:
            for provider in (yaml.safe_load(f.read_text()) or {}).get("providers") or []:
                path = (provider.get("options") or {}).get("path")
                if path:
                    globs.append((f"dashboard provider {provider.get('name')}", posixpath.join(path, "*.json")))
    for what, pattern in globs:
        pattern = posixpath.normpath(pattern)
        wildcard = next((i for i, c in enumerate(pattern) if c in "*?["), len(pattern))
        fixed = pattern[: pattern.rfind("/", 0, wildcard) if wildcard < len(pattern) else len(pattern)]
        host = container_to_host(fixed, targets)
        if host is None:
            fail(f"{name}: {what} {pattern} is outside every bind mount of the service (its container cannot see it)")
            continue
        rest = os.path.relpath(pattern, fixed) if pattern != fixed else ""
        matches = sorted(host.glob(rest)) if rest else ([host] if host.exists() else [])
        if matches:
            ok(f"{name}: {what} {pattern} -> {len(matches)} file(s) in the container")
        else:
            fail(f"{name}: {what} {pattern} matches no file in the container ({os.path.relpath(host, ROOT)}/{rest})")


def main() -> int:
    strict = "--strict" in sys.argv[1:]
    print(f"check-compose: {COMPOSE.relative_to(ROOT)} + {ENV_FILE.relative_to(ROOT)}")
    raw = COMPOSE.read_text()
    try:
        doc = yaml.safe_load(raw)
        ok("docker-compose.yml parses as YAML")
    except yaml.YAMLError as e:
        fail(f"docker-compose.yml does not parse: {e}")
        return report()
    if not ENV_FILE.exists():
        fail(".env is missing")
        return report()
    env = parse_env(ENV_FILE)
    ok(f".env parses ({len(env)} settings)")

    if "version" in doc:
        fail("top-level `version:` is obsolete in the Compose spec; remove it")
    for key in V2_ONLY_TOP_KEYS & set(doc):
        fail(f"top-level `{key}` is Compose-v2-only (docker-compose 1.29 rejects it)")

    # Interpolated variables.
    missing = sorted({n for n, has_default in interpolations(raw) if not has_default and n not in env})
    if missing:
        fail(f"variables used without default and not set in .env: {', '.join(missing)}")
    else:
        ok("every ${VAR} without a default is set in .env")
    unused = sorted(set(env) - {n for n, _ in interpolations(raw)})
    if unused:
        fail(f".env settings that docker-compose.yml never uses: {', '.join(unused)}")
    else:
        ok("every .env setting is used by docker-compose.yml")

    services: dict = doc.get("services") or {}
    if not services:
        fail("no services")
        return report()
    declared_volumes = set((doc.get("volumes") or {}).keys())

    for name, svc in services.items():
        svc = svc or {}
        # Image pinned through .env.
        image = svc.get("image")
        m = re.fullmatch(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", str(image or ""))
        if not m:
            fail(f"{name}: image must be ${{SOME_IMAGE}} from .env, got {image!r}")
        elif m.group(1) not in env:
            fail(f"{name}: image variable {m.group(1)} is not set in .env")
        elif not pinned(env[m.group(1)]):
            fail(f"{name}: {m.group(1)}={env[m.group(1)]} is not pinned to a version")
        else:
            ok(f"{name}: image {env[m.group(1)]} pinned in .env ({m.group(1)})")

        for key in V2_ONLY_SERVICE_KEYS & set(svc):
            fail(f"{name}: `{key}` is Compose-v2-only")

        # Mounts.
        mounts = bind_mounts(svc)
        targets: list[tuple[str, Path]] = []
        for src, dst, ro in mounts:
            src_s = substitute(src, env)
            if src_s.startswith((".", "/")):
                host = (ROOT / src_s).resolve() if not src_s.startswith("/") else Path(src_s)
                rel = os.path.relpath(host, ROOT)
                targets.append((dst, host))
                if host.exists():
                    ok(f"{name}: mounted {rel} exists")
                elif rel in PENDING:
                    pend(f"{name}: mounted {rel} does not exist yet ({PENDING[rel]}, another issue)", strict)
                else:
                    fail(f"{name}: mounted {rel} does not exist")
                if str(host).startswith(str(ROOT)) and not ro:
                    fail(f"{name}: repository path {rel} must be mounted read-only (:ro)")
            elif src_s:
                if src_s in declared_volumes:
                    ok(f"{name}: named volume {src_s} declared")
                else:
                    fail(f"{name}: named volume {src_s} not declared under top-level volumes:")

        # Files referenced by the command through a bind mount.
        command = svc.get("command") or []
        if isinstance(command, str):
            command = command.split()
        for arg in command:
            for path in re.findall(r"(/etc/[^\s=,\"']+\.ya?ml)", str(arg)):
                for dst, host in sorted(targets, key=lambda t: -len(t[0])):
                    if path == dst or path.startswith(dst.rstrip("/") + "/"):
                        hp = host / os.path.relpath(path, dst) if path != dst else host
                        rel = os.path.relpath(hp, ROOT)
                        if hp.exists():
                            ok(f"{name}: command file {path} -> {rel} exists")
                        elif any(rel == p or rel.startswith(p + "/") for p in PENDING):
                            pend(f"{name}: command file {path} -> {rel} does not exist yet (another issue)", strict)
                        else:
                            fail(f"{name}: command file {path} -> {rel} does not exist")
                        break
                else:
                    fail(f"{name}: command file {path} is not inside any bind mount")

        check_loaded_files(name, svc, command, targets)

        # Health check or a documented reason.
        hc = svc.get("healthcheck")
        reason = svc.get("x-healthcheck-reason")
        if hc and not hc.get("disable") and hc.get("test"):
            if "start_interval" in hc:
                fail(f"{name}: healthcheck.start_interval is Compose-v2-only")
            else:
                ok(f"{name}: has a healthcheck")
        elif isinstance(reason, str) and reason.strip():
            ok(f"{name}: no healthcheck, reason documented ({reason.strip()[:60]}...)")
        else:
            fail(f"{name}: needs a healthcheck or an x-healthcheck-reason")

        deps = svc.get("depends_on") or {}
        if isinstance(deps, dict):
            for dep, spec in deps.items():
                if dep not in services:
                    fail(f"{name}: depends_on unknown service {dep}")
                    continue
                spec = spec or {}
                if "required" in spec:
                    fail(f"{name}: depends_on.{dep}.required is Compose-v2-only")
                if spec.get("condition") == "service_healthy" and not (services[dep] or {}).get("healthcheck"):
                    fail(f"{name}: waits for {dep} to be healthy, but {dep} has no healthcheck")

        for port in svc.get("ports", []) or []:
            p = substitute(str(port), env)
            if len(p.split(":")) < 3:
                fail(f"{name}: port {port!r} publishes on all interfaces; prefix it with ${{BIND_ADDRESS}}:")
        if svc.get("ports"):
            ok(f"{name}: published ports bind to a host address")

    check_collector_versions(env)

    if shutil.which("docker-compose"):
        r = subprocess.run(["docker-compose", "-f", str(COMPOSE), "config", "-q"], cwd=ROOT,
                           capture_output=True, text=True)
        if r.returncode == 0:
            ok("docker-compose config -q (docker-compose 1.29 schema)")
        else:
            fail(f"docker-compose config -q: {(r.stderr or r.stdout).strip()}")
    else:
        print("  skip    docker-compose not installed (apt-get install docker-compose for the schema check)")
    return report()


def check_collector_versions(env: dict[str, str]) -> None:
    manifest = yaml.safe_load(MANIFEST.read_text())
    versions = set()
    for section in ("receivers", "processors", "exporters", "extensions", "connectors"):
        for mod in manifest.get(section) or []:
            versions.add(mod["gomod"].split()[1])
    if len(versions) != 1:
        fail(f"collector/manifest.yaml mixes component versions: {sorted(versions)}")
        return
    (version,) = versions
    ok(f"collector/manifest.yaml pins every component to {version}")
    image = env.get("COLLECTOR_CONTRIB_IMAGE", "")
    if image.rpartition(":")[2] == version.lstrip("v"):
        ok(f"COLLECTOR_CONTRIB_IMAGE {image} matches the manifest")
    else:
        fail(f"COLLECTOR_CONTRIB_IMAGE {image} does not match the manifest's {version}")
    m = re.search(r'^BUILDER_VERSION="([^"]+)"', BUILD_SCRIPT.read_text(), re.M)
    if m and m.group(1) == version:
        ok(f"scripts/build-collector.sh BUILDER_VERSION {m.group(1)} matches the manifest")
    else:
        fail(f"scripts/build-collector.sh BUILDER_VERSION {m.group(1) if m else '?'} != manifest {version}")


def report() -> int:
    tail = f" ({pending} pending on other issues)" if pending else ""
    print(f"check-compose{tail}:")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
