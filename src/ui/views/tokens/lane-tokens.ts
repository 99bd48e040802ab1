/**
 * A lane's token section: its strips (one, or one per FFS row with the winner first), built once when the
 * lane's result arrives with token stats; later only the departure mark moves, as other lanes finish.
 */
import type { LaneResult } from '../../../protocol/run';
import { h } from '../../dom';
import { laneLabel } from '../../logic/columns';
import { departureNote, type Departure } from '../../logic/tokens/divergence';
import { laneStrips } from '../../logic/tokens/lane-strips';
import { createTokenStrip, type TokenStrip } from './token-strip';
import { createTokenTooltip } from './token-tooltip';

export interface LaneTokens {
  readonly el: HTMLElement;
  /** Builds the strips from the lane's first result with token stats; later results are the same data. */
  update(result: LaneResult | null): void;
  /** Marks where the lane's shown trace departs from its closest lanes. */
  setDeparture(d: Departure | undefined, labelOf: (lane: string) => string): void;
}

export function createLaneTokens(): LaneTokens {
  const box = h('div', { class: 'lane-tokens-box' });
  const el = h('details', { class: 'lane-tokens', open: true, hidden: true },
    h('summary', null, 'Tokens'), box);
  const tooltip = createTokenTooltip(box);
  let shown: TokenStrip | null = null;
  let built = false;

  return {
    el,
    update(result) {
      if (built || !result) return;
      const specs = laneStrips(result);
      if (specs.length === 0) return;
      built = true;
      const label = laneLabel(result.lane, result.method);
      const checkpoints = result.cgrs?.checkpoints ?? [];
      for (const spec of specs) {
        const strip = createTokenStrip({
          testId: spec.testId, label: spec.row === null ? `${label} tokens` : `${label} row ${spec.row} tokens`,
          trace: spec.trace, end: spec.end, tooltip,
          // Checkpoints are reported for the shown trace only (CGRS runs one row).
          checkpoints: spec.shown ? checkpoints : [],
        });
        if (spec.shown) shown = strip;
        box.insertBefore(h('div', { class: `strip-row${spec.shown ? ' shown' : ''}` },
          h('p', { class: 'strip-caption small muted' }, spec.caption), strip.el), tooltip.el);
      }
      el.hidden = false;
    },
    setDeparture(d, labelOf) {
      const departs = d !== undefined && d.departs;
      shown?.markDeparture(departs ? d.position : null, departs ? departureNote(d, labelOf) : null);
    },
  };
}
