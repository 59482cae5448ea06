/**
 * Flushes telemetry when the process ends: on SIGTERM and SIGINT (then lets the signal do what it would
 * have done), and on a normal exit (`beforeExit`). `shutdown` bounds its own duration (the export
 * timeout), so exit is never delayed by more than that. Returns a function removing the hooks.
 */
export function installShutdownHooks(shutdown: () => Promise<void>): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    void shutdown().finally(() => {
      process.removeListener(signal, onSignal);
      // Re-raise only when nobody else handles the signal: the app's own handler decides otherwise.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  };
  const onBeforeExit = (): void => {
    process.removeListener('beforeExit', onBeforeExit);
    void shutdown();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  process.on('beforeExit', onBeforeExit);
  return () => {
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('beforeExit', onBeforeExit);
  };
}
