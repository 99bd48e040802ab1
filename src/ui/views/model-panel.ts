/**
 * Model panel: the choice (bundled tiny reasoner, two hub models, a custom hub id), size before a
 * download, cache state with delete, load progress, status (data-testid model-status), notices and
 * the WebGPU adapter.
 */
import type { Dtype } from '../../protocol/model';
import type { Controller } from '../controller';
import { h, replaceChildren, setAttr, setText } from '../dom';
import { formatBinaryBytes, formatBytes, formatMs, formatParams } from '../logic/format';
import { approxDownload, catalogueEntry, CATALOGUE, CUSTOM_KEY, DTYPES, FOLDER_KEY, hostProblem, hubIdProblem, isHubChoice, type DeviceChoice } from '../logic/models';
import { folderFromDrop, folderFromInput, hasDirectoryPicker, pickFolder } from '../services/model-folder';
import { busyWith } from '../store/selectors';
import type { AppState } from '../store/state';

const STAGE_TEXT = { tokenizer: 'tokenizer ready, loading weights', model: 'weights ready, warming up', warmup: 'warm-up done', ready: 'ready' } as const;

function statusText(s: AppState): string {
  const m = s.model;
  const id = m.spec?.id ?? '';
  const a = s.capabilities?.adapter;
  const device = m.info?.device ?? m.spec?.device ?? (a && !a.isFallback ? 'webgpu' : 'wasm');
  switch (m.status) {
    case 'idle':
      return `No model loaded · ${device}`;
    case 'loading':
      return `Loading ${id} · ${device} · ${m.stage ? STAGE_TEXT[m.stage] : 'reading files'}…`;
    case 'ready':
      return `${id} · ${device} · ${m.info!.dtype} · ready (${formatMs(m.info!.loadMs)})`;
    case 'error':
      return `Not loaded · ${device} · ${m.error ?? 'error'}`;
  }
}

function sizeText(s: AppState): string {
  const c = s.model.choice;
  const entry = catalogueEntry(c.key);
  if (entry?.spec.source === 'local') return 'Bundled with the page: no download, works offline.';
  if (c.key === FOLDER_KEY && c.folder) {
    const files = Object.values(c.folder.files);
    return `Opened from this computer: ${files.length} files, ${formatBytes(files.reduce((n, f) => n + f.size, 0))}; nothing is downloaded or uploaded.`;
  }
  const preferred: Dtype = s.capabilities?.preferredDtype ?? 'q4';
  const dtype = c.dtype === 'auto' ? preferred : c.dtype;
  const measured = s.model.download?.dtype === dtype ? s.model.download : null;
  const bytes = approxDownload(c, preferred);
  const size = measured ? `${formatBytes(measured.bytes)} in ${measured.files} files (measured on the host)` : bytes === null ? 'size unknown' : `approx. ${formatBytes(bytes)}`;
  const cache = s.model.cache;
  const cached = cache === null ? '' : !cache.available ? ' · cache unavailable' : cache.files > 0 ? ` · cached: ${cache.files} files, ${formatBytes(cache.bytes)}` : ' · not cached';
  return `Download (${dtype}): ${size}${cached}`;
}

type Part = { el: HTMLElement; update(s: AppState): void };

/** Which model, from where, in which weights, on which device. */
function choiceFields(ctl: Controller): Part {
  const folderOption = h('option', { value: FOLDER_KEY, hidden: true }, 'Opened folder');
  const select = h('select', { id: 'model-select', 'data-testid': 'model-select', onchange: () => ctl.chooseModel({ key: select.value }) },
    ...CATALOGUE.map((m) => h('option', { value: m.key }, m.label)),
    h('option', { value: CUSTOM_KEY }, 'Custom hub model…'), folderOption);
  const customInput = h('input', {
    id: 'custom-model', type: 'text', placeholder: 'onnx-community/Qwen3-1.7B-ONNX', spellcheck: 'false', autocomplete: 'off',
    'aria-describedby': 'custom-model-error', oninput: () => ctl.chooseModel({ customId: customInput.value }),
  });
  const customError = h('p', { id: 'custom-model-error', class: 'field-error', 'aria-live': 'polite' });
  const customRow = h('div', { class: 'field' }, h('label', { for: 'custom-model' }, 'Hub model id'), customInput, customError);
  const hostInput = h('input', {
    id: 'model-host', type: 'url', placeholder: 'https://huggingface.co/', spellcheck: 'false', autocomplete: 'off', 'data-testid': 'model-host',
    'aria-describedby': 'model-host-hint model-host-error', oninput: () => ctl.chooseModel({ host: hostInput.value }),
  });
  const hostError = h('p', { id: 'model-host-error', class: 'field-error', 'aria-live': 'polite' });
  const hostRow = h('div', { class: 'field' }, h('label', { for: 'model-host' }, 'Model host'), hostInput,
    h('p', { id: 'model-host-hint', class: 'hint' }, 'Where hub models are fetched from: the Hugging Face hub, or a mirror with the same layout (<host>/<owner>/<name>/resolve/main/<file>). Empty: the hub.'),
    hostError);
  const dtypeSelect = h('select', { id: 'model-dtype', onchange: () => ctl.chooseModel({ dtype: dtypeSelect.value as Dtype | 'auto' }) },
    h('option', { value: 'auto' }, 'auto'), ...DTYPES.map((d) => h('option', { value: d }, d)));
  const deviceSelect = h('select', { id: 'model-device', 'data-testid': 'model-device', onchange: () => void ctl.chooseDevice(deviceSelect.value as DeviceChoice) },
    h('option', { value: 'auto' }, 'Auto (GPU if there is one)'), h('option', { value: 'webgpu' }, 'WebGPU'), h('option', { value: 'wasm' }, 'WASM (CPU)'));
  const dtypeRow = h('div', { class: 'field' }, h('label', { for: 'model-dtype' }, 'Weights'), dtypeSelect);
  const description = h('p', { class: 'muted small' });
  const el = h('div', { class: 'model-choice' },
    h('div', { class: 'field' }, h('label', { for: 'model-select' }, 'Model'), select),
    folderOpener(ctl),
    customRow, hostRow, description,
    h('div', { class: 'field-row' }, dtypeRow, h('div', { class: 'field' }, h('label', { for: 'model-device' }, 'Device'), deviceSelect)));
  return {
    el,
    update(s) {
      const c = s.model.choice;
      const entry = catalogueEntry(c.key);
      const hub = isHubChoice(c);
      folderOption.hidden = c.folder === null;
      setText(folderOption, c.folder ? `Opened folder: ${c.folder.name}` : 'Opened folder');
      if (select.value !== c.key) select.value = c.key;
      if (customInput.value !== c.customId) customInput.value = c.customId;
      if (dtypeSelect.value !== c.dtype) dtypeSelect.value = c.dtype;
      if (deviceSelect.value !== c.device) deviceSelect.value = c.device;
      if (hostInput.value !== c.host) hostInput.value = c.host;
      customRow.hidden = c.key !== CUSTOM_KEY;
      hostRow.hidden = !hub;
      dtypeRow.hidden = !hub && c.key !== FOLDER_KEY;
      setText(customError, c.key === CUSTOM_KEY && c.customId !== '' ? (hubIdProblem(c.customId) ?? '') : '');
      setText(hostError, hub ? (hostProblem(c.host) ?? '') : '');
      setText(description, c.key === FOLDER_KEY ? 'A model folder from this computer, in the onnx-community layout (config.json, tokenizer files, onnx/model*.onnx); read in the browser, nothing is uploaded.'
        : (entry?.description ?? 'Any onnx-community text-generation model with a Qwen-style chat template.'));
    },
  };
}

/**
 * "Open a model folder…": the directory picker where the browser has one, else a hidden
 * `<input type=file webkitdirectory>`; a folder dropped on the model panel does the same (createModelPanel).
 */
function folderOpener(ctl: Controller): HTMLElement {
  const input = h('input', {
    type: 'file', webkitdirectory: true, multiple: true, hidden: true, 'data-testid': 'model-folder-input',
    onchange: () => {
      void ctl.openFolder(folderFromInput(input.files));
      input.value = '';
    },
  });
  const open = async () => {
    if (!hasDirectoryPicker()) return input.click();
    try {
      await ctl.openFolder(await pickFolder());
    } catch (e) {
      ctl.notify(`Could not open the folder: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  return h('div', { class: 'folder-open' },
    h('button', { type: 'button', 'data-testid': 'model-folder', onclick: () => void open() }, 'Open a model folder…'),
    input,
    h('span', { class: 'hint' }, ' or drop one on this panel (onnx-community layout; nothing is uploaded)'));
}

/** Size before a download, Load / Delete from cache, and the download progress (bytes and files). */
function loadControls(ctl: Controller): Part {
  const size = h('p', { class: 'small', 'data-testid': 'model-size' });
  const loadButton = h('button', { type: 'button', class: 'primary', onclick: () => void ctl.loadChosenModel() }, 'Load');
  const deleteButton = h('button', { type: 'button', onclick: () => void ctl.deleteCache() }, 'Delete from cache');
  const progress = h('progress', { max: 1, value: 0, 'aria-label': 'Download progress' });
  const progressText = h('p', { class: 'small muted', 'data-testid': 'model-progress' });
  const progressBox = h('div', { class: 'progress' }, progress, progressText);
  const el = h('div', { class: 'model-load' }, size, h('div', { class: 'button-row' }, loadButton, deleteButton), progressBox);
  return {
    el,
    update(s) {
      const m = s.model;
      const c = m.choice;
      const entry = catalogueEntry(c.key);
      const hub = isHubChoice(c);
      setText(size, sizeText(s));
      const busy = m.status === 'loading' || busyWith(s) !== null;
      loadButton.disabled = busy;
      const loadedSame = m.status === 'ready' && m.spec?.id === (entry?.spec.id ?? c.customId.trim());
      setText(loadButton, m.status === 'loading' ? 'Loading…' : loadedSame ? 'Reload' : hub && !(m.cache && m.cache.files > 0) ? 'Download and load' : 'Load');
      deleteButton.hidden = !hub;
      deleteButton.disabled = busy || !(m.cache && m.cache.files > 0);
      progressBox.hidden = m.status !== 'loading' && !(m.progress && m.progress.loaded < m.progress.total);
      const p = m.progress;
      if (p && p.total > 0) {
        progress.value = Math.min(1, p.loaded / p.total);
        setText(progressText, `${formatBytes(p.loaded)} of ${formatBytes(p.total)} · ${p.filesDone} of ${p.files} files`);
      } else {
        progress.removeAttribute('value');
        setText(progressText, m.stage ? `Stage: ${m.stage}` : 'Starting…');
      }
    },
  };
}

/** Status (data-testid model-status), notices, the loaded model's facts. */
function statusView(): Part {
  const status = h('p', { class: 'model-status', 'data-testid': 'model-status', role: 'status', 'aria-live': 'polite' });
  const notices = h('ul', { class: 'notices', 'data-testid': 'model-notices' });
  const facts = h('p', { class: 'small muted', 'data-testid': 'model-facts' });
  const triggers = h('p', { class: 'small muted', 'data-testid': 'model-triggers' });
  return {
    el: h('div', null, status, notices, facts, triggers),
    update(s) {
      const m = s.model;
      setText(status, statusText(s));
      setAttr(status, 'data-state', m.status === 'idle' ? null : m.status);
      setAttr(status, 'data-device', m.info?.device ?? m.spec?.device ?? null);
      const chosenWasm = m.info?.device === 'wasm' && m.spec?.device === 'wasm' ? ['Running on WASM (the CPU), as chosen under Device.'] : [];
      replaceChildren(notices, ...[...m.notices, ...chosenWasm].map((n) => h('li', { class: 'notice' }, n)));
      const i = m.info;
      const threads = i?.wasmThreads ? ` · ${i.wasmThreads} WASM thread${i.wasmThreads === 1 ? '' : 's'}` : '';
      setText(facts, i ? `${i.modelType} · ${formatParams(i.parameters)} parameters · ${i.layers} layers · context ${i.contextLength} · vocab ${i.tokenizerSize} · ${formatBytes(i.bytes)} read${threads}` : '');
      // CGRS suppresses the trigger words this tokenizer writes as one token (spec §4.2): show which, with their ids.
      const t = i?.triggerTokens ?? [];
      setText(triggers, i ? `CGRS triggers: ${t.length} of ${t.length + i.droppedTriggerWords.length} words are single tokens in this tokenizer` : '');
      setAttr(triggers, 'title', t.map((x) => `${JSON.stringify(x.word)} ${x.id}`).join(', ') || null);
    },
  };
}

/** The WebGPU adapter (and whether it is a software renderer), shader-f16, limits, storage used. */
function capabilityFacts(): Part {
  const adapter = h('span', { 'data-testid': 'adapter' });
  const f16 = h('span');
  const limits = h('span');
  const storage = h('span');
  return {
    el: h('dl', { class: 'caps small' },
      h('dt', null, 'WebGPU adapter'), h('dd', null, adapter),
      h('dt', null, 'shader-f16'), h('dd', null, f16),
      h('dt', null, 'Max buffer'), h('dd', null, limits),
      h('dt', null, 'Storage used'), h('dd', null, storage)),
    update(s) {
      const a = s.capabilities?.adapter;
      const kind = a?.isFallback ? ' (software renderer, runs on the CPU)' : '';
      setText(adapter, s.capabilities === null ? 'checking…' : a ? `${[a.vendor || 'unknown vendor', a.architecture || a.description || 'unknown architecture'].join(' · ')}${kind}` : 'none (WASM only)');
      setText(f16, a ? (a.shaderF16 ? 'yes' : 'no (q4 / fp32 weights)') : '—');
      setText(limits, a ? `${formatBinaryBytes(a.maxBufferSize)} (binding ${formatBinaryBytes(a.maxStorageBufferBindingSize)})` : '—');
      setText(storage, s.storage ? `${formatBytes(s.storage.usage)} of ${formatBytes(s.storage.quota)}` : '—');
    },
  };
}

export function createModelPanel(ctl: Controller): { el: HTMLElement; update(s: AppState): void } {
  const parts = [choiceFields(ctl), loadControls(ctl), statusView(), capabilityFacts()];
  const el = h('section', {
    class: 'card', 'aria-labelledby': 'model-heading', 'data-testid': 'model-panel',
    ondragover: (e) => e.preventDefault(),
    ondrop: (e) => {
      e.preventDefault();
      void folderFromDrop((e as DragEvent).dataTransfer).then((f) => (f ? ctl.openFolder(f) : ctl.notify('Drop a model folder (not single files) to open it.')));
    },
  }, h('h2', { id: 'model-heading' }, 'Model'), ...parts.map((p) => p.el));
  let last: AppState | null = null;
  return {
    el,
    update(s) {
      if (last && last.model === s.model && last.capabilities === s.capabilities && last.storage === s.storage && last.run.status === s.run.status && last.lab.activity === s.lab.activity) return;
      last = s;
      for (const p of parts) p.update(s);
    },
  };
}
