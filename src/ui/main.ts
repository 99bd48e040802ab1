/**
 * Bootstraps the page: store, engine client, views, permalink, shortcuts; then loads the bundled
 * model at once (it is served with the page, so this works offline).
 *
 * Test hook: the only global is `window.__decodingLab = { lastResult, resources }`: the RunResult of the
 * latest finished comparison (null before one), for browser tests that compare the page with the
 * engine's data, and the worker's live tensor / GPU buffer counts, for the leak check.
 */
import './styles.css';
import { Controller, type DecodingLabHook } from './controller';
import { h } from './dom';
import { EngineClient } from './engine-client';
import { catalogueEntry } from './logic/models';
import { initialState } from './store/state';
import { createStore } from './store/store';
import { createLanes } from './views/lanes';
import { createMethodForm } from './views/method-form';
import { createModelPanel } from './views/model-panel';
import { createNotices } from './views/notices';
import { applyHash, installPermalinkSync } from './views/permalink';
import { createPromptPanel, installShortcuts } from './views/prompt-panel';
import { createResults } from './views/results';
import { mountEvalPanel } from './views/eval-panel';
import { mountSweepPanel } from './views/sweep-panel';
import { mountThroughputPanel } from './views/throughput-panel';

declare global {
  interface Window {
    __decodingLab?: DecodingLabHook;
  }
}

const store = createStore(initialState());
const client = new EngineClient();
const hook: DecodingLabHook = { lastResult: null, resources: () => client.resources() };
window.__decodingLab = hook;
const ctl = new Controller(store, client, hook);

const views = [
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

// The lab panels (GPU bandwidth + roofline, accuracy evaluation) share the engine client; they are
// fed the loaded model and the latest comparison from the store.
const labPanels = h('div', { class: 'lab-panels panel-labs' });
const throughput = mountThroughputPanel(labPanels);
const sweep = mountSweepPanel(labPanels, { client });
const evaluation = mountEvalPanel(labPanels, { client });

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

let fedInfo: unknown = undefined;
let fedResult: unknown = undefined;
const render = () => {
  const s = store.getState();
  for (const v of views) v.update(s);
  if (s.model.info !== fedInfo) {
    fedInfo = s.model.info;
    throughput.setModel(s.model.info);
    sweep.setModel(s.model.info);
    evaluation.setModel(s.model.info);
  }
  if (s.run.result !== fedResult) {
    fedResult = s.run.result;
    throughput.setLastRun(s.run.result);
  }
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
