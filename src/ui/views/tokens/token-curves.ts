/**
 * The token curves under the results: entropy per lane over position, CGRS certainty at its checkpoints
 * (δ and the suppression region drawn), and the kept-set size |S| per position. Each chart has a visible
 * definition and a screen-reader summary of what it shows.
 */
import type uPlot from 'uplot';
import type { LaneResult } from '../../../protocol/run';
import { h } from '../../dom';
import { laneLabel } from '../../logic/columns';
import {
  certaintyCurve, certaintySummary, curvesSummary, entropyCurves, keptCurves, type CertaintyCurve, type LaneTrace,
} from '../../logic/tokens/curves';
import type { AppState } from '../../store/state';
import { followWidth, watchLaneResults } from '../lane-results-view';
import { certaintyPlot, CURVE_HEIGHT, positionPlot } from './curve-plots';
import { laneColor } from './lane-colors';

const DEFINITIONS = {
  entropy: 'Entropy H, in nats (natural log), of the distribution each token was drawn from (after temperature and masks, before the filters), by trace position: token 1 is the first generated token. Gaps are forced tokens (fed, not sampled). FFS: the winner’s trace.',
  certainty: 'Certainty C (0 to 1) of the probe at each CGRS checkpoint, plotted at the token after which it fired. p(suppress) = max(0, (C − δ) / (1 − δ)) holds until the next checkpoint. Dashed line: δ; shaded: C > δ, where reflection triggers are masked with probability p(suppress).',
  kept: '|S|, in tokens: how many tokens the lane’s filters (Top-H, top-k, top-p, min-p) kept to sample from, by trace position. Top-H lanes are drawn; the other filtered lanes can be switched on in the legend.',
};

function figure(testId: string, caption: string) {
  const plotBox = h('div', { class: 'chart', role: 'img', 'data-testid': testId });
  const el = h('figure', null, plotBox, h('figcaption', { class: 'hint' }, caption));
  return { el, plotBox };
}

function traces(results: readonly LaneResult[]): LaneTrace[] {
  return results.filter((r) => r.trace).map((r) => ({ lane: r.lane, label: laneLabel(r.lane, r.method), params: r.params, trace: r.trace! }));
}

export function createTokenCurves(): { el: HTMLElement; update(s: AppState): void } {
  const entropy = figure('chart-entropy', DEFINITIONS.entropy);
  const kept = figure('chart-kept', DEFINITIONS.kept);
  const certaintyBox = h('div', { class: 'certainty-figures' });
  const grid = h('div', { class: 'token-curves' }, entropy.el, certaintyBox, kept.el);
  const el = h('section', { class: 'token-curves-section', 'aria-labelledby': 'curves-heading', hidden: true },
    h('h3', { id: 'curves-heading' }, 'Token curves'), grid);
  let plots: uPlot[] = [];
  let results: LaneResult[] = [];

  function drawCertainty(curves: CertaintyCurve[], width: number): void {
    certaintyBox.replaceChildren();
    for (const c of curves) {
      const f = figure(`chart-certainty-${c.lane}`, DEFINITIONS.certainty);
      certaintyBox.append(f.el);
      f.plotBox.setAttribute('aria-label', certaintySummary(c));
      const r = results.find((x) => x.lane === c.lane)!;
      const plot = certaintyPlot(c, { width, color: laneColor(r.method, results.indexOf(r)) });
      f.plotBox.append(plot.root);
      plots.push(plot);
    }
  }

  function draw(): void {
    plots.forEach((p) => p.destroy());
    plots = [];
    const lanes = traces(results);
    el.hidden = lanes.length === 0;
    if (lanes.length === 0) return;
    const width = Math.max(240, Math.floor(entropy.plotBox.clientWidth || 320));
    const colorOf = (ls: readonly { lane: string }[]) => (i: number) => {
      const r = results.find((x) => x.lane === ls[i]!.lane)!;
      return laneColor(r.method, results.indexOf(r));
    };
    const e = entropyCurves(lanes);
    plots.push(positionPlot(e, { title: 'Entropy per position', yLabel: 'entropy (nats)', width, colorOf: colorOf(e.series), unit: (v) => `${v.toFixed(2)} nats` }));
    entropy.plotBox.replaceChildren(plots[0]!.root);
    entropy.plotBox.setAttribute('aria-label', curvesSummary('Entropy per position', 'nats', e, 2));
    const k = keptCurves(lanes);
    kept.el.hidden = k.series.length === 0;
    if (k.series.length > 0) {
      const plot = positionPlot(k, {
        title: 'Kept-set size |S| per position', yLabel: '|S| (tokens)', width, colorOf: colorOf(k.series), unit: (v) => `${Math.round(v)} tokens`,
      });
      plots.push(plot);
      kept.plotBox.replaceChildren(plot.root);
      kept.plotBox.setAttribute('aria-label', curvesSummary('Kept-set size |S| per position', 'tokens', k, 1));
    }
    drawCertainty(results.map((r) => certaintyCurve(r, laneLabel(r.lane, r.method))).filter((c): c is CertaintyCurve => c !== null), width);
  }

  followWidth(el, entropy.plotBox, () => plots, CURVE_HEIGHT);

  return {
    el,
    update: watchLaneResults((next) => {
      results = next;
      draw();
    }),
  };
}
