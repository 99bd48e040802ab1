/**
 * Eval panel: a bundled question set × the chosen methods through the engine client's `run`, one run per
 * (question, method) with the CLI's seeds (question i: seed + i), scored by core. Finished results are
 * kept in localStorage per (model, set, seed), so a stopped or reloaded eval resumes where it was; the
 * table and an accuracy-vs-tokens scatter (uPlot) update as results arrive; JSON and CSV export.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { parseQuestionSet, questionPrompt, type Question } from '../../core/eval/question-set';
import { aggregateByMethod, recordKey, scoreLane, type EvalRecord, type MethodScore } from '../../core/eval/score';
import { METHODS } from '../../core/methods/registry';
import { METHOD_IDS, type MethodId } from '../../core/methods/params';
import type { EngineApi } from '../../protocol/api';
import type { ModelInfo } from '../../protocol/model';
import { h, replaceChildren, setText } from '../dom';
import {
  EVAL_SETS, evalExportJson, evalLanes, parseSavedRecords, pendingPairs, recordsCsv, scatterPoints, selectRecords, storageKey,
  type EvalLane,
} from '../logic/eval-lab';
import { formatCount, formatMs } from '../logic/format';
import { downloadText } from '../services/download';

export interface EvalPanelDeps {
  readonly client: Pick<EngineApi, 'run' | 'cancel'>;
  /** Reads a file of public/data (default: fetch from the app's base URL). */
  readonly fetchText?: (file: string) => Promise<string>;
  readonly storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
}

export interface EvalPanel {
  readonly el: HTMLElement;
  setModel(info: ModelInfo | null): void;
  destroy(): void;
}

const pct = (v: number | null) => (v === null ? '—' : `${(100 * v).toFixed(1)}%`);
const defaultFetch = async (file: string): Promise<string> => {
  const res = await fetch(`${import.meta.env.BASE_URL}data/${file}`);
  if (!res.ok) throw new Error(`data/${file}: HTTP ${res.status}`);
  return res.text();
};

function intField(id: string, label: string, value: number, min: number, max: number): { row: HTMLElement; read(): number } {
  const input = h('input', { id, type: 'number', min: String(min), max: String(max), step: '1', value: String(value) });
  return {
    row: h('div', { class: 'field' }, h('label', { for: id }, label), input),
    read() {
      const v = Number(input.value);
      if (!Number.isInteger(v) || v < min || v > max) throw new Error(`${label} must be an integer in [${min}, ${max}]`);
      return v;
    },
  };
}

export function mountEvalPanel(container: HTMLElement, deps: EvalPanelDeps): EvalPanel {
  const fetchText = deps.fetchText ?? defaultFetch;
  const storage = deps.storage ?? globalThis.localStorage;
  let info: ModelInfo | null = null;
  let running = false;
  let stopRequested = false;
  let currentRunId: string | null = null;
  let runCounter = 0;
  let shown: { records: EvalRecord[]; scores: MethodScore[]; lanes: EvalLane[]; setFile: string; seed: number; maxTokens: number; instruction: string } | null = null;
  let plot: uPlot | null = null;

  const setSelect = h('select', { id: 'eval-set', onchange: () => void (instructionInput.value = EVAL_SETS[setSelect.selectedIndex]!.instruction) },
    ...EVAL_SETS.map((s) => h('option', { value: s.file }, s.label)));
  const instructionInput = h('input', { id: 'eval-instruction', type: 'text', value: EVAL_SETS[0]!.instruction, spellcheck: 'false' });
  const boxes = new Map<MethodId, HTMLInputElement>(METHOD_IDS.map((m) => [m, h('input', { type: 'checkbox', checked: true, value: m })]));
  const seedField = intField('eval-seed', 'Seed', 1, 0, 2 ** 32 - 1);
  const limitField = intField('eval-limit', 'Questions (first n)', 20, 1, 100_000);
  const tokensField = intField('eval-max-tokens', 'Max new tokens', 512, 1, 32_768);
  const runButton = h('button', { type: 'button', class: 'primary', onclick: () => void run() }, 'Run / resume');
  const stopButton = h('button', { type: 'button', disabled: true, onclick: () => void stop() }, 'Stop');
  const clearButton = h('button', { type: 'button', onclick: () => clearSaved() }, 'Clear saved results');
  const jsonButton = h('button', { type: 'button', disabled: true, onclick: () => exportJson() }, 'Export JSON');
  const csvButton = h('button', { type: 'button', disabled: true, onclick: () => exportCsv() }, 'Export CSV');
  const progress = h('progress', { max: 1, value: 0, 'aria-label': 'Eval progress' });
  const status = h('p', { class: 'small', 'aria-live': 'polite', 'data-testid': 'eval-status' }, 'Load a model, pick a set and methods, then run.');
  const tableBox = h('div');
  const chartBox = h('div', { class: 'chart', role: 'img', 'aria-label': 'Accuracy against mean total tokens per method' });
  const el = h('section', { class: 'card', 'data-testid': 'eval-panel', 'aria-labelledby': 'eval-title' },
    h('div', { class: 'section-head' }, h('h2', { class: 'card-title', id: 'eval-title' }, 'Accuracy lab')),
    h('div', { class: 'field-row' },
      h('div', { class: 'field' }, h('label', { for: 'eval-set' }, 'Question set'), setSelect),
      seedField.row, limitField.row, tokensField.row),
    h('div', { class: 'field' }, h('label', { for: 'eval-instruction' }, 'Instruction appended to each question'), instructionInput),
    h('fieldset', { class: 'chips' }, h('legend', { class: 'small' }, 'Methods (each with its defaults)'),
      ...METHOD_IDS.map((m) => h('label', { class: 'inline chip' }, boxes.get(m)!, METHODS[m].label))),
    h('div', { class: 'button-row' }, runButton, stopButton, clearButton, jsonButton, csvButton),
    progress, status, tableBox, chartBox,
    h('p', { class: 'hint' }, 'One run per question and method; question i uses seed + i, as `npm run lab -- eval` does. ' +
      'Results are kept in this browser per model, set and seed: Run / resume skips the ones already done.'));
  container.appendChild(el);

  function selection() {
    const setFile = setSelect.value;
    const methods = METHOD_IDS.filter((m) => boxes.get(m)!.checked);
    if (methods.length === 0) throw new Error('Pick at least one method');
    const maxTokens = tokensField.read();
    return { setFile, methods, seed: seedField.read(), limit: limitField.read(), maxTokens, lanes: evalLanes(methods, maxTokens), instruction: instructionInput.value };
  }

  function show(records: EvalRecord[], lanes: EvalLane[], meta: { setFile: string; seed: number; maxTokens: number; instruction: string }): void {
    const scores = aggregateByMethod(records, lanes.map((l) => l.lane));
    shown = { records, scores, lanes, ...meta };
    jsonButton.disabled = csvButton.disabled = records.length === 0;
    replaceChildren(tableBox, h('div', { class: 'table-scroll' }, h('table', null,
      h('thead', null, h('tr', null, ...['method', 'problems', 'accuracy', 'answered', 'truncated', 'mean thinking tokens', 'mean total tokens', 'mean wall time']
        .map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, ...scores.map((s) => h('tr', null,
        h('td', null, METHODS[s.method as MethodId]?.label ?? s.method), h('td', null, String(s.problems)), h('td', null, pct(s.accuracy)),
        h('td', null, String(s.answered)), h('td', null, String(s.truncated)), h('td', null, formatCount(s.meanThinkingTokens)),
        h('td', null, formatCount(s.meanTotalTokens)), h('td', null, formatMs(s.meanWallMs))))))));
    drawScatter(scores);
  }

  function drawScatter(scores: MethodScore[]): void {
    plot?.destroy();
    plot = null;
    chartBox.replaceChildren();
    const points = scatterPoints(scores);
    if (points.length === 0) return;
    const xs = [...new Set(points.map((p) => p.x))].sort((a, b) => a - b);
    const colors = ['#6b7fd7', '#2a9d8f', '#e9a23b', '#d1495b', '#5b6b7f'];
    plot = new uPlot({
      width: Math.max(280, chartBox.clientWidth || 560), height: 260, title: 'Accuracy against tokens spent',
      scales: { x: { time: false }, y: { range: [0, 100] } },
      axes: [{ label: 'mean total tokens (probes and discarded rows included)' }, { label: 'accuracy %', size: 50 }],
      series: [
        { label: 'tokens' },
        ...points.map((p, i) => ({
          label: METHODS[p.method as MethodId]?.label ?? p.method, stroke: colors[i % colors.length]!, paths: () => null,
          points: { show: true, size: 10, fill: colors[i % colors.length]! },
        })),
      ],
    }, [xs, ...points.map((p) => xs.map((x) => (x === p.x ? p.y : null)))], chartBox);
  }

  function setRunning(on: boolean): void {
    running = on;
    runButton.disabled = on;
    stopButton.disabled = !on;
    clearButton.disabled = on;
  }

  async function run(): Promise<void> {
    if (running) return;
    if (!info) {
      setText(status, 'Load a model first.');
      return;
    }
    const model = info;
    let sel;
    let questions: Question[];
    try {
      sel = selection();
      questions = parseQuestionSet(await fetchText(sel.setFile), sel.setFile).slice(0, sel.limit);
    } catch (e) {
      setText(status, e instanceof Error ? e.message : String(e));
      return;
    }
    const key = storageKey(model.id, sel.setFile, sel.seed);
    let saved = parseSavedRecords(storage.getItem(key));
    const pending = pendingPairs(questions, sel.lanes, sel.seed, saved);
    const total = questions.length * sel.lanes.length;
    const resumed = total - pending.length;
    const meta = { setFile: sel.setFile, seed: sel.seed, maxTokens: sel.maxTokens, instruction: sel.instruction };
    const refresh = (computed: number) => {
      progress.max = total;
      progress.value = resumed + computed;
      setText(status, `${resumed + computed} / ${total} results · ${computed} computed now · ${resumed} resumed`);
      show(selectRecords(questions, sel.lanes, sel.seed, saved), sel.lanes, meta);
    };
    setRunning(true);
    stopRequested = false;
    refresh(0);
    let computed = 0;
    try {
      for (const p of pending) {
        if (stopRequested) break;
        currentRunId = `eval-${++runCounter}`;
        const result = await deps.client.run({
          runId: currentRunId, prompt: questionPrompt(p.question, sel.instruction),
          lanes: [{ lane: p.lane.lane, params: p.lane.params }], seed: p.seed, enableThinking: true,
        }, () => {});
        const lane = result.lanes[0];
        if (result.cancelled || !lane) break;
        const record = scoreLane(p.question, p.lane.lane, lane, { seed: p.seed, params: p.params });
        saved = [...saved.filter((r) => recordKey(r.questionId, r.method) !== recordKey(record.questionId, record.method)), record];
        storage.setItem(key, JSON.stringify(saved));
        refresh(++computed);
      }
      if (stopRequested) setText(status, `Stopped: ${resumed + computed} / ${total} results kept; Run / resume continues from here.`);
    } catch (e) {
      setText(status, `Stopped by an error after ${resumed + computed} / ${total}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      currentRunId = null;
      setRunning(false);
    }
  }

  async function stop(): Promise<void> {
    stopRequested = true;
    const id = currentRunId;
    if (id) await deps.client.cancel(id).catch(() => {}); // it may have just finished
  }

  function clearSaved(): void {
    if (!info) return;
    try {
      const sel = selection();
      storage.removeItem(storageKey(info.id, sel.setFile, sel.seed));
      shown = null;
      replaceChildren(tableBox);
      drawScatter([]);
      jsonButton.disabled = csvButton.disabled = true;
      progress.value = 0;
      setText(status, 'Saved results for this model, set and seed cleared.');
    } catch (e) {
      setText(status, e instanceof Error ? e.message : String(e));
    }
  }

  function exportJson(): void {
    if (!shown || !info) return;
    const meta = { model: info.id, device: info.device, set: shown.setFile, seed: shown.seed, maxNewTokens: shown.maxTokens, instruction: shown.instruction };
    downloadText(`eval-${shown.setFile.replace(/\.jsonl$/, '')}-seed${shown.seed}.json`, evalExportJson(meta, shown.scores, shown.records), 'application/json');
  }

  function exportCsv(): void {
    if (!shown) return;
    downloadText(`eval-${shown.setFile.replace(/\.jsonl$/, '')}-seed${shown.seed}.csv`, recordsCsv(shown.records), 'text/csv');
  }

  return {
    el,
    setModel(next) {
      info = next;
      runButton.disabled = running || next === null;
      if (!running && next) setText(status, `Ready: ${next.id} on ${next.device}.`);
    },
    destroy() {
      void stop();
      plot?.destroy();
      el.remove();
    },
  };
}
