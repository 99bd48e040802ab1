/** Example questions from the bundled held-out set: a few chips and "Random question". */
import type { Controller } from '../controller';
import { h, replaceChildren, setText } from '../dom';
import { sampleQuestions } from '../logic/questions';
import type { AppState } from '../store/state';
import type { Store } from '../store/store';

const CHIPS = 4;

export function createQuestions(store: Store, ctl: Controller): { el: HTMLElement; update(s: AppState): void } {
  const chips = h('div', { class: 'chips', role: 'group', 'aria-label': 'Example questions' });
  const reference = h('p', { class: 'small muted', 'data-testid': 'reference' });
  const el = h('div', { class: 'questions' }, chips, reference);
  let lastQuestions: unknown = null;
  let lastBusy: boolean | null = null;
  return {
    el,
    update(s) {
      const busy = s.run.status === 'running' || s.run.status === 'stopping';
      if (s.questions !== lastQuestions || busy !== lastBusy) {
        lastQuestions = s.questions;
        lastBusy = busy;
        replaceChildren(chips,
          s.questions.length === 0 ? null : h('span', { class: 'small muted' }, 'Try:'),
          ...sampleQuestions(s.questions, CHIPS).map((q) =>
            h('button', { type: 'button', class: 'chip', disabled: busy, 'data-testid': 'question-chip', onclick: () => store.dispatch({ type: 'question/pick', question: q }) }, q.question)),
          s.questions.length === 0 ? null : h('button', { type: 'button', class: 'chip accent', disabled: busy, 'data-testid': 'random-question', onclick: () => ctl.pickRandomQuestion() }, 'Random question'));
      }
      setText(reference, s.reference ? `Held-out question ${s.reference.id} · reference answer ${s.reference.answer}` : '');
    },
  };
}
