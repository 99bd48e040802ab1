/**
 * One card per method: a checkbox (data-testid method-<id>), the one-line explanation, the paper link,
 * "Paper settings" and "Defaults" buttons, and the method's fields with inline validation messages.
 */
import type { MethodId } from '../../core/methods/params';
import { defaultParams, METHOD_IDS } from '../../core/methods/params';
import { presetParams, PRESETS } from '../../core/methods/presets';
import { METHODS } from '../../core/methods/registry';
import { h, replaceChildren, setAttr, setText } from '../dom';
import type { FieldSpec } from '../logic/param-fields';
import { METHOD_FIELDS } from '../logic/param-fields';
import { paramSummary } from '../logic/param-summary';
import { methodForm } from '../store/selectors';
import type { AppState } from '../store/state';
import type { Store } from '../store/store';

/** The preset behind each method's "Paper settings" button. */
export const PAPER_PRESET: Readonly<Record<MethodId, string>> = {
  greedy: 'greedy', sample: 'qwen3-default', 'top-h': 'top-h-paper', cgrs: 'cgrs-paper', ffs: 'ffs-paper',
};

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

interface FieldView {
  readonly spec: FieldSpec;
  readonly control: Control;
  readonly error: HTMLElement;
}

function controlFor(spec: FieldSpec, id: string, onValue: (v: string) => void): Control {
  const describedBy = `${id}-hint ${id}-error`;
  switch (spec.kind) {
    case 'select':
      return h('select', { id, 'aria-describedby': describedBy, onchange: (e) => onValue((e.target as HTMLSelectElement).value) },
        ...(spec.options ?? []).map((o) => h('option', { value: o }, o)));
    case 'checkbox':
      return h('input', { id, type: 'checkbox', 'aria-describedby': describedBy, onchange: (e) => onValue(String((e.target as HTMLInputElement).checked)) });
    case 'text':
    case 'word-list':
      return h('textarea', { id, rows: spec.kind === 'text' ? 2 : 3, spellcheck: 'false', 'aria-describedby': describedBy, oninput: (e) => onValue((e.target as HTMLTextAreaElement).value) });
    default:
      return h('input', {
        id, type: 'number', inputmode: spec.kind === 'integer' ? 'numeric' : 'decimal',
        step: spec.step ?? (spec.kind === 'integer' ? 1 : 'any'), min: spec.min, max: spec.max,
        placeholder: spec.optional ? 'off' : null, 'aria-describedby': describedBy,
        oninput: (e) => onValue((e.target as HTMLInputElement).value),
      });
  }
}

function syncControl(f: FieldView, raw: string): void {
  if (f.control instanceof HTMLInputElement && f.control.type === 'checkbox') {
    f.control.checked = raw === 'true';
  } else if (f.control.value !== raw) {
    // A number input reports '' for text it cannot parse; keep what the user sees then.
    if (!(f.control instanceof HTMLInputElement && f.control.value === '' && f.control.validity.badInput)) f.control.value = raw;
  }
}

function methodCard(store: Store, method: MethodId) {
  const info = METHODS[method];
  const preset = PRESETS.find((p) => p.id === PAPER_PRESET[method]);
  const checkbox = h('input', {
    type: 'checkbox', id: `method-${method}`, 'data-testid': `method-${method}`,
    onchange: () => store.dispatch({ type: 'form/toggle-method', method, on: checkbox.checked }),
  });
  const fields: FieldView[] = METHOD_FIELDS[method].map((spec) => {
    const id = `${method}-${spec.path.replace(/\./g, '-')}`;
    const control = controlFor(spec, id, (value) => store.dispatch({ type: 'form/field', method, path: spec.path, value }));
    const error = h('p', { id: `${id}-error`, class: 'field-error', 'aria-live': 'polite' });
    return { spec, control, error };
  });
  const fieldsBox = h('div', { class: 'fields' }, ...fields.map((f) => {
    const id = f.control.id;
    const label = h('label', { for: id, title: f.spec.hint }, f.spec.label);
    const hint = h('p', { id: `${id}-hint`, class: 'hint' }, f.spec.hint);
    return f.spec.kind === 'checkbox'
      ? h('div', { class: 'field checkbox-field' }, h('div', { class: 'inline' }, f.control, label), hint, f.error)
      : h('div', { class: f.spec.kind === 'text' || f.spec.kind === 'word-list' ? 'field wide' : 'field' }, label, f.control, hint, f.error);
  }));
  const otherIssues = h('ul', { class: 'field-error method-issues', 'aria-live': 'polite' });
  const summaryText = h('span', { class: 'settings-summary' });
  const settings = h('details', { class: 'method-settings', 'data-testid': `settings-${method}` },
    h('summary', null, h('span', { class: 'settings-label' }, 'Settings'), summaryText), fieldsBox);
  const paperLink = info.paperUrl
    ? h('a', { href: info.paperUrl, target: '_blank', rel: 'noopener noreferrer', class: 'small' }, 'paper ↗')
    : h('span', { class: 'small muted' }, 'baseline');
  const el = h('fieldset', { class: 'method', 'data-method': method },
    h('legend', { class: 'sr-only' }, info.label),
    h('div', { class: 'method-head' },
      h('label', { class: 'method-toggle', for: `method-${method}` }, checkbox, h('span', { class: 'method-name' }, info.label)),
      h('div', { class: 'method-actions' },
        h('button', { type: 'button', title: preset?.description ?? '', 'data-testid': `preset-${method}`,
          onclick: () => store.dispatch({ type: 'form/params', method, params: presetParams(PAPER_PRESET[method]) }) }, 'Paper settings'),
        h('button', { type: 'button', title: 'This page’s defaults', onclick: () => store.dispatch({ type: 'form/params', method, params: defaultParams(method) }) }, 'Defaults'),
        paperLink)),
    h('p', { class: 'method-desc small muted' }, info.oneLine),
    settings, otherIssues,
  );

  let lastRaw: unknown = null;
  let lastInfo: unknown = undefined;
  let wasInvalid = false;
  function update(s: AppState): void {
    const selected = s.form.selected.includes(method);
    checkbox.checked = selected;
    el.classList.toggle('selected', selected);
    const raw = s.form.raw[method];
    if (raw === lastRaw && s.model.info === lastInfo) return;
    lastRaw = raw;
    lastInfo = s.model.info;
    const { params, issues } = methodForm(s, method);
    for (const f of fields) {
      syncControl(f, raw[f.spec.path] ?? '');
      const msgs = issues.filter((i) => i.field === f.spec.path).map((i) => i.message);
      setText(f.error, msgs.join(' · '));
      setAttr(f.control, 'aria-invalid', msgs.length > 0 ? 'true' : null);
    }
    replaceChildren(otherIssues, ...issues.filter((i) => i.field === null).map((i) => h('li', null, i.message)));
    const invalid = issues.length > 0;
    el.classList.toggle('invalid', invalid);
    // Open the settings when a value turns invalid, so its message is visible.
    if (invalid && !wasInvalid) settings.open = true;
    wasInvalid = invalid;
    setText(summaryText, invalid ? `${issues.length} invalid value${issues.length === 1 ? '' : 's'}` : paramSummary(params));
  }
  return { el, update };
}

export function createMethodForm(store: Store): { el: HTMLElement; update(s: AppState): void } {
  const cards = METHOD_IDS.map((m) => methodCard(store, m));
  const el = h('section', { class: 'card', 'aria-labelledby': 'methods-heading' },
    h('h2', { id: 'methods-heading' }, 'Methods'),
    h('p', { class: 'small muted' }, 'Tick the methods to compare. Each runs as its own lane, one after another, on the same prompt and seed.'),
    ...cards.map((c) => c.el));
  return { el, update: (s) => cards.forEach((c) => c.update(s)) };
}
