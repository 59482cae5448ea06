/** Runs a fixture app in a child process and lets a test await its output lines and its exit. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

export class ChildApp {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private listeners: Array<() => void> = [];

  /** `cwd` defaults to this folder's fixtures/. */
  constructor(args: string[], env: NodeJS.ProcessEnv, cwd: string = FIXTURES) {
    this.child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.on('data', (chunk: Buffer) => {
      this.stdout += chunk.toString();
      this.notify();
    });
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
      this.notify();
    });
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.notify();
        resolve({ code, signal });
      }),
    );
  }

  /** Resolves when `pattern` has appeared on stdout or stderr; rejects if the app exits first. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const match = (this.stdout + this.stderr).match(pattern);
        if (match) {
          resolve(match);
          return true;
        }
        if (this.child.exitCode !== null || this.child.signalCode !== null) {
          reject(new Error(`app exited before ${pattern}: stdout=${this.stdout} stderr=${this.stderr}`));
          return true;
        }
        return false;
      };
      if (check()) return;
      const listener = () => {
        if (check()) this.listeners = this.listeners.filter((other) => other !== listener);
      };
      this.listeners.push(listener);
    });
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
