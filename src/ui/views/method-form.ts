/**
 * One card per method: a checkbox (data-testid method-<id>), the one-line explanation, the paper link,
 * a presets menu (only presets that change something: src/core/methods/presets.ts), "Defaults", and the
 * method's settings — one control per field of the schema (src/core/methods/schema.ts) with its label,
 * help and inline validation message.
 */
import type { MethodId } from '../../core/methods/params';
import { defaultParams, METHOD_IDS } from '../../core/methods/params';
import { presetParams, presetsFor } from '../../core/methods/presets';
import { METHODS } from '../../core/methods/registry';
import { SCHEMA, type ParamField } from '../../core/methods/schema';
import { h, replaceChildren, setAttr, setText } from '../dom';
import { clampPreset } from '../logic/clamp';
import { MAX_NEW_PATH } from '../logic/param-form';
import { paramSummary } from '../logic/param-summary';
import { methodForm } from '../store/selectors';
import type { AppState } from '../store/state';
import type { Store } from '../store/store';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

interface FieldView {
  readonly field: ParamField;
  readonly control: Control;
  readonly error: HTMLElement;
}

/** The label of a field in this card: a method's own max new tokens overrides the shared one. */
function labelOf(field: ParamField): string {
  return field.path === MAX_NEW_PATH ? 'Max new tokens (this method)' : field.label;
}

function hintOf(field: ParamField): string {
  if (field.path === MAX_NEW_PATH) return 'Overrides the shared Max new tokens for this method only. Empty: the shared value.';
  return field.paper ? `${field.help} Paper: ${String(field.paper.value)} (${field.paper.source}).` : field.help;
}

/** Numbers are typed into text inputs: a number input hides what it cannot parse ("1e999" reads as ''). */
function controlFor(field: ParamField, id: string, onValue: (v: string) => void): Control {
  const describedBy = `${id}-hint ${id}-error`;
  const t = field.type;
  switch (t.kind) {
    case 'enum': {
      const blank = field.group !== undefined ? [h('option', { value: '' }, '—')] : [];
      return h('select', { id, 'aria-describedby': describedBy, onchange: (e) => onValue((e.target as HTMLSelectElement).value) },
        ...blank, ...t.options.map((o) => h('option', { value: o }, o)));
    }
    case 'boolean':
      return h('input', { id, type: 'checkbox', 'aria-describedby': describedBy, onchange: (e) => onValue(String((e.target as HTMLInputElement).checked)) });
    case 'text':
    case 'word-list':
      return h('textarea', { id, rows: t.kind === 'text' ? 2 : 3, spellcheck: 'false', 'aria-describedby': describedBy, oninput: (e) => onValue((e.target as HTMLTextAreaElement).value) });
    case 'number': {
      const optional = field.optional || field.group !== undefined || field.path === MAX_NEW_PATH;
      return h('input', {
        id, type: 'text', inputmode: t.integer ? 'numeric' : 'decimal', autocomplete: 'off', spellcheck: 'false',
        placeholder: field.path === MAX_NEW_PATH ? 'shared' : optional ? 'off' : null, 'aria-describedby': describedBy,
        oninput: (e) => onValue((e.target as HTMLInputElement).value),
      });
    }
  }
}

function syncControl(f: FieldView, raw: string): void {
  if (f.control instanceof HTMLInputElement && f.control.type === 'checkbox') f.control.checked = raw === 'true';
  else if (f.control.value !== raw) f.control.value = raw;
}

function fieldViews(store: Store, method: MethodId): FieldView[] {
  return SCHEMA[method].fields.map((field) => {
    const id = `${method}-${field.path.replace(/\./g, '-')}`;
    const control = controlFor(field, id, (value) => store.dispatch({ type: 'form/field', method, path: field.path, value }));
    const error = h('p', { id: `${id}-error`, class: 'field-error', 'aria-live': 'polite' });
    return { field, control, error };
  });
}

function fieldBox(f: FieldView): HTMLElement {
  const id = f.control.id;
  const label = h('label', { for: id }, labelOf(f.field));
  const hint = h('p', { id: `${id}-hint`, class: 'hint' }, hintOf(f.field));
  if (f.field.type.kind === 'boolean') return h('div', { class: 'field checkbox-field' }, h('div', { class: 'inline' }, f.control, label), hint, f.error);
  const wide = f.field.type.kind === 'text' || f.field.type.kind === 'word-list';
  return h('div', { class: wide ? 'field wide' : 'field', 'data-field': f.field.path }, label, f.control, hint, f.error);
}

/** The presets menu: applying one sets the whole form; a max new tokens the model cannot hold is clamped, with a note. */
function presetMenu(store: Store, method: MethodId, note: HTMLElement): HTMLElement | null {
  const presets = presetsFor(method);
  if (presets.length === 0) return null;
  const select = h('select', {
    'data-testid': `preset-${method}`, 'aria-label': `${METHODS[method].label} presets`,
    onchange: () => {
      const id = select.value;
      select.value = '';
      if (id === '') return;
      const info = store.getState().model.info;
      const { params, note: clampNote } = clampPreset(presetParams(id), info);
      const ownMax = params.maxNewTokens !== defaultParams(method).maxNewTokens;
      store.dispatch({ type: 'form/params', method, params, ownMax });
      setText(note, clampNote ?? '');
    },
  }, h('option', { value: '' }, 'Presets…'), ...presets.map((p) => h('option', { value: p.id, title: p.description }, p.label)));
  return select;
}

function methodCard(store: Store, method: MethodId) {
  const info = METHODS[method];
  const checkbox = h('input', {
    type: 'checkbox', id: `method-${method}`, 'data-testid': `method-${method}`,
    onchange: () => store.dispatch({ type: 'form/toggle-method', method, on: checkbox.checked }),
  });
  const fields = fieldViews(store, method);
  const otherIssues = h('ul', { class: 'field-error method-issues', 'aria-live': 'polite' });
  const presetNote = h('p', { class: 'small notice-inline', 'data-testid': `preset-note-${method}`, 'aria-live': 'polite' });
  const summaryText = h('span', { class: 'settings-summary' });
  const settings = h('details', { class: 'method-settings', 'data-testid': `settings-${method}` },
    h('summary', null, h('span', { class: 'settings-label' }, 'Settings'), summaryText), h('div', { class: 'fields' }, ...fields.map(fieldBox)));
  const paperLink = info.paperUrl
    ? h('a', { href: info.paperUrl, target: '_blank', rel: 'noopener noreferrer', class: 'small' }, 'paper ↗')
    : h('span', { class: 'small muted' }, 'baseline');
  const defaultsButton = h('button', {
    type: 'button', title: 'This page’s defaults',
    onclick: () => {
      store.dispatch({ type: 'form/params', method, params: defaultParams(method), ownMax: false });
      setText(presetNote, '');
    },
  }, 'Defaults');
  const el = h('fieldset', { class: 'method', 'data-method': method },
    h('legend', { class: 'sr-only' }, info.label),
    h('div', { class: 'method-head' },
      h('label', { class: 'method-toggle', for: `method-${method}` }, checkbox, h('span', { class: 'method-name' }, info.label)),
      h('div', { class: 'method-actions' }, presetMenu(store, method, presetNote), defaultsButton, paperLink)),
    h('p', { class: 'method-desc small muted' }, info.oneLine),
    presetNote, settings, otherIssues,
  );

  let last: { raw: unknown; info: unknown; max: unknown } = { raw: null, info: undefined, max: undefined };
  let wasInvalid = false;
  function update(s: AppState): void {
    const selected = s.form.selected.includes(method);
    checkbox.checked = selected;
    el.classList.toggle('selected', selected);
    const raw = s.form.raw[method];
    if (raw === last.raw && s.model.info === last.info && s.form.maxNewTokens === last.max) return;
    last = { raw, info: s.model.info, max: s.form.maxNewTokens };
    const { params, issues } = methodForm(s, method);
    for (const f of fields) {
      syncControl(f, raw[f.field.path] ?? '');
      const msgs = issues.filter((i) => i.field === f.field.path).map((i) => i.problem);
      setText(f.error, msgs.join(' · '));
      setAttr(f.control, 'aria-invalid', msgs.length > 0 ? 'true' : null);
    }
    replaceChildren(otherIssues, ...issues.filter((i) => i.field === null).map((i) => h('li', null, i.problem)));
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
