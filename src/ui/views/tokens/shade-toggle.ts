/**
 * The page-wide choice of what the token strips' shading shows (p of the chosen token, or entropy), with
 * a legend of the scale and the strips' marks. It sets `data-shade` on `target`; the CSS does the rest.
 */
import { h, setText } from '../../dom';
import { SHADE_BY, SHADE_LEGEND, type ShadeBy } from '../../logic/tokens/shade';

const MARKS = [
  { className: 'fz', sample: 'ab', text: 'forced (fed, not sampled)' },
  { className: 'sup', sample: 'ab', text: 'reflection triggers suppressed' },
  { className: 'cp', sample: '◆0.95 p0.50', text: 'CGRS checkpoint after the token: certainty C, and p(suppress) when above 0' },
  { className: 'dv', sample: 'departs→ab', text: 'where the lane leaves its closest lane' },
  { className: 'end', sample: 'ab', text: 'end: finished (green) or cut (red)' },
];

export function createShadeToggle(target: HTMLElement): { el: HTMLElement } {
  const light = h('span', { class: 'shade-end' });
  const dark = h('span', { class: 'shade-end' });
  const definition = h('p', { class: 'hint shade-definition' });
  const apply = (by: ShadeBy) => {
    target.dataset.shade = by;
    const legend = SHADE_LEGEND[by];
    setText(light, legend.light);
    setText(dark, legend.dark);
    setText(definition, legend.definition);
  };
  const radios = SHADE_BY.map((by) => h('label', { class: 'inline' },
    h('input', { type: 'radio', name: 'token-shade', value: by, checked: by === 'p', 'data-testid': `shade-${by}`, onchange: () => apply(by) }),
    SHADE_LEGEND[by].label));
  apply('p');
  const el = h('div', { class: 'shade-toggle small', 'data-testid': 'shade-toggle', hidden: true },
    h('fieldset', { class: 'shade-choice' }, h('legend', null, 'Shade tokens by'), ...radios),
    h('div', { class: 'shade-legend', 'aria-hidden': 'true' }, light, h('span', { class: 'shade-ramp' }), dark),
    h('ul', { class: 'mark-legend', 'aria-label': 'Marks on the token strips' },
      ...MARKS.map((m) => h('li', null, h('span', { class: `tok legend-${m.className}` }, m.sample), ` ${m.text}`))),
    definition);
  return { el };
}
