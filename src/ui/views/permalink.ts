/**
 * Keeps the URL hash in step with the settings (model, prompt, methods, params, seed) and applies a
 * pasted link. Writing uses history.replaceState, which fires no hashchange, so there is no loop.
 */
import { CUSTOM_KEY, keyForModelId, type ModelChoice } from '../logic/models';
import { decodeHash, encodeHash } from '../logic/permalink';
import { h, setText } from '../dom';
import type { SettingsPatch } from '../store/reducer';
import { sharedSettings } from '../store/selectors';
import type { AppState } from '../store/state';
import type { Store } from '../store/store';

/** Applies a hash to the store; returns the patch (for deciding what to load). */
export function applyHash(store: Store, hash: string): SettingsPatch {
  const { settings: l, notices } = decodeHash(hash);
  const choice: { -readonly [K in keyof ModelChoice]?: ModelChoice[K] } = {};
  if (l.modelId !== undefined) {
    choice.key = keyForModelId(l.modelId);
    choice.customId = choice.key === CUSTOM_KEY ? l.modelId : '';
  }
  if (l.dtype !== undefined) choice.dtype = l.dtype;
  if (l.device !== undefined) choice.device = l.device;
  if (l.host !== undefined) choice.host = l.host;
  if (l.wasmThreads !== undefined) choice.wasmThreads = l.wasmThreads;
  // A link written by the page names its methods; it then describes the whole form relative to the defaults.
  const wholeForm = l.methods !== undefined || l.changes !== undefined;
  const patch: SettingsPatch = {
    ...(Object.keys(choice).length > 0 ? { choice } : {}),
    ...(l.prompt !== undefined ? { prompt: l.prompt } : {}),
    ...(l.seed !== undefined ? { seed: l.seed } : {}),
    ...(l.thinking !== undefined ? { thinking: l.thinking } : {}),
    ...(l.methods !== undefined ? { methods: l.methods } : {}),
    ...(l.maxNewTokens !== undefined || wholeForm ? { maxNewTokens: l.maxNewTokens ?? '' } : {}),
    ...(wholeForm ? { changes: l.changes ?? {} } : {}),
  };
  store.dispatch({ type: 'settings/apply', patch });
  for (const text of notices) store.dispatch({ type: 'notice/add', text });
  return patch;
}

export function installPermalinkSync(store: Store, onExternalChange: (patch: SettingsPatch) => void): void {
  let written = location.hash.replace(/^#/, '');
  let timer: ReturnType<typeof setTimeout> | null = null;
  const write = (s: AppState) => {
    const next = encodeHash(sharedSettings(s));
    if (next !== written) {
      written = next;
      history.replaceState(null, '', `#${next}`);
    }
  };
  store.subscribe((s, prev) => {
    if (s.form === prev.form && s.model.choice === prev.model.choice && s.model.info === prev.model.info) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => write(store.getState()), 150);
  });
  window.addEventListener('hashchange', () => {
    const hash = location.hash.replace(/^#/, '');
    if (hash === written) return;
    written = hash;
    onExternalChange(applyHash(store, hash));
  });
}

/** "Copy link" for sharing: `link()` gives the settings of the results shown (see Controller.permalink). */
export function createCopyLink(link: () => string): HTMLElement {
  const feedback = h('span', { class: 'small muted', 'aria-live': 'polite' });
  const button = h('button', {
    type: 'button', 'data-testid': 'copy-link',
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(link());
        setText(feedback, 'Link copied');
      } catch {
        setText(feedback, link());
      }
      setTimeout(() => setText(feedback, ''), 3000);
    },
  }, 'Copy link');
  return h('span', { class: 'copy-link' }, button, feedback);
}
