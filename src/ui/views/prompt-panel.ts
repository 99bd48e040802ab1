/** The prompt, example questions, seed, thinking switch, and the run / stop buttons. */
import { METHODS } from '../../core/methods/registry';
import type { Controller } from '../controller';
import { h, setAttr, setText } from '../dom';
import { isRunning, runBlocker, seedIssue, sharedMaxIssue } from '../store/selectors';
import { DEFAULT_MAX_NEW_TOKENS } from '../../core/methods/params';
import type { AppState } from '../store/state';
import type { Store } from '../store/store';
import { createQuestions } from './questions';

const isMac = /Mac|iPhone|iPad/.test(navigator.platform);

export function createPromptPanel(store: Store, ctl: Controller): { el: HTMLElement; update(s: AppState): void } {
  const prompt = h('textarea', {
    id: 'prompt', 'data-testid': 'prompt', rows: 3, placeholder: 'Ask a question, e.g. What is 457 + 386?',
    'aria-describedby': 'run-blocker',
    oninput: () => store.dispatch({ type: 'form/prompt', prompt: prompt.value }),
  });
  const seed = h('input', {
    id: 'seed', type: 'number', inputmode: 'numeric', min: 0, step: 1, class: 'seed', 'aria-describedby': 'seed-error',
    oninput: () => store.dispatch({ type: 'form/seed', seed: seed.value }),
  });
  const seedError = h('p', { id: 'seed-error', class: 'field-error', 'aria-live': 'polite' });
  const maxNew = h('input', {
    id: 'max-new-tokens', type: 'text', inputmode: 'numeric', autocomplete: 'off', class: 'max-new', placeholder: 'auto',
    'data-testid': 'max-new-tokens', 'aria-describedby': 'max-new-hint max-new-error',
    oninput: () => store.dispatch({ type: 'form/max-new-tokens', text: maxNew.value }),
  });
  const maxNewHint = h('p', { id: 'max-new-hint', class: 'small muted' });
  const maxNewError = h('p', { id: 'max-new-error', class: 'field-error', 'aria-live': 'polite' });
  const thinking = h('input', { id: 'thinking', type: 'checkbox', onchange: () => store.dispatch({ type: 'form/thinking', thinking: thinking.checked }) });
  const run = h('button', { type: 'button', class: 'primary', 'data-testid': 'run', onclick: () => void ctl.run() }, 'Run comparison');
  const stop = h('button', { type: 'button', class: 'danger', 'data-testid': 'stop', onclick: () => void ctl.stop() }, 'Stop');
  const lanesSummary = h('p', { class: 'small', 'data-testid': 'selected-methods' });
  const blocker = h('p', { id: 'run-blocker', class: 'small muted', 'data-testid': 'run-blocker', 'aria-live': 'polite' });
  const questions = createQuestions(store, ctl);

  const el = h('section', { class: 'card prompt-card', 'aria-labelledby': 'prompt-label' },
    h('label', { id: 'prompt-label', for: 'prompt', class: 'card-title' }, 'Prompt'),
    prompt,
    questions.el,
    h('div', { class: 'run-row' },
      h('div', { class: 'field seed-field' }, h('label', { for: 'seed' }, 'Seed'), seed),
      h('div', { class: 'field max-new-field' }, h('label', { for: 'max-new-tokens' }, 'Max new tokens'), maxNew),
      h('div', { class: 'inline' }, thinking, h('label', { for: 'thinking' }, 'Let the model think')),
      h('div', { class: 'run-buttons' }, run, stop,
        h('span', { class: 'small muted kbd-hint' }, h('kbd', null, isMac ? '⌘' : 'Ctrl'), '+', h('kbd', null, 'Enter')))),
    seedError, maxNewHint, maxNewError, lanesSummary, blocker,
  );

  return {
    el,
    update(s) {
      if (prompt.value !== s.form.prompt) prompt.value = s.form.prompt;
      if (seed.value !== s.form.seed && !seed.validity.badInput) seed.value = s.form.seed;
      thinking.checked = s.form.thinking;
      if (maxNew.value !== s.form.maxNewTokens) maxNew.value = s.form.maxNewTokens;
      const maxIssue = sharedMaxIssue(s);
      setText(maxNewError, maxIssue === null ? '' : `Max new tokens ${maxIssue}`);
      setAttr(maxNew, 'aria-invalid', maxIssue === null ? null : 'true');
      setText(maxNewHint, maxNewHintText(s));
      setText(seedError, seedIssue(s.form.seed) ?? '');
      setAttr(seed, 'aria-invalid', seedIssue(s.form.seed) ? 'true' : null);
      const reason = runBlocker(s);
      const running = isRunning(s);
      run.disabled = reason !== null;
      stop.disabled = s.run.status !== 'running';
      setText(run, running ? 'Running…' : 'Run comparison');
      setText(stop, s.run.status === 'stopping' ? 'Stopping…' : 'Stop');
      setText(blocker, running ? '' : (reason ?? ''));
      const names = s.form.selected.map((m) => METHODS[m].label);
      setText(lanesSummary, names.length === 0 ? '' : `Compares ${names.length} lane${names.length === 1 ? '' : 's'}: ${names.join(', ')}`);
      questions.update(s);
    },
  };
}

/** What the shared max means right now: auto fits itself to the loaded model. */
function maxNewHintText(s: AppState): string {
  if (s.form.maxNewTokens.trim() !== '') return 'For every lane; a method’s own setting overrides it.';
  const ctx = s.model.info?.contextLength;
  const limit = ctx === undefined ? '' : ` and the model's context (${ctx.toLocaleString('en')} tokens)`;
  return `Auto: up to ${DEFAULT_MAX_NEW_TOKENS.toLocaleString('en')} per lane, fewer where the prompt${limit} leave less room.`;
}

/** Ctrl/Cmd+Enter runs from anywhere on the page; Escape stops a running comparison. */
export function installShortcuts(ctl: Controller, store: Store): void {
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void ctl.run();
    } else if (e.key === 'Escape' && store.getState().run.status === 'running') {
      void ctl.stop();
    }
  });
}
