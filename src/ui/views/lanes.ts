/** The lanes of the current comparison, side by side (stacked on narrow screens). */
import { h, replaceChildren, setText } from '../dom';
import { runDivergence } from '../store/divergence';
import type { AppState } from '../store/state';
import { createLaneCard } from './lane-card';
import { createShadeToggle } from './tokens/shade-toggle';

export function createLanes(): { el: HTMLElement; update(s: AppState): void } {
  const caption = h('p', { class: 'lanes-caption small muted', 'data-testid': 'lanes-prompt' });
  const grid = h('div', { class: 'lanes-grid' });
  const status = h('p', { class: 'small run-status', 'data-testid': 'run-status', role: 'status', 'aria-live': 'polite' });
  const el = h('section', { class: 'lanes-section', 'aria-labelledby': 'lanes-heading', hidden: true },
    h('div', { class: 'section-head' }, h('h2', { id: 'lanes-heading' }, 'Lanes'), status), caption);
  // The strips' shading is one attribute on the section: switching it repaints, never rebuilds a cell.
  const shade = createShadeToggle(el);
  el.append(shade.el, grid);
  let lastDivergence: unknown = null;
  let runId: string | null = null;
  let cards = new Map<string, ReturnType<typeof createLaneCard>>();
  let lastLanes: unknown = null;

  return {
    el,
    update(s) {
      const r = s.run;
      el.hidden = r.snapshot === null;
      if (r.snapshot === null) return;
      if (r.runId !== runId) {
        runId = r.runId;
        cards = new Map(r.lanes.map((l) => [l.lane, createLaneCard(l, r.snapshot!)]));
        replaceChildren(grid, ...[...cards.values()].map((c) => c.el));
        setText(caption, `Prompt: ${r.snapshot.prompt}`);
        lastLanes = null;
        lastDivergence = null;
      }
      const statusText = { idle: '', running: 'Running…', stopping: 'Stopping…', done: 'Finished', cancelled: 'Stopped', error: `Failed: ${r.error ?? ''}` }[r.status];
      setText(status, statusText);
      status.className = `small run-status ${r.status}`;
      if (r.lanes === lastLanes) return;
      lastLanes = r.lanes;
      for (const lane of r.lanes) cards.get(lane.lane)?.update(lane);
      const divergence = runDivergence(s);
      shade.el.hidden = divergence.lanes.length === 0;
      if (divergence === lastDivergence) return;
      lastDivergence = divergence;
      for (const [lane, card] of cards) card.setDeparture(divergence.departures.get(lane), divergence.labelOf);
    },
  };
}
