import { beforeAll, describe, expect, it } from 'vitest';
import { IncrementalText } from '../../src/engine/decode/detokenizer';
import { RunEmitter } from '../../src/engine/decode/emitter';
import type { LoadedModel } from '../../src/engine/model/load-model';
import type { RunEvent } from '../../src/protocol/run';
import { buildTestModel, FakeClock, loadTestModel } from './fixtures';

describe('RunEmitter', () => {
  function setup(flushMs = 16, everyTokens = 5) {
    const clock = new FakeClock();
    const batches: RunEvent[][] = [];
    return { clock, batches, emitter: new RunEmitter(clock.now, (b) => batches.push(b), flushMs, everyTokens) };
  }

  it('merges a row\'s consecutive tokens of one phase and flushes when the interval has passed', () => {
    const { clock, batches, emitter } = setup();
    emitter.tokens('a', 0, 'thinking', 'x', 1);
    emitter.tokens('a', 1, 'thinking', 'p', 1);
    emitter.tokens('a', 0, 'thinking', 'y', 1);
    emitter.tokens('a', 0, 'answer', 'z', 1);
    emitter.maybeFlush();
    expect(batches).toHaveLength(0);
    clock.advance(16);
    emitter.maybeFlush();
    expect(batches).toEqual([[
      { type: 'tokens', lane: 'a', row: 0, text: 'xy', count: 2, phase: 'thinking' },
      { type: 'tokens', lane: 'a', row: 1, text: 'p', count: 1, phase: 'thinking' },
      { type: 'tokens', lane: 'a', row: 0, text: 'z', count: 1, phase: 'answer' },
    ]]);
  });

  it('flushes early once enough tokens wait, and keeps other events in order', () => {
    const { batches, emitter } = setup(1000, 3);
    emitter.tokens('a', 0, 'answer', 'x', 1);
    emitter.event({ type: 'checkpoint', lane: 'a', row: 0, position: 1, certainty: 0.5, pSup: 0 });
    emitter.tokens('a', 0, 'answer', 'y', 1);
    emitter.maybeFlush();
    expect(batches).toHaveLength(0);
    emitter.tokens('a', 0, 'answer', 'z', 1);
    emitter.maybeFlush();
    expect(batches[0]!.map((e) => (e.type === 'tokens' ? e.text : e.type))).toEqual(['x', 'checkpoint', 'yz']);
    emitter.flush();
    expect(batches).toHaveLength(1); // nothing pending: no empty batch
  });

  it('spaces flushes further apart while posting is slow, so posting stays a small share of the run', () => {
    const clock = new FakeClock();
    const batches: RunEvent[][] = [];
    const slowSink = (b: RunEvent[]): void => {
      batches.push(b);
      clock.advance(2); // a 2 ms postMessage on a busy machine
    };
    const emitter = new RunEmitter(clock.now, slowSink, 16, 1000);
    emitter.tokens('a', 0, 'answer', 'x', 1);
    clock.advance(16);
    emitter.maybeFlush();
    expect(batches).toHaveLength(1);
    emitter.tokens('a', 0, 'answer', 'y', 1);
    clock.advance(16);
    emitter.maybeFlush();
    expect(batches).toHaveLength(1); // 2 ms of posting every 16 ms would be 11 %
    clock.advance(100 - 16);
    emitter.maybeFlush();
    expect(batches).toHaveLength(2);
  });
});

describe('IncrementalText', () => {
  let model: LoadedModel;
  beforeAll(async () => {
    const { root, id } = await buildTestModel();
    model = await loadTestModel(root, id);
  });

  it('holds text back while a multi-byte character is incomplete and ends with the full decode', () => {
    const text = 'naïve 中文 🙂 — “quoted” ∑x² done';
    const ids = model.tokenizer.encode(text);
    const inc = new IncrementalText(model.tokenizer);
    const pieces = ids.map((id) => inc.push([id]));
    expect(pieces.some((p) => p === '')).toBe(true); // some byte tokens could not be shown alone
    for (const p of pieces) expect(p).not.toContain('\uFFFD');
    expect(pieces.join('') + inc.rest()).toBe(text);
  });

  it('keeps context-dependent spaces right when single tokens decode differently (SentencePiece-style)', () => {
    // A decoder that drops the leading space of a lone token, as Metaspace decoders do.
    const tok = { ...model.tokenizer, tokenText: (id: number) => model.tokenizer.tokenText(id).trimStart() };
    const text = 'It is  spaced out, 中文 too';
    const inc = new IncrementalText(tok);
    const pieces = tok.encode(text).map((id) => inc.push([id]));
    expect(pieces.join('') + inc.rest()).toBe(text);
  });
});
