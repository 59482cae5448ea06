import { describe, expect, it } from 'vitest';
import { OpenOperations } from './open-operations.js';
import type { Operation } from './operation.js';

/** A stand-in operation: endAll() calls endNow(), which ends it (as Operation.finish unregisters it). */
function addAndRemove(list: OpenOperations): void {
  const op = {} as Operation;
  list.add(op);
  list.remove(op);
}

function fakeOperation(list: OpenOperations, ended: string[], name: string): { op: Operation; unregister: () => void } {
  const op = {
    endNow() {
      ended.push(name);
      unregister();
    },
  } as unknown as Operation;
  const unregister = () => list.remove(op);
  list.add(op);
  return { op, unregister };
}

describe('OpenOperations', () => {
  it('ends every open operation once, and none that ended', () => {
    const list = new OpenOperations();
    const ended: string[] = [];
    const a = fakeOperation(list, ended, 'a');
    fakeOperation(list, ended, 'b');
    a.unregister();
    list.endAll();
    expect(ended).toEqual(['b']);
    expect(list.size).toEqual({ strong: 0, weak: 0 });
    list.endAll();
    expect(ended).toEqual(['b']);
  });

  it('holds an operation open across two generations weakly, and still ends it or forgets it', () => {
    let now = 0;
    const list = new OpenOperations(() => now);
    const ended: string[] = [];
    const long = fakeOperation(list, ended, 'long');
    fakeOperation(list, ended, 'longer');
    // Short calls: 256 registrations 5 s apart turn the generations over.
    const churn = () => {
      now += 5_000;
      for (let i = 0; i < 256; i++) addAndRemove(list);
    };
    churn();
    expect(list.size).toEqual({ strong: 2, weak: 0 });
    churn();
    expect(list.size).toEqual({ strong: 0, weak: 2 });
    long.unregister();
    expect(list.size).toEqual({ strong: 0, weak: 1 });
    list.endAll();
    expect(ended).toEqual(['longer']);
    expect(list.size).toEqual({ strong: 0, weak: 0 });
  });

  it('turns no generation over before 5 s have passed, however many calls', () => {
    let now = 0;
    const list = new OpenOperations(() => now);
    const ended: string[] = [];
    fakeOperation(list, ended, 'open');
    for (let i = 0; i < 10_000; i++) addAndRemove(list);
    now += 4_999;
    for (let i = 0; i < 256; i++) addAndRemove(list);
    expect(list.size).toEqual({ strong: 1, weak: 0 });
    list.endAll();
    expect(ended).toEqual(['open']);
  });
});
