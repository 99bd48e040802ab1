/**
 * Accuracy lab: a bundled question set × the chosen methods, with the Methods panel's settings and the
 * shared max new tokens, through the engine's one evaluation loop (the worker runs what `lab eval` runs;
 * question i uses seed + i). Results are kept in this browser per (model, set, seed, settings), so a
 * stopped or reloaded evaluation resumes where it was; table and accuracy-vs-tokens scatter (uPlot) as
 * results arrive; JSON and CSV export. State lives in the store (`lab.evaluation`); side effects in the
 * lab controller.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { aggregateByMethod, type MethodScore } from '../../core/eval/score';
import { DEFAULT_METHOD_IDS, METHOD_IDS, type MethodId } from '../../core/methods/params';
import { METHODS } from '../../core/methods/registry';
import { parseSeed } from '../../core/seed';
import { h, replaceChildren, setText } from '../dom';
import type { EvalSelection, LabController } from '../lab-controller';
import { EVAL_SETS, scatterPoints } from '../logic/eval-lab';
import { formatCount, formatMs } from '../logic/format';
import type { EvalLabState } from '../store/lab';
import type { AppState } from '../store/state';

const pct = (v: number | null) => (v === null ? '—' : `${(100 * v).toFixed(1)}%`);
const COLORS = ['#6b7fd7', '#2a9d8f', '#e9a23b', '#d1495b', '#5b6b7f'];

function scoresTable(scores: readonly MethodScore[]): HTMLElement {
  const head = ['method', 'problems', 'accuracy', 'answered', 'truncated', 'mean thinking tokens', 'mean total tokens', 'mean wall time'];
  return h('div', { class: 'table-scroll' }, h('table', { 'data-testid': 'eval-table' },
    h('thead', null, h('tr', null, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, ...scores.map((s) => h('tr', { 'data-method': s.method },
      h('td', null, METHODS[s.method as MethodId]?.label ?? s.method), h('td', null, String(s.problems)), h('td', null, pct(s.accuracy)),
      h('td', null, String(s.answered)), h('td', null, String(s.truncated)), h('td', null, formatCount(s.meanThinkingTokens)),
      h('td', null, formatCount(s.meanTotalTokens)), h('td', null, formatMs(s.meanWallMs)))))));
}

function drawScatter(box: HTMLElement, scores: readonly MethodScore[]): uPlot | null {
  box.replaceChildren();
  const points = scatterPoints(scores);
  if (points.length === 0) return null;
  const xs = [...new Set(points.map((p) => p.x))].sort((a, b) => a - b);
  return new uPlot({
    width: Math.max(240, Math.min(box.clientWidth || 560, 720)), height: 260, title: 'Accuracy against tokens spent',
    scales: { x: { time: false }, y: { range: [0, 100] } },
    axes: [{ label: 'mean total tokens (probes and discarded rows included)' }, { label: 'accuracy %', size: 50 }],
    series: [
      { label: 'tokens' },
      ...points.map((p, i) => ({
        label: METHODS[p.method as MethodId]?.label ?? p.method, stroke: COLORS[i % COLORS.length]!, paths: () => null,
        points: { show: true, size: 10, fill: COLORS[i % COLORS.length]! },
      })),
    ],
  }, [xs, ...points.map((p) => xs.map((x) => (x === p.x ? p.y : null)))], box);
}

/** The form: set, seed, first n questions, instruction and methods; read into a selection or a message. */
function evalForm() {
  const setSelect = h('select', { id: 'eval-set', onchange: () => void (instruction.value = EVAL_SETS[setSelect.selectedIndex]!.instruction) },
    ...EVAL_SETS.map((s) => h('option', { value: s.file }, s.label)));
  const instruction = h('input', { id: 'eval-instruction', type: 'text', value: EVAL_SETS[0]!.instruction, spellcheck: 'false' });
  const seed = h('input', { id: 'eval-seed', type: 'text', inputmode: 'numeric', value: '1' });
  const limit = h('input', { id: 'eval-limit', type: 'text', inputmode: 'numeric', value: '20' });
  const boxes = new Map<MethodId, HTMLInputElement>(METHOD_IDS.map((m) => [m, h('input', { type: 'checkbox', checked: DEFAULT_METHOD_IDS.includes(m), value: m, 'data-testid': `eval-method-${m}` })]));
  const field = (id: string, label: string, control: HTMLElement) => h('div', { class: 'field' }, h('label', { for: id }, label), control);
  const el = h('div', { class: 'eval-form' },
    h('div', { class: 'field-row' }, field('eval-set', 'Question set', setSelect), field('eval-seed', 'Seed', seed), field('eval-limit', 'Questions (first n)', limit)),
    field('eval-instruction', 'Instruction appended to each question', instruction),
    h('fieldset', { class: 'chips' }, h('legend', { class: 'small' }, 'Methods (with their settings from the Methods panel and the shared Max new tokens)'),
      ...METHOD_IDS.map((m) => h('label', { class: 'inline chip' }, boxes.get(m)!, METHODS[m].label))));
  return {
    el,
    read(): EvalSelection | { error: string } {
      const s = parseSeed(seed.value.trim());
      if ('error' in s) return { error: `Seed ${s.error}` };
      const n = /^\d+$/.test(limit.value.trim()) ? Number(limit.value.trim()) : NaN;
      if (!(n >= 1 && n <= 100_000)) return { error: `Questions must be a whole number from 1 to 100000; got "${limit.value}"` };
      const methods = METHOD_IDS.filter((m) => boxes.get(m)!.checked);
      return { setFile: setSelect.value, methods, seed: s.value, limit: n, instruction: instruction.value };
    },
  };
}

export function createEvalPanel(lab: LabController): { el: HTMLElement; update(s: AppState): void } {
  const form = evalForm();
  const withSelection = (f: (sel: EvalSelection) => void) => () => {
    const sel = form.read();
    if ('error' in sel) setText(status, sel.error);
    else f(sel);
  };
  const runButton = h('button', { type: 'button', class: 'primary', 'data-testid': 'eval-run', onclick: withSelection((sel) => void lab.runEvaluation(sel)) }, 'Run / resume');
  const stopButton = h('button', { type: 'button', 'data-testid': 'eval-stop', onclick: () => void lab.stop() }, 'Stop');
  const clearButton = h('button', { type: 'button', onclick: withSelection((sel) => lab.clearSavedEvaluation(sel)) }, 'Clear saved results');
  const jsonButton = h('button', { type: 'button', onclick: () => lab.exportEvaluation('json') }, 'Export JSON');
  const csvButton = h('button', { type: 'button', onclick: () => lab.exportEvaluation('csv') }, 'Export CSV');
  const progress = h('progress', { max: 1, value: 0, 'aria-label': 'Evaluation progress' });
  const status = h('p', { class: 'small', 'aria-live': 'polite', 'data-testid': 'eval-status' });
  const tableBox = h('div');
  const chartBox = h('div', { class: 'chart', role: 'img', 'aria-label': 'Accuracy against mean total tokens per method' });
  const el = h('section', { class: 'card', 'data-testid': 'eval-panel', 'aria-labelledby': 'eval-title' },
    h('div', { class: 'section-head' }, h('h2', { class: 'card-title', id: 'eval-title' }, 'Accuracy lab')),
    form.el,
    h('div', { class: 'button-row' }, runButton, stopButton, clearButton, jsonButton, csvButton),
    progress, status, tableBox, chartBox,
    h('p', { class: 'hint' }, 'One run per question and method through the same evaluation loop as `npm run lab -- eval`; question i uses seed + i. ' +
      'Results are kept in this browser per model, set, seed and settings: Run / resume skips the ones already done.'));

  let shown: EvalLabState | null = null;
  let plot: uPlot | null = null;
  return {
    el,
    update(s) {
      const a = s.lab.activity;
      const mine = a?.kind === 'evaluation';
      runButton.disabled = lab.blocker() !== null;
      stopButton.disabled = !mine || a.stopping;
      clearButton.disabled = mine || s.model.info === null;
      const e = s.lab.evaluation;
      jsonButton.disabled = csvButton.disabled = mine || e.records.length === 0;
      const blocked = !mine && lab.blocker();
      setText(status, blocked && e.records.length === 0 ? `${blocked}.` : e.message);
      if (e === shown) return;
      shown = e;
      progress.max = Math.max(1, e.total);
      progress.value = e.done;
      const scores = e.meta ? aggregateByMethod([...e.records], [...e.meta.lanes]) : [];
      replaceChildren(tableBox, ...(scores.length > 0 ? [scoresTable(scores)] : []));
      plot?.destroy();
      plot = drawScatter(chartBox, scores);
    },
  };
}
