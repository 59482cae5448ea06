/**
 * ExportGate in-process, with a fake exporter whose exports end when the test says: no export overlaps
 * another metric export until exit, a failed one costs the next interval, and the flush at exit neither waits
 * for the exports still running nor hides what it lost.
 */
import { describe, expect, it } from 'vitest';
import { ExportGate } from '../src/export-gate.js';

type Result = { code: number; error?: Error };

class FakeExporter {
  readonly sent: Array<{ items: string; end: (code: 0 | 1) => void }> = [];
  export(items: string, callback: (result: Result) => void): void {
    if (items === 'throw') throw new Error('serializer bug');
    this.sent.push({ items, end: (code) => callback({ code }) });
  }
  selectAggregationTemporality(): number {
    return 42;
  }
  async shutdown(): Promise<void> {}
}

function exportVia(exporter: { export(items: string, callback: (result: Result) => void): void }, items: string): Result[] {
  const results: Result[] = [];
  exporter.export(items, (result) => results.push(result));
  return results;
}

function setup(paced: boolean) {
  const gate = new ExportGate();
  const inner = new FakeExporter();
  const gated = gate.add<string>(inner as never, { paced });
  return { gate, inner, gated };
}

describe('ExportGate', () => {
  it('metrics: fails an export at once while the previous one runs', () => {
    const { inner, gated } = setup(true);
    const first = exportVia(gated, 'a');
    const second = exportVia(gated, 'b');
    expect(inner.sent.map((sent) => sent.items)).toEqual(['a']);
    expect(second).toEqual([{ code: 1, error: new Error('genai-otel: export skipped, the previous one to the OTLP endpoint is still running') }]);
    inner.sent[0]!.end(0);
    expect(first).toEqual([{ code: 0 }]);
    exportVia(gated, 'c');
    expect(inner.sent.map((sent) => sent.items)).toEqual(['a', 'c']);
  });

  it('metrics: after a failed export the next one fails at once, the one after goes through', () => {
    const { inner, gated } = setup(true);
    exportVia(gated, 'a');
    inner.sent[0]!.end(1);
    expect(exportVia(gated, 'b')).toEqual([{ code: 1, error: new Error('genai-otel: export skipped after a failed one; the next interval tries again') }]);
    exportVia(gated, 'c');
    expect(inner.sent.map((sent) => sent.items)).toEqual(['a', 'c']);
  });

  it('spans: not paced (an app’s forceFlush during an export is sent; a failure does not cost the next batch)', () => {
    const { inner, gated } = setup(false);
    exportVia(gated, 'a');
    exportVia(gated, 'b');
    inner.sent[0]!.end(1);
    exportVia(gated, 'c');
    expect(inner.sent.map((sent) => sent.items)).toEqual(['a', 'b', 'c']);
  });

  it('at exit: stops waiting for running exports, lets every export through, and reports what was not delivered', () => {
    const { gate, inner, gated } = setup(true);
    const running = exportVia(gated, 'a');
    gate.close();
    expect(running).toEqual([{ code: 1, error: new Error('genai-otel: export still running at exit; not waited for') }]);
    const final = exportVia(gated, 'b');
    const another = exportVia(gated, 'c');
    expect(inner.sent.map((sent) => sent.items)).toEqual(['a', 'b', 'c']);
    expect(gate.lostAtExit()).toBe(true);
    inner.sent[0]!.end(0);
    inner.sent[1]!.end(0);
    expect(gate.lostAtExit()).toBe(true);
    inner.sent[2]!.end(1);
    expect(gate.lostAtExit()).toBe(true);
    expect([...running, ...final, ...another]).toEqual([{ code: 1, error: expect.any(Error) }, { code: 0 }, { code: 1 }]);
  });

  it('at exit: nothing lost when every export at exit succeeds, whatever failed before', () => {
    const { gate, inner, gated } = setup(true);
    exportVia(gated, 'a');
    inner.sent[0]!.end(1);
    gate.close();
    exportVia(gated, 'b');
    inner.sent[1]!.end(0);
    expect(gate.lostAtExit()).toBe(false);
  });

  it('an exporter that throws gives a failed export, not an exception', () => {
    const { gated } = setup(false);
    expect(exportVia(gated, 'throw')).toEqual([{ code: 1, error: new Error('serializer bug') }]);
  });

  it('forwards the metric exporter’s temporality selection', () => {
    const { gated } = setup(true);
    expect(gated.selectAggregationTemporality?.(0 as never)).toBe(42);
    expect(gated.selectAggregation).toBeUndefined();
  });
});
