/**
 * docker-compose.yml as the end-to-end test runs it without a Docker engine: each service's files are laid out under
 * a directory of this run EXACTLY as the service's `volumes:` lay them out inside its container (bind mounts copied
 * from the repository to their container paths, named volumes as empty folders), and the service's own `command:` is
 * run with every absolute container path moved under that directory. So a config that refers to a file its container
 * cannot see (e.g. Alertmanager's `templates/*.tmpl` when only alertmanager.yml is mounted) misses it here too.
 *
 * Only network addresses are rewritten (compose service names and 0.0.0.0 listeners become 127.0.0.1 and ports
 * chosen at run time: see `rewriteAddresses`); `${VAR}` / `${VAR:-default}` are interpolated from .env as compose
 * does (the shell's environment is not consulted, so the run does not depend on it).
 */
import { cp, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, posix, resolve } from 'node:path';
import { parse } from 'yaml';

export const ROOT = resolve(import.meta.dirname, '..', '..');

export interface ComposeMount {
  type: 'bind' | 'volume';
  /** Absolute host path (bind) or volume name (volume). */
  source: string;
  /** Absolute path inside the container. */
  target: string;
  readOnly: boolean;
}

export interface ComposeService {
  name: string;
  /** `command:` as an argument list (interpolated). */
  command: string[];
  /** `environment:` (interpolated). */
  environment: Record<string, string>;
  mounts: ComposeMount[];
}

export interface Compose {
  services: Record<string, ComposeService>;
}

/** KEY=VALUE lines of a compose .env file. */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match) env[match[1]!] = match[2]!;
  }
  return env;
}

/** Compose interpolation: ${VAR}, ${VAR:-default}, ${VAR-default}, $VAR, and $$ for a literal $. */
export function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, name?: string, op?: string, fallback?: string, bare?: string) => {
      if (match === '$$') return '$';
      const key = (name ?? bare)!;
      const set = env[key];
      if (op === ':-') return set === undefined || set === '' ? fallback! : set;
      if (op === '-') return set === undefined ? fallback! : set;
      if (set === undefined) throw new Error(`docker-compose.yml uses \${${key}} without a default and .env does not set it`);
      return set;
    },
  );
}

function parseMount(spec: unknown, env: Record<string, string>, projectDir: string, service: string): ComposeMount {
  let source: string;
  let target: string;
  let readOnly = false;
  let type: 'bind' | 'volume' | undefined;
  if (typeof spec === 'string') {
    const parts = interpolate(spec, env).split(':');
    [source, target] = [parts[0]!, parts[1] ?? ''];
    readOnly = (parts[2] ?? '').split(',').includes('ro');
  } else if (spec && typeof spec === 'object') {
    const long = spec as { type?: string; source?: string; target?: string; read_only?: boolean };
    source = interpolate(String(long.source ?? ''), env);
    target = interpolate(String(long.target ?? ''), env);
    readOnly = long.read_only === true;
    if (long.type === 'bind' || long.type === 'volume') type = long.type;
    else if (long.type !== undefined) throw new Error(`${service}: volume type ${long.type} is not supported by the e2e layout`);
  } else {
    throw new Error(`${service}: unreadable volume ${JSON.stringify(spec)}`);
  }
  if (!posix.isAbsolute(target)) throw new Error(`${service}: volume target ${JSON.stringify(target)} is not an absolute container path`);
  type ??= source.startsWith('.') || source.startsWith('/') || source.startsWith('~') ? 'bind' : 'volume';
  if (type === 'bind') source = isAbsolute(source) ? source : resolve(projectDir, source);
  return { type, source, target: posix.normalize(target), readOnly };
}

/** docker-compose.yml and .env of the repository (or the given files), interpolated. */
export async function readCompose(file = join(ROOT, 'docker-compose.yml'), envFile = join(dirname(file), '.env')): Promise<Compose> {
  const env = parseEnvFile(await readFile(envFile, 'utf8'));
  const doc = parse(await readFile(file, 'utf8')) as { services: Record<string, Record<string, unknown>> };
  const services: Record<string, ComposeService> = {};
  for (const [name, raw] of Object.entries(doc.services)) {
    const command = raw['command'];
    const environment = raw['environment'];
    services[name] = {
      name,
      command:
        command === undefined
          ? []
          : Array.isArray(command)
            ? command.map((arg) => interpolate(String(arg), env))
            : interpolate(String(command), env).split(/\s+/).filter(Boolean),
      environment: Object.fromEntries(
        Array.isArray(environment)
          ? environment.map((entry: string) => {
              const [key, ...value] = String(entry).split('=');
              return [key!, interpolate(value.join('='), env)];
            })
          : Object.entries((environment ?? {}) as Record<string, unknown>).map(([key, value]) => [key, interpolate(String(value ?? ''), env)]),
      ),
      mounts: ((raw['volumes'] ?? []) as unknown[]).map((spec) => parseMount(spec, env, dirname(file), name)),
    };
  }
  return { services };
}

/** A service's container filesystem, as far as its volumes make it, under `dir`. */
export class ContainerRoot {
  private constructor(
    readonly service: ComposeService,
    readonly dir: string,
  ) {}

  /**
   * Copies every bind mount's host path to `dir` + its container path and creates every named volume as an empty
   * folder (a copy, not a link, so that rendering a config in place never touches the repository). A bind source that
   * does not exist fails here (Docker would mount an empty folder, which fails later and less clearly).
   */
  static async create(service: ComposeService, dir: string): Promise<ContainerRoot> {
    const root = new ContainerRoot(service, dir);
    await mkdir(dir, { recursive: true });
    // Shorter targets first, so a mount inside another one lands on top of it (as in the container).
    for (const mount of [...service.mounts].sort((a, b) => a.target.length - b.target.length)) {
      const target = root.path(mount.target);
      if (mount.type === 'volume') {
        await mkdir(target, { recursive: true });
        continue;
      }
      await stat(mount.source).catch(() => {
        throw new Error(`${service.name}: bind mount source ${mount.source} does not exist`);
      });
      await mkdir(dirname(target), { recursive: true });
      await cp(mount.source, target, { recursive: true });
    }
    return root;
  }

  /** Where a path of the container is on this machine. */
  path(containerPath: string): string {
    if (!posix.isAbsolute(containerPath)) throw new Error(`not an absolute container path: ${containerPath}`);
    return join(this.dir, posix.normalize(containerPath));
  }

  /** Command-line arguments with each absolute container path (`/x`, `--flag=/x`, `-flag=/x`) moved under `dir`. */
  args(args: readonly string[] = this.service.command): string[] {
    return args.map((arg) =>
      arg.replace(/^(-{1,2}[A-Za-z0-9.\-_]+=)?(\/.*)$/, (_, flag: string | undefined, path: string) => `${flag ?? ''}${this.path(path)}`),
    );
  }

  /** The value of `--flag=value` / `-flag=value` in the service's command. */
  flag(name: string): string {
    const arg = this.service.command.find((candidate) => candidate.startsWith(`${name}=`));
    if (arg === undefined) throw new Error(`${this.service.name}: no ${name}= in its compose command`);
    return arg.slice(name.length + 1);
  }
}

/**
 * A service's compose environment for a run on 127.0.0.1: `0.0.0.0:<port>` (a listener of this service) and
 * `<service>:<port>` (another service on the compose network, also inside URLs) become the address chosen for that
 * service port in `addresses` ("collector:4318" -> "127.0.0.1:40123"); a bare `0.0.0.0` becomes 127.0.0.1, and a
 * `*_PORT` variable holding a container port becomes the chosen port. An address without a chosen port throws, so a
 * compose change the test does not know about fails loudly.
 */
export function rewriteAddresses(
  service: string,
  environment: Record<string, string>,
  addresses: ReadonlyMap<string, string>,
  serviceNames: readonly string[],
): Record<string, string> {
  const lookup = (key: string, variable: string): string => {
    const address = addresses.get(key);
    if (address === undefined) throw new Error(`${service}: ${variable} refers to ${key}, which the e2e stack does not provide`);
    return address;
  };
  const hosts = new RegExp(`\\b(${serviceNames.map((name) => name.replace(/[-.]/g, '\\$&')).join('|')}):(\\d+)\\b`, 'g');
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(environment)) {
    let rewritten = value
      .replace(/\b0\.0\.0\.0:(\d+)\b/g, (_, port: string) => lookup(`${service}:${port}`, key))
      .replace(hosts, (match: string) => lookup(match, key));
    if (rewritten === '0.0.0.0') rewritten = '127.0.0.1';
    if (/_PORT$/.test(key) && /^\d+$/.test(rewritten)) rewritten = lookup(`${service}:${rewritten}`, key).split(':').pop()!;
    out[key] = rewritten;
  }
  return out;
}
