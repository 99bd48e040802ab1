/**
 * The token views as a new user meets them: the built page opened with no URL hash, nothing touched, Run
 * pressed (WASM: no WebGPU in this browser). Then every lane has a token strip with one cell per trace token,
 * the keyboard reaches a token and its tooltip, the divergence list and departure marks agree with the
 * traces, the curves are drawn, and the JSON export holds the traces. Structure and consistency only: the
 * bundled model's outputs are not asserted.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { externalRequests, launchChromium, openPage, type PageSession } from './browser';
import { resultRow, waitForModel } from './page-helpers';

interface Token { id: number; text: string; forced: boolean; suppressed: boolean; top: { id: number }[] }
interface Rows { winnerRow: number; rows: { row: number; tokens: number; trace?: Token[] }[] }
interface Lane {
  lane: string;
  method: string;
  metrics: { tokens: { thinking: number; answer: number }; forcedTokens: number };
  trace?: Token[];
  cgrs?: { checkpoints: { position: number }[] };
  ffs?: Rows;
  vote?: Rows;
}

const lastLanes = (page: Page) =>
  page.evaluate(() => (window as unknown as { __decodingLab?: { lastResult: { lanes: unknown[] } | null } }).__decodingLab?.lastResult?.lanes ?? null) as Promise<Lane[] | null>;

/** Presses Run and waits for the run's result and every lane card to be done (page waits: usable in beforeAll). */
async function runDefaults(page: Page): Promise<Lane[]> {
  await page.locator('[data-testid=run]:enabled').waitFor({ timeout: 20_000 });
  await page.getByTestId('run').click();
  await page.waitForFunction(() => (window as unknown as { __decodingLab?: { lastResult: unknown } }).__decodingLab?.lastResult, null, { timeout: 90_000 });
  const lanes = (await lastLanes(page))!;
  for (const l of lanes) await page.locator(`[data-testid=lane-${l.lane}][data-state=done]`).waitFor({ timeout: 10_000 });
  return lanes;
}

function commonPrefix(a: Token[], b: Token[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i]!.id === b[i]!.id) i++;
  return i;
}

const cellCount = (page: Page, testId: string) => page.getByTestId(testId).evaluate((el) => el.children.length);
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('page: token views after a first Run (no hash, nothing touched)', () => {
  let browser: Browser;
  let session: PageSession;
  let lanes: Lane[];

  beforeAll(async () => {
    browser = await launchChromium({ webgpu: false });
    session = await openPage(browser, inject('baseUrl'));
    const status = await waitForModel(session.page);
    expect(await status.getAttribute('data-device')).toBe('wasm');
    lanes = await runDefaults(session.page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('every lane has a strip with one cell per trace token, as many as the results table counts; FFS one per row', async () => {
    const { page } = session;
    expect(lanes.length).toBeGreaterThanOrEqual(2);
    for (const l of lanes) {
      const row = await resultRow(page, l.lane);
      const shown = row.thinking_tokens! + row.answer_tokens!;
      expect(l.trace, l.lane).toHaveLength(shown);
      expect(await cellCount(page, `token-strip-${l.lane}`), l.lane).toBe(shown);
      const strip = page.getByTestId(`token-strip-${l.lane}`);
      expect(await strip.locator('.tok.fz').count(), `${l.lane} forced`).toBe(l.metrics.forcedTokens);
      expect(await strip.locator('.tok.sup').count(), `${l.lane} suppressed`).toBe(l.trace!.filter((t) => t.suppressed).length);
      expect(await strip.locator('[data-cp]').count(), `${l.lane} checkpoints`).toBe((l.cgrs?.checkpoints ?? []).filter((c) => c.position >= 1).length);
      expect(await strip.locator('[data-end]').count()).toBe(1);
      for (const r of l.ffs?.rows ?? []) {
        if (r.row === l.ffs!.winnerRow) continue;
        expect(await cellCount(page, `token-strip-${l.lane}-row-${r.row}`), `${l.lane} row ${r.row}`).toBe(r.tokens);
      }
    }
    // The CGRS lane's list of marks numbers tokens as the strip does.
    const cgrs = lanes.find((l) => l.cgrs)!;
    const listed = await page.getByTestId(`lane-${cgrs.lane}`).locator('[data-testid=cgrs-marks] li.suppressed')
      .evaluateAll((els) => els.map((e) => Number(/^token (\d+)/.exec(e.textContent ?? '')?.[1])));
    const striped = await page.getByTestId(`token-strip-${cgrs.lane}`).evaluate((el) =>
      [...el.children].flatMap((c, i) => (c.classList.contains('sup') ? [i + 1] : [])));
    expect(listed).toEqual(striped);
    expect(lanes.some((l) => l.ffs && l.ffs.rows.length > 1), 'the defaults include an FFS lane with several rows').toBe(true);
    expect(lanes.some((l) => (l.cgrs?.checkpoints.length ?? 0) > 0), 'the defaults include a CGRS lane with checkpoints').toBe(true);
  });

  it('Tab reaches a token, arrows move between tokens, the tooltip shows the top 5 and the entropy', async () => {
    const { page } = session;
    const greedy = lanes.find((l) => l.method === 'greedy')!;
    const card = page.getByTestId(`lane-${greedy.lane}`);
    // The strip's section heading is the control before the first token in the tab order.
    await card.locator('.lane-tokens > summary').focus();
    await page.keyboard.press('Tab');
    const focusedIndex = () => page.evaluate(() => {
      const el = document.activeElement!;
      return { strip: el.parentElement?.getAttribute('data-testid'), index: [...el.parentElement!.children].indexOf(el) };
    });
    expect(await focusedIndex()).toEqual({ strip: `token-strip-${greedy.lane}`, index: 0 });
    await page.keyboard.press('ArrowRight');
    expect(await focusedIndex()).toEqual({ strip: `token-strip-${greedy.lane}`, index: 1 });
    const tip = card.getByTestId('token-tip');
    expect(await tip.isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement!.getAttribute('aria-describedby'))).toBe(await tip.getAttribute('id'));
    expect(await tip.textContent()).toMatch(/^Token 2 of \d+/);
    expect(await tip.textContent()).toMatch(/entropy \d+\.\d\d nats/);
    const alternatives = tip.getByTestId('token-tip-alternatives').locator('li');
    expect(await alternatives.count()).toBe(5);
    // Greedy writes the most probable token: the first alternative is the chosen one.
    expect(await alternatives.first().getAttribute('class')).toBe('chosen');
    await page.keyboard.press('End');
    expect((await focusedIndex()).index).toBe(greedy.trace!.length - 1);
    await page.keyboard.press('Escape');
    expect(await tip.isVisible()).toBe(false);
    // Hovering a token shows its tooltip too.
    await page.getByTestId(`token-strip-${greedy.lane}`).locator('.tok').nth(2).hover();
    expect(await tip.textContent()).toMatch(/^Token 3 of/);
  });

  it('the shading toggle is page-wide: one attribute on the lanes section', async () => {
    const { page } = session;
    const section = page.locator('.lanes-section');
    expect(await section.getAttribute('data-shade')).toBe('p');
    await page.getByTestId('shade-entropy').check();
    expect(await section.getAttribute('data-shade')).toBe('entropy');
    await page.getByTestId('shade-p').check();
    expect(await section.getAttribute('data-shade')).toBe('p');
  });

  it('lists every pair of lanes with its common prefix, and marks each lane’s departure on its strip', async () => {
    const { page } = session;
    const items = page.getByTestId('divergence-list').locator('li');
    expect(await items.count()).toBe((lanes.length * (lanes.length - 1)) / 2);
    const shown = await items.evaluateAll((els) => els.map((e) => [e.getAttribute('data-a'), e.getAttribute('data-b'), Number(e.getAttribute('data-common')), e.textContent]));
    for (const [a, b, common, text] of shown) {
      const la = lanes.find((l) => l.lane === a)!;
      const lb = lanes.find((l) => l.lane === b)!;
      expect(common, `${a}/${b}`).toBe(commonPrefix(la.trace!, lb.trace!));
      expect(text).toMatch(/ (agree for \d+ tokens?|differ from the first token|write the same \d+ tokens?)/);
    }
    for (const l of lanes) {
      const position = Math.max(...lanes.filter((o) => o !== l).map((o) => commonPrefix(l.trace!, o.trace!)));
      const marked = await page.getByTestId(`token-strip-${l.lane}`).evaluate((el) => [...el.children].findIndex((c) => c.classList.contains('dv')));
      expect(marked, l.lane).toBe(position < l.trace!.length ? position : -1);
    }
  });

  it('draws the curves: entropy per lane, CGRS certainty, |S|, each with an accessible label', async () => {
    const { page } = session;
    const cgrs = lanes.find((l) => l.cgrs)!;
    for (const id of ['chart-entropy', `chart-certainty-${cgrs.lane}`, 'chart-kept']) {
      const chart = page.getByTestId(id);
      await expect.poll(() => chart.locator('canvas').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      expect(await chart.getAttribute('role')).toBe('img');
      expect(await chart.getAttribute('aria-label'), id).toMatch(/\w/);
    }
    expect(await page.getByTestId('chart-entropy').getAttribute('aria-label')).toMatch(/\(nats\) by trace position \(tokens\)/);
    expect(await page.getByTestId(`chart-certainty-${cgrs.lane}`).getAttribute('aria-label')).toMatch(/δ = \d\.\d\d/);
  });

  it('the JSON export holds every trace (lanes and FFS rows)', async () => {
    const { page, requests, errors } = session;
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    const card = JSON.parse(readFileSync((await dl.path())!, 'utf8')) as { result: { lanes: Lane[] } };
    expect(card.result.lanes.map((l) => l.lane)).toEqual(lanes.map((l) => l.lane));
    for (const l of card.result.lanes) {
      expect(l.trace, l.lane).toHaveLength(l.metrics.tokens.thinking + l.metrics.tokens.answer);
      expect(l.trace!.filter((t) => !t.forced).every((t) => t.top.length === 5)).toBe(true);
      for (const r of l.ffs?.rows ?? []) expect(r.trace, `${l.lane} row ${r.row}`).toHaveLength(r.tokens);
    }
    expect(externalRequests(requests)).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('page: token views of the papers’ baselines (vote, budget, NoWait), from a link', () => {
  it('a strip per trace token, and per vote row', async () => {
    const browser = await launchChromium({ webgpu: false });
    try {
      // A thinking budget of 40 tokens, so budget forcing likely cuts the thinking (its forced tokens are then checked).
      const hash = new URLSearchParams({
        v: '2', model: 'tiny-reasoner', prompt: 'What is 47 + 38?', seed: '3', methods: 'vote,budget,nowait', max: '120', device: 'wasm',
        'budget.budget.thinkingTokens': '40',
      });
      const { page, errors } = await openPage(browser, `${inject('baseUrl')}#${hash.toString()}`);
      await waitForModel(page);
      const lanes = await runDefaults(page);
      expect(lanes.map((l) => l.method)).toEqual(['vote', 'budget', 'nowait']);
      for (const l of lanes) {
        expect(await cellCount(page, `token-strip-${l.lane}`), l.lane).toBe(l.trace!.length);
        expect(await page.getByTestId(`token-strip-${l.lane}`).locator('.tok.fz').count(), `${l.lane} forced`).toBe(l.trace!.filter((t) => t.forced).length);
        expect(await page.getByTestId(`token-strip-${l.lane}`).locator('.tok.sup').count()).toBe(l.trace!.filter((t) => t.suppressed).length);
        if (!l.vote) expect(l.trace!.length, l.lane).toBe(l.metrics.tokens.thinking + l.metrics.tokens.answer);
      }
      // A vote counts every row's tokens as thinking + answer (none is discarded): the row strips add up to them.
      const vote = lanes.find((l) => l.vote)!;
      let cells = 0;
      for (const r of vote.vote!.rows) {
        const id = r.row === vote.vote!.winnerRow ? `token-strip-${vote.lane}` : `token-strip-${vote.lane}-row-${r.row}`;
        expect(await cellCount(page, id), id).toBe(r.tokens);
        cells += r.tokens;
      }
      expect(cells).toBe(vote.metrics.tokens.thinking + vote.metrics.tokens.answer);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe('page: token views on a phone (390×844)', () => {
  it('strips wrap, the tooltip stays on screen, and nothing is wider than the screen', async () => {
    const browser = await launchChromium({ webgpu: false });
    try {
      const { page, errors } = await openPage(browser, inject('baseUrl'), { width: 390, height: 844 });
      await waitForModel(page);
      const lanes = await runDefaults(page);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      for (const l of lanes) {
        const box = (await page.getByTestId(`token-strip-${l.lane}`).boundingBox())!;
        expect(box.x + box.width, l.lane).toBeLessThanOrEqual(390);
      }
      // The last token of a strip sits at the end of a line; its tooltip must not push past the screen.
      const strip = page.getByTestId(`token-strip-${lanes[0]!.lane}`);
      await strip.locator('.tok').first().focus();
      await page.keyboard.press('End');
      const tip = page.getByTestId(`lane-${lanes[0]!.lane}`).getByTestId('token-tip');
      expect(await tip.isVisible()).toBe(true);
      const tipBox = (await tip.boundingBox())!;
      expect(tipBox.x).toBeGreaterThanOrEqual(0);
      expect(tipBox.x + tipBox.width).toBeLessThanOrEqual(390);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
