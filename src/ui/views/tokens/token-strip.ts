/**
 * One token strip: a cell per trace token, built once, in one pass, when its lane is done. Cells carry
 * no listeners of their own: the strip delegates pointer, focus, key and click events, so thousands of
 * tokens cost one element each. Keyboard: one cell is in the tab order (roving tabindex); arrows,
 * PageUp/PageDown and Home/End move between tokens; the tooltip follows focus and the pointer.
 */
import type { CgrsCheckpoint, TokenRecord } from '../../../protocol/run';
import { h } from '../../dom';
import { cellClassName, checkpointsByCell, stripCells, type StripEnd } from '../../logic/tokens/strip-cells';
import { movedIndex } from '../../logic/tokens/strip-keys';
import { tokenTip } from '../../logic/tokens/token-tip';
import type { TokenTooltip } from './token-tooltip';

export interface StripOptions {
  readonly testId: string;
  readonly label: string;
  readonly trace: readonly TokenRecord[];
  readonly checkpoints: readonly CgrsCheckpoint[];
  readonly end: StripEnd;
  readonly tooltip: TokenTooltip;
}

export interface TokenStrip {
  readonly el: HTMLElement;
  /** Marks the token where the lane departs from its closest lanes (null: no mark), with its tooltip line. */
  markDeparture(index: number | null, note: string | null): void;
}

function buildCells(strip: HTMLElement, o: StripOptions): void {
  const fragment = document.createDocumentFragment();
  for (const c of stripCells(o.trace, o.checkpoints)) {
    const cell = document.createElement('span');
    cell.className = cellClassName(c);
    cell.textContent = c.label;
    if (c.checkpoint !== null) cell.dataset.cp = c.checkpoint;
    fragment.append(cell);
  }
  const first = fragment.firstElementChild as HTMLElement | null;
  if (first) first.tabIndex = 0;
  (fragment.lastElementChild as HTMLElement | null)?.setAttribute('data-end', o.end);
  strip.append(fragment);
}

export function createTokenStrip(o: StripOptions): TokenStrip {
  const strip = h('div', {
    class: 'token-strip', 'data-testid': o.testId, role: 'group',
    'aria-label': `${o.label}: ${o.trace.length} tokens. Arrow keys move between tokens; each shows its probabilities.`,
  });
  buildCells(strip, o);
  const checkpoints = checkpointsByCell(o.checkpoints);
  let active = strip.firstElementChild as HTMLElement | null;
  let departure: { index: number; note: string } | null = null;
  const cellAt = (i: number) => strip.children[i] as HTMLElement | undefined;
  const indexOf = (cell: Element) => Array.prototype.indexOf.call(strip.children, cell) as number;
  const cellOf = (t: EventTarget | null) => (t instanceof HTMLElement && t.parentElement === strip ? t : null);

  function show(cell: HTMLElement): void {
    const i = indexOf(cell);
    const record = o.trace[i];
    if (!record) return;
    const dep = departure?.index === i ? departure.note : undefined;
    o.tooltip.show(tokenTip(record, { index: i, length: o.trace.length, checkpoint: checkpoints.get(i), departure: dep }), cell);
  }

  function focusCell(cell: HTMLElement): void {
    if (active && active !== cell) active.removeAttribute('tabindex');
    if (active && active !== cell) active.removeAttribute('aria-describedby');
    active = cell;
    cell.tabIndex = 0;
    cell.setAttribute('aria-describedby', o.tooltip.id);
    if (document.activeElement !== cell) cell.focus();
  }

  strip.addEventListener('pointerover', (e) => {
    const cell = cellOf(e.target);
    if (cell) show(cell);
  });
  strip.addEventListener('pointerleave', () => {
    const focused = cellOf(document.activeElement);
    if (focused) show(focused);
    else o.tooltip.hide();
  });
  strip.addEventListener('focusin', (e) => {
    const cell = cellOf(e.target);
    if (!cell) return;
    focusCell(cell);
    show(cell);
  });
  strip.addEventListener('focusout', (e) => {
    if (!cellOf(e.relatedTarget)) o.tooltip.hide();
  });
  strip.addEventListener('click', (e) => {
    const cell = cellOf(e.target);
    if (cell) focusCell(cell);
  });
  strip.addEventListener('keydown', (e) => {
    const cell = cellOf(e.target);
    if (!cell) return;
    if (e.key === 'Escape') return o.tooltip.hide();
    const next = movedIndex(e.key, indexOf(cell), strip.children.length);
    if (next === null) return;
    e.preventDefault();
    focusCell(cellAt(next)!);
  });

  return {
    el: strip,
    markDeparture(index, note) {
      if (departure) cellAt(departure.index)?.classList.remove('dv');
      departure = index === null || note === null ? null : { index, note };
      if (departure) cellAt(departure.index)?.classList.add('dv');
    },
  };
}
