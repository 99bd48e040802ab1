/**
 * Keeps the URL hash in step with the settings (model, prompt, methods, params, seed) and applies a
 * pasted link. Writing uses history.replaceState, which fires no hashchange, so there is no loop.
 */
import { keyForModelId } from '../logic/models';
import { decodeHash, encodeHash } from '../logic/permalink';
import { h, setText } from '../dom';
import type { SettingsPatch } from '../store/reducer';
import { sharedSettings } from '../store/selectors';
import type { AppState } from '../store/state';
import type { Store } from '../store/store';

/** Applies a hash to the store; returns the patch (for deciding what to load). */
export function applyHash(store: Store, hash: string): SettingsPatch {
  const { settings, notices } = decodeHash(hash);
  const patch: SettingsPatch = {
    ...(settings.modelId !== undefined || settings.dtype !== undefined
      ? {
          choice: {
            ...(settings.modelId !== undefined ? { key: keyForModelId(settings.modelId), customId: keyForModelId(settings.modelId) === 'custom' ? settings.modelId : '' } : {}),
            ...(settings.dtype !== undefined ? { dtype: settings.dtype } : {}),
          },
        }
      : {}),
    ...(settings.prompt !== undefined ? { prompt: settings.prompt } : {}),
    ...(settings.seed !== undefined ? { seed: settings.seed } : {}),
    ...(settings.thinking !== undefined ? { thinking: settings.thinking } : {}),
    ...(settings.methods !== undefined ? { methods: settings.methods } : {}),
    ...(settings.params !== undefined ? { params: settings.params } : {}),
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

/** "Copy link" for sharing the current settings. */
export function createCopyLink(): HTMLElement {
  const feedback = h('span', { class: 'small muted', 'aria-live': 'polite' });
  const button = h('button', {
    type: 'button', 'data-testid': 'copy-link',
    onclick: async () => {
      try {
        await navigator.clipboard.writeText(location.href);
        setText(feedback, 'Link copied');
      } catch {
        setText(feedback, 'Copy the address bar: it holds all settings');
      }
      setTimeout(() => setText(feedback, ''), 3000);
    },
  }, 'Copy link');
  return h('span', { class: 'copy-link' }, button, feedback);
}
