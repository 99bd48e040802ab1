/**
 * uPlot options for the token curves: a quantity over trace position (tokens), one line per lane, and
 * CGRS certainty at its checkpoints with δ and the suppression region. Built from the pure series of
 * src/ui/logic/tokens/curves.ts.
 */
import uPlot from 'uplot';
import { certaintyColumns, type CertaintyCurve, type PositionCurves } from '../../logic/tokens/curves';

export const CURVE_HEIGHT = 200;
const FONT = '11px system-ui, sans-serif';

function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

function axes(xLabel: string, yLabel: string, yValues?: (v: number) => string): uPlot.Axis[] {
  const stroke = themeColor('--muted', '#59636e');
  return [
    { stroke, font: FONT, labelFont: FONT, label: xLabel, size: 36 },
    { stroke, font: FONT, labelFont: FONT, label: yLabel, size: 46, ...(yValues ? { values: (_u: uPlot, splits: number[]) => splits.map(yValues) } : {}) },
  ];
}

/** A legend value with its unit; '—' where the series has none at the cursor. */
function legendValue(format: (v: number) => string): uPlot.Series.Value {
  return (_u, v) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : format(v));
}

const POSITION_VALUE = legendValue((v) => `token ${Math.round(v)}`);

/** Lines over positions 1…n; `colorOf(i)` colours series i; `unit` formats legend values. Gaps (null) stay gaps. */
export function positionPlot(c: PositionCurves, o: {
  title: string; yLabel: string; width: number; colorOf: (i: number) => string; unit: (v: number) => string;
}): uPlot {
  return new uPlot({
    width: o.width, height: CURVE_HEIGHT, title: o.title,
    scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(max, 1e-6) * 1.05] } },
    axes: axes('trace position (tokens)', o.yLabel),
    legend: { live: true },
    series: [
      { label: 'position', value: POSITION_VALUE },
      ...c.series.map((s, i) => ({
        label: s.label, stroke: o.colorOf(i), width: 1.25, show: s.shown, spanGaps: false, points: { show: false }, value: legendValue(o.unit),
      })),
    ],
  }, [c.x as number[], ...c.series.map((s) => s.values as (number | null)[])]);
}

/** Shades certainty > δ (the suppression region) and draws δ across the plot, under the series. */
function deltaHook(delta: number | null): (u: uPlot) => void {
  return (u) => {
    if (delta === null) return;
    const { ctx, bbox } = u;
    const top = u.valToPos(1, 'y', true);
    const at = u.valToPos(delta, 'y', true);
    ctx.save();
    ctx.fillStyle = 'rgba(226, 92, 32, 0.12)';
    ctx.fillRect(bbox.left, top, bbox.width, at - top);
    ctx.strokeStyle = themeColor('--danger', '#b42318');
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = 1.5 * devicePixelRatio;
    ctx.beginPath();
    ctx.moveTo(bbox.left, at);
    ctx.lineTo(bbox.left + bbox.width, at);
    ctx.stroke();
    ctx.restore();
  };
}

/** Certainty C at each checkpoint and p(suppress) over the trace's positions, y from 0 to 1. */
export function certaintyPlot(c: CertaintyCurve, o: { width: number; color: string }): uPlot {
  const cols = certaintyColumns(c);
  return new uPlot({
    width: o.width, height: CURVE_HEIGHT, title: `${c.label}: certainty at checkpoints`,
    scales: { x: { time: false, range: [0, Math.max(1, ...cols.x)] }, y: { range: [0, 1] } },
    axes: axes('trace position (tokens)', 'certainty, p', (v) => v.toFixed(1)),
    legend: { live: true },
    hooks: { drawClear: [deltaHook(c.delta)] },
    series: [
      { label: 'position', value: POSITION_VALUE },
      { label: 'certainty C', stroke: o.color, width: 1.5, spanGaps: true, points: { show: true, size: 7, fill: o.color }, value: legendValue((v) => v.toFixed(2)) },
      {
        label: 'p(suppress)', stroke: themeColor('--warn', '#8a5a00'), width: 1.25, dash: [4, 3], paths: uPlot.paths.stepped!({ align: 1 }),
        points: { show: false }, value: legendValue((v) => v.toFixed(2)),
      },
    ],
  }, [cols.x, cols.certainty, cols.pSup]);
}
