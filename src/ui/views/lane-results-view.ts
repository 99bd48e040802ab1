/** What the result charts and the token curves share: redraw when the finished lanes change, follow the width. */
import type uPlot from 'uplot';
import type { LaneResult } from '../../protocol/run';
import type { AppState } from '../store/state';

/**
 * An `update(state)` that calls `onChange` with the finished lanes' results when they change (new result objects,
 * not merely a new lanes array), after layout, so the boxes being drawn into have their width.
 */
export function watchLaneResults(onChange: (results: LaneResult[]) => void): (s: AppState) => void {
  let last: unknown = null;
  let results: LaneResult[] = [];
  return (s) => {
    if (s.run.lanes === last) return;
    last = s.run.lanes;
    const next = s.run.lanes.map((l) => l.result).filter((r): r is LaneResult => r !== null);
    if (next.length === results.length && next.every((r, i) => r === results[i])) return;
    results = next;
    requestAnimationFrame(() => onChange(results));
  };
}

/** Keeps the plots `plots()` returns as wide as `box` (at least 240 px) while `el` resizes. */
export function followWidth(el: Element, box: HTMLElement, plots: () => readonly uPlot[], height: number): void {
  new ResizeObserver(() => {
    const width = Math.max(240, Math.floor(box.clientWidth));
    for (const p of plots()) if (Math.abs(p.width - width) > 4) p.setSize({ width, height });
  }).observe(el);
}
