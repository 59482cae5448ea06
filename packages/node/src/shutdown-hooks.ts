/**
 * Flushes telemetry when the process ends: on SIGTERM and SIGINT (then lets the signal do what it would
 * have done), and on a normal exit (`beforeExit`, which comes only once nothing keeps the event loop
 * alive: the exporters must leave it empty between exports). `shutdown` bounds its own duration (the
 * export timeout), so exit is never delayed by more than that; a rejection is swallowed here, never
 * turned into an unhandled one. Returns a function removing the hooks.
 */
export function installShutdownHooks(shutdown: () => Promise<void>): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    void shutdown()
      .catch(() => undefined)
      .finally(() => {
        process.removeListener(signal, onSignal);
        // Re-raise only when nobody else handles the signal: the app's own handler decides otherwise.
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      });
  };
  const onBeforeExit = (): void => {
    process.removeListener('beforeExit', onBeforeExit);
    void shutdown().catch(() => undefined);
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
