/**
 * The one tooltip of a lane's token strips: the top 5 alternatives, p, entropy, |S| and flags of the token
 * under the pointer or the keyboard focus. Positioned inside its box (the lane's token section), below the
 * token and never wider than the box, so it cannot widen the page on a phone.
 */
import { h, replaceChildren } from '../../dom';
import type { TokenTip } from '../../logic/tokens/token-tip';

let nextId = 0;

export interface TokenTooltip {
  readonly el: HTMLElement;
  readonly id: string;
  show(tip: TokenTip, cell: HTMLElement): void;
  hide(): void;
}

function tipContent(tip: TokenTip): Node[] {
  const alternatives = tip.alternatives.length === 0 ? [] : [
    h('p', { class: 'tip-sub' }, 'Most probable tokens at this step (p):'),
    h('ol', { class: 'tip-alts', 'data-testid': 'token-tip-alternatives' },
      ...tip.alternatives.map((a) => h('li', { class: a.chosen ? 'chosen' : null },
        h('span', { class: 'tip-token' }, a.token), h('span', { class: 'tip-p' }, a.p), a.chosen ? h('span', { class: 'sr-only' }, ' (chosen)') : null))),
  ];
  return [
    h('p', { class: 'tip-head' }, tip.heading),
    h('ul', { class: 'tip-facts' }, ...tip.facts.map((f) => h('li', null, f))),
    ...alternatives,
  ];
}

/** `box`: the positioned ancestor the tooltip lives in (position: relative). */
export function createTokenTooltip(box: HTMLElement): TokenTooltip {
  const id = `token-tip-${++nextId}`;
  const el = h('div', { class: 'token-tip small', id, role: 'tooltip', 'data-testid': 'token-tip', hidden: true });
  box.append(el);
  return {
    el,
    id,
    show(tip, cell) {
      replaceChildren(el, ...tipContent(tip));
      el.hidden = false;
      const boxRect = box.getBoundingClientRect();
      const cellRect = cell.getBoundingClientRect();
      const left = Math.min(cellRect.left - boxRect.left, boxRect.width - el.offsetWidth);
      el.style.left = `${Math.max(0, left)}px`;
      el.style.top = `${cellRect.bottom - boxRect.top + 4}px`;
    },
    hide() {
      el.hidden = true;
    },
  };
}
