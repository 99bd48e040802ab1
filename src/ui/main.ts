/**
 * Bootstraps the page: store, engine client, views, permalink, shortcuts; then loads the bundled
 * model at once (it is served with the page, so this works offline).
 *
 * Test hook: the only global is `window.__decodingLab = { lastResult, resources, run, benchLoop }`: the RunResult of the
 * latest finished comparison (null before one), for browser tests that compare the page with the
 * engine's data, and the worker's live tensor / GPU buffer counts, for the leak check.
 */
import './styles.css';
import './styles-tokens.css';
import { Controller, type DecodingLabHook } from './controller';
import { h } from './dom';
import { EngineClient } from './engine-client';
import { FrameBatcher } from './services/frame-batcher';
import type { RunEvent } from '../protocol/run';
import { catalogueEntry } from './logic/models';
import { initialState, type AppState } from './store/state';
import { createStore } from './store/store';
import { createLanes } from './views/lanes';
import { createMethodForm } from './views/method-form';
import { createModelPanel } from './views/model-panel';
import { createNotices } from './views/notices';
import { applyHash, installPermalinkSync } from './views/permalink';
import { createPromptPanel, installShortcuts } from './views/prompt-panel';
import { createResults } from './views/results';
import { measureGpuBandwidth } from './gpu-bandwidth';
import { LabController } from './lab-controller';
import { createEvalPanel } from './views/eval-panel';
import { createSweepPanel } from './views/sweep-panel';
import { createThroughputPanel } from './views/throughput-panel';

declare global {
  interface Window {
    __decodingLab?: DecodingLabHook;
  }
}

const store = createStore(initialState());
const client = new EngineClient();
const hook: DecodingLabHook = {
  lastResult: null,
  resources: () => client.resources(),
  run: (req) => client.run(req, () => {}),
  // The events go through a frame batcher like a comparison's, so the benchmark pays what the page pays.
  benchLoop: (req) => {
    const batcher = new FrameBatcher<RunEvent>(() => {});
    return client.benchLoop(req, (batch) => batcher.push(batch));
  },
};
window.__decodingLab = hook;
const ctl = new Controller(store, client, hook);

const views: { el: HTMLElement; update(s: AppState): void }[] = [
  createNotices(store),
  createModelPanel(ctl),
  createMethodForm(store),
  createPromptPanel(store, ctl),
  createLanes(),
  createResults(ctl),
];
const [notices, modelPanel, methodForm, promptPanel, lanes, results] = views.map((v) => v.el);
// Classes that order the panels in the one-column (phone) layout: prompt, model, methods, lanes, results, labs.
modelPanel!.classList.add('panel-model');
methodForm!.classList.add('panel-methods');
promptPanel!.classList.add('panel-prompt');
lanes!.classList.add('panel-lanes');
results!.classList.add('panel-results');

// The labs (GPU bandwidth + roofline, throughput sweep, accuracy evaluation) share the engine client and
// the store with the comparison: one activity at a time, visible everywhere.
const lab = new LabController(store, {
  client,
  fetchText: async (file) => {
    const res = await fetch(`${import.meta.env.BASE_URL}data/${file}`);
    if (!res.ok) throw new Error(`data/${file}: HTTP ${res.status}`);
    return res.text();
  },
  storage: localStorage,
  measureBandwidth: () => measureGpuBandwidth(),
});
const labViews = [createThroughputPanel(lab), createSweepPanel(lab), createEvalPanel(lab)];
views.push(...labViews);
const labPanels = h('div', { class: 'lab-panels panel-labs' }, ...labViews.map((v) => v.el));

const root = document.getElementById('app') ?? document.body;
root.replaceChildren(
  h('header', { class: 'app-header' },
    h('div', { class: 'brand' },
      h('h1', null, 'Decoding Lab'),
      h('p', { class: 'tagline' }, 'Compare decoding methods on a reasoning model, in your browser: greedy, sampling, Top-H, CGRS and First Finish Search.'))),
  notices!,
  h('div', { class: 'layout' },
    h('aside', { class: 'sidebar', 'aria-label': 'Model and methods' }, modelPanel!, methodForm!),
    h('main', { class: 'workspace' }, promptPanel!, lanes!, results!, labPanels)),
  h('footer', { class: 'app-footer small muted' },
    'Everything runs on this device. The only requests that leave the page fetch a hub model you choose.'),
);

const render = () => {
  const s = store.getState();
  for (const v of views) v.update(s);
};
store.subscribe(render);
render();

/** Loads the chosen model when it is bundled (no download) and not already loaded or loading. */
const loadIfBundled = () => {
  const { model } = store.getState();
  const entry = catalogueEntry(model.choice.key);
  const current = model.spec?.id === entry?.spec.id && (model.status === 'ready' || model.status === 'loading');
  if (entry?.spec.source === 'local' && !current) void ctl.loadChosenModel();
  else void ctl.refreshCache();
};

applyHash(store, location.hash);
installPermalinkSync(store, (patch) => {
  if (patch.choice) loadIfBundled();
});
installShortcuts(ctl, store);
loadIfBundled();
void ctl.loadCapabilities();
void ctl.loadQuestions();
