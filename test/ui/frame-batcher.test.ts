import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FrameBatcher } from '../../src/ui/services/frame-batcher';

describe('FrameBatcher', () => {
  let frames: Map<number, FrameRequestCallback>;
  beforeEach(() => {
    frames = new Map();
    let next = 1;
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => {
      frames.set(next, cb);
      return next++;
    });
    vi.stubGlobal('cancelAnimationFrame', (id: number) => void frames.delete(id));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });
  const runFrames = () => {
    const cbs = [...frames.values()];
    frames.clear();
    cbs.forEach((cb) => cb(0));
  };

  it('delivers everything pushed before a frame as one batch, in order', () => {
    const batches: number[][] = [];
    const b = new FrameBatcher<number>((items) => batches.push(items));
    b.push([1, 2]);
    b.push([3]);
    expect(batches).toEqual([]);
    expect(frames.size).toBe(1);
    runFrames();
    expect(batches).toEqual([[1, 2, 3]]);
    b.push([4]);
    runFrames();
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('flushes on the timer when frames do not come (background tab), and on demand', () => {
    const batches: number[][] = [];
    const b = new FrameBatcher<number>((items) => batches.push(items), 250);
    b.push([1]);
    vi.advanceTimersByTime(250);
    expect(batches).toEqual([[1]]);
    expect(frames.size).toBe(0);
    b.push([2]);
    b.flush();
    b.flush();
    expect(batches).toEqual([[1], [2]]);
  });
});
