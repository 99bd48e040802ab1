/** Page-level notices (ignored link values, cache actions), each dismissible. */
import { h, replaceChildren } from '../dom';
import type { AppState } from '../store/state';
import type { Store } from '../store/store';

export function createNotices(store: Store): { el: HTMLElement; update(s: AppState): void } {
  const el = h('ul', { class: 'page-notices', 'data-testid': 'page-notices', 'aria-live': 'polite' });
  let last: unknown = null;
  return {
    el,
    update(s) {
      if (s.notices === last) return;
      last = s.notices;
      replaceChildren(el, ...s.notices.map((n) => h('li', { class: 'notice' },
        h('span', null, n.text),
        h('button', { type: 'button', class: 'link', 'aria-label': 'Dismiss notice', onclick: () => store.dispatch({ type: 'notice/dismiss', id: n.id }) }, '×'))));
    },
  };
}
