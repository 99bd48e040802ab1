import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { externalRequests, launchChromium, openPage, screenshotDir, type PageSession } from './browser';
import { ALL_METHODS, laneTextHasOnlyTextNodes, pageHash, resultRow, streamedTokens, waitForModel } from './page-helpers';

// The whole page on the bundled tiny reasoner: all five methods on one question, lanes vs results
// table vs exports. Small token budgets keep it to a minute on the software WebGPU adapter.
const METRIC_KEYS = [
  'prompt_tokens', 'thinking_tokens', 'answer_tokens', 'probe_tokens', 'discarded_tokens', 'total_tokens',
  'ttft_ms', 'prefill_tok_s', 'decode_tok_s', 'aggregate_tok_s', 'wall_ms',
] as const;

interface CardLane {
  lane: string;
  method: string;
  answer: string | null;
  stopReason: string;
  metrics: {
    tokens: { prompt: number; thinking: number; answer: number; probe: number; discarded: number; total: number };
    ttftMs: number | null; prefillTokensPerSecond: number | null; decodeTokensPerSecond: number | null; aggregateTokensPerSecond: number | null; wallMs: number;
  };
  cgrs?: { checkpoints: unknown[] };
  ffs?: { winnerRow: number; rows: unknown[] };
}

function metricOf(l: CardLane, key: (typeof METRIC_KEYS)[number]): number | null {
  const m = l.metrics;
  const map = {
    prompt_tokens: m.tokens.prompt, thinking_tokens: m.tokens.thinking, answer_tokens: m.tokens.answer, probe_tokens: m.tokens.probe,
    discarded_tokens: m.tokens.discarded, total_tokens: m.tokens.total, ttft_ms: m.ttftMs, prefill_tok_s: m.prefillTokensPerSecond,
    decode_tok_s: m.decodeTokensPerSecond, aggregate_tok_s: m.aggregateTokensPerSecond, wall_ms: m.wallMs,
  };
  return map[key];
}

async function download(page: Page, testId: string): Promise<string> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await dl.path();
  return readFileSync(path, 'utf8');
}

describe('page: compare all methods on the tiny reasoner', () => {
  let browser: Browser;
  let session: PageSession;
  const FFS_ROWS = 3;

  beforeAll(async () => {
    browser = await launchChromium({ webgpu: true });
    const hash = pageHash({ prompt: 'What is 457 + 386?', methods: ALL_METHODS, max: 20, settings: { 'ffs.maxNewTokens': '20', 'ffs.ffs.n': String(FFS_ROWS) } });
    session = await openPage(browser, `${inject('baseUrl')}${hash}`);
    await waitForModel(session.page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the device, the adapter and the bundled model as ready', async () => {
    const { page } = session;
    const status = page.getByTestId('model-status');
    expect(await status.textContent()).toMatch(/ready/);
    expect(await status.textContent()).toMatch(/webgpu/);
    expect(await status.getAttribute('data-device')).toBe('webgpu');
    expect(((await page.getByTestId('adapter').textContent()) ?? '').toLowerCase()).toContain('swiftshader');
    for (const m of ALL_METHODS) expect(await page.getByTestId(`method-${m}`).isChecked()).toBe(true);
  });

  it('runs every lane to the end; each result row agrees with its lane and the engine’s result', async () => {
    const { page } = session;
    await page.getByTestId('run').click();
    for (const m of ALL_METHODS) {
      await expect.poll(() => page.getByTestId(`lane-${m}`).getAttribute('data-state'), { timeout: 180_000 }).toBe('done');
    }
    const result = await page.evaluate(() => (window as unknown as { __decodingLab?: { lastResult: unknown } }).__decodingLab?.lastResult ?? null) as { lanes: CardLane[] } | null;
    expect(result?.lanes.map((l) => l.lane)).toEqual([...ALL_METHODS]);

    for (const m of ALL_METHODS) {
      const row = await resultRow(page, m);
      const lane = result!.lanes.find((l) => l.lane === m)!;
      for (const key of METRIC_KEYS) expect(row[key], `${m} ${key}`).toBe(metricOf(lane, key));
      expect(row.prompt_tokens!).toBeGreaterThan(0);
      expect(row.thinking_tokens! + row.answer_tokens!).toBeGreaterThan(0);
      expect(row.total_tokens).toBe(row.thinking_tokens! + row.answer_tokens! + row.probe_tokens! + row.discarded_tokens!);
      expect(row.ttft_ms!).toBeGreaterThan(0);
      expect(row.prefill_tok_s!).toBeGreaterThan(0);
      expect(row.decode_tok_s!).toBeGreaterThan(0);
      expect(row.wall_ms!).toBeGreaterThanOrEqual(row.ttft_ms!);

      const streamed = await streamedTokens(page, m);
      if (m === 'ffs') {
        // The lane shows all n rows; the winner's streamed tokens are the trace, the others the discarded ones.
        const rows = page.getByTestId('lane-ffs').locator('.ffs-row');
        expect(await rows.count()).toBe(FFS_ROWS);
        const perRow = await rows.evaluateAll((els) => els.map((e) => ({ tokens: Number(e.getAttribute('data-tokens')), state: e.getAttribute('data-state') })));
        const winners = perRow.filter((r) => r.state === 'winner');
        expect(winners).toHaveLength(1);
        expect(perRow.findIndex((r) => r.state === 'winner')).toBe(lane.ffs!.winnerRow);
        expect(winners[0]!.tokens).toBe(row.thinking_tokens! + row.answer_tokens!);
        expect(perRow.reduce((n, r) => n + r.tokens, 0) - winners[0]!.tokens).toBe(row.discarded_tokens);
        expect(streamed.thinking + streamed.answer).toBe(row.thinking_tokens! + row.answer_tokens! + row.discarded_tokens!);
      } else {
        expect(streamed).toEqual({ thinking: row.thinking_tokens, answer: row.answer_tokens });
      }
      if (m === 'cgrs') {
        const marks = await page.getByTestId('lane-cgrs').getByTestId('cgrs-marks').locator('li.checkpoint').count();
        expect(marks).toBe(lane.cgrs!.checkpoints.length);
      }
    }
    const boxes = await laneTextHasOnlyTextNodes(page);
    expect(boxes.boxes).toBeGreaterThan(ALL_METHODS.length);
    expect(boxes.elementChildren).toBe(0);
    // The chart draws once results exist.
    expect(await page.getByTestId('chart-tokens').locator('canvas').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(screenshotDir(), 'page-desktop.png'), fullPage: true });
  });

  it('exports JSON and CSV that carry the table’s numbers', async () => {
    const { page } = session;
    const card = JSON.parse(await download(page, 'export-json')) as { kind: string; version: number; model: { id: string; device: string }; settings: { methods: string[]; seed: number; prompt: string }; result: { lanes: CardLane[] } };
    expect(card.kind).toBe('decoding-lab/run-card');
    expect(card.model).toMatchObject({ id: 'tiny-reasoner', device: 'webgpu' });
    expect(card.settings).toMatchObject({ methods: [...ALL_METHODS], seed: 1, prompt: 'What is 457 + 386?' });

    const csv = (await download(page, 'export-csv')).trimEnd().split('\r\n').map((line) => line.split(','));
    const header = csv[0]!;
    expect(header).toEqual(['lane', 'method', 'answer', 'correct', 'stop_reason', ...METRIC_KEYS]);
    expect(csv).toHaveLength(1 + ALL_METHODS.length);
    for (const m of ALL_METHODS) {
      const lane = card.result.lanes.find((l) => l.lane === m)!;
      const line = csv.find((cells) => cells[0] === m)!;
      const row = await resultRow(page, m);
      for (const key of METRIC_KEYS) {
        const cell = line[header.indexOf(key)]!;
        expect(cell === '' ? null : Number(cell), `${m} ${key}`).toBe(metricOf(lane, key));
        expect(row[key], `${m} ${key}`).toBe(metricOf(lane, key));
      }
      expect(line[header.indexOf('stop_reason')]).toBe(lane.stopReason);
    }
  });

  it('made no request outside the page and logged no error', () => {
    expect(externalRequests(session.requests)).toEqual([]);
    expect(session.errors).toEqual([]);
  });
});
