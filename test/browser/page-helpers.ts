import type { Locator, Page } from 'playwright-core';

export const ALL_METHODS = ['greedy', 'sample', 'top-h', 'cgrs', 'ffs'] as const;
export type Method = (typeof ALL_METHODS)[number];

/**
 * A permalink hash (the page's own format, src/ui/logic/permalink.ts): `max` is the shared max new tokens,
 * `settings` are `method.path` → text as the CLI's --param takes them, `device` defaults to WebGPU so
 * the tests exercise the WebGPU path (the page itself picks WASM on a software adapter).
 */
export function pageHash(opts: {
  prompt: string; methods: readonly Method[]; max: number; seed?: number; device?: 'webgpu' | 'wasm' | 'auto'; settings?: Record<string, string>;
}): string {
  const q = new URLSearchParams({
    v: '2', model: 'tiny-reasoner', prompt: opts.prompt, seed: String(opts.seed ?? 1), methods: opts.methods.join(','), max: String(opts.max),
  });
  if ((opts.device ?? 'webgpu') !== 'auto') q.set('device', opts.device ?? 'webgpu');
  for (const [key, text] of Object.entries(opts.settings ?? {})) q.set(key, text);
  return `#${q.toString()}`;
}

/** Waits until the bundled model is loaded (the software WebGPU adapter compiles shaders on first use). */
export async function waitForModel(page: Page, timeout = 120_000): Promise<Locator> {
  const status = page.getByTestId('model-status');
  // Usable in beforeAll (expect.poll is not): wait for an end state, then say which one it was.
  await page.locator('[data-testid=model-status][data-state=ready], [data-testid=model-status][data-state=error]').waitFor({ timeout });
  const state = await status.getAttribute('data-state');
  if (state !== 'ready') throw new Error(`model did not load: ${await status.textContent()}`);
  return status;
}

export async function laneState(page: Page, method: string): Promise<string | null> {
  return page.getByTestId(`lane-${method}`).getAttribute('data-state');
}

/** Streamed token counts shown in a lane's header (summed over rows). */
export async function streamedTokens(page: Page, method: string): Promise<{ thinking: number; answer: number }> {
  const live = page.getByTestId(`lane-${method}`).getByTestId('lane-tokens');
  return { thinking: Number(await live.getAttribute('data-thinking')), answer: Number(await live.getAttribute('data-answer')) };
}

/** A results-table row as numbers (data-value of each numeric cell; null when empty). */
export async function resultRow(page: Page, method: string): Promise<Record<string, number | null> & { answer: string | null; stop: string }> {
  const row = page.getByTestId(`result-row-${method}`);
  const cells = await row.locator('[data-col]').evaluateAll((els) =>
    els.map((e) => [e.getAttribute('data-col')!, e.getAttribute('data-value'), e.textContent ?? ''] as const));
  const out: Record<string, unknown> = {};
  for (const [col, value, text] of cells) {
    if (col === 'answer') out.answer = text === '—' ? null : text;
    else if (col === 'stop') out.stop = text;
    else if (col !== 'method' && col !== 'correct') out[col] = value === '' || value === null ? null : Number(value);
  }
  return out as Record<string, number | null> & { answer: string | null; stop: string };
}

/** Text nodes only: every element that shows model output has no element children. */
export async function laneTextHasOnlyTextNodes(page: Page): Promise<{ boxes: number; elementChildren: number }> {
  return page.evaluate(() => {
    const boxes = [...document.querySelectorAll('.lane-text')];
    return { boxes: boxes.length, elementChildren: boxes.reduce((n, b) => n + b.children.length, 0) };
  });
}

export async function openSettings(page: Page, method: Method): Promise<void> {
  const details = page.getByTestId(`settings-${method}`);
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
}
