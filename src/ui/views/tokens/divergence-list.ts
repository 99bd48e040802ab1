/**
 * Under the results: for every pair of lanes, how long they agree (token ids) and what each writes where
 * they part; then where each lane departs from its closest lanes (the mark on its strip).
 */
import { h, replaceChildren } from '../../dom';
import { divergenceSentence } from '../../logic/tokens/divergence';
import { runDivergence, type RunDivergence } from '../../store/divergence';
import type { AppState } from '../../store/state';

function departureItems(d: RunDivergence): HTMLElement[] {
  return d.lanes.flatMap((lane) => {
    const dep = d.departures.get(lane.lane);
    if (!dep) return []; // fewer than two lanes with a trace so far
    const closest = dep.closest.map(d.labelOf).join(', ');
    const text = dep.departs
      ? `${lane.label}: departs at token ${dep.position + 1}, after ${dep.position} shared with ${closest}`
      : `${lane.label}: all ${lane.ids.length} tokens shared with ${closest} (no departure)`;
    return h('li', { 'data-lane': lane.lane, 'data-position': dep.departs ? dep.position : null }, text);
  });
}

export function createDivergenceList(): { el: HTMLElement; update(s: AppState): void } {
  const pairs = h('ul', { class: 'divergence-list small', 'data-testid': 'divergence-list' });
  const lanes = h('ul', { class: 'divergence-list small', 'data-testid': 'departures' });
  const el = h('section', { class: 'divergence', 'aria-labelledby': 'divergence-heading', hidden: true },
    h('h3', { id: 'divergence-heading' }, 'Where the lanes part'),
    h('p', { class: 'hint' }, 'Compared by token ids from the first trace token (FFS: the winner’s trace). Two lanes agree for the length of their common prefix; a lane departs where it leaves the lanes it agrees with longest, marked “departs→” on its token strip.'),
    pairs, h('h4', null, 'Departures'), lanes);
  let last: RunDivergence | null = null;
  return {
    el,
    update(s) {
      const d = runDivergence(s);
      if (d === last) return;
      last = d;
      el.hidden = d.lanes.length < 2;
      replaceChildren(pairs, ...d.pairs.map((p) => h('li', { 'data-a': p.a, 'data-b': p.b, 'data-common': p.common }, divergenceSentence(p, d.labelOf))));
      replaceChildren(lanes, ...departureItems(d));
    },
  };
}
