/**
 * One lane of a comparison. Streamed text goes into text nodes that only grow (GrowingText), so model
 * output is never parsed as markup. FFS lanes show their n rows live, the winner and the discarded
 * tokens; CGRS lanes list each checkpoint's certainty and each suppressed step.
 */
import { METHODS } from '../../core/methods/registry';
import { GrowingText, h, replaceChildren, setAttr, setText } from '../dom';
import { formatCount, formatProb, formatRate } from '../logic/format';
import { isCorrect } from '../logic/reference';
import { paramSummary } from '../logic/param-summary';
import type { Departure } from '../logic/tokens/divergence';
import type { LaneView, RowView, RunSnapshot } from '../store/state';
import { createLaneTokens } from './tokens/lane-tokens';

/** A scrolling text box that follows new text while the reader is at its end. */
function followingText(className: string, testId: string | null) {
  const text = new GrowingText();
  const el = h('div', { class: `lane-text ${className}`, 'data-testid': testId });
  el.append(text.node);
  return {
    el,
    sync(full: string, scroller: HTMLElement = el): void {
      const atEnd = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 24;
      if (text.sync(full) && atEnd) scroller.scrollTop = scroller.scrollHeight;
    },
  };
}

function liveRate(lane: LaneView, tokens: number): number | null {
  if (lane.firstTokenAt === null || lane.lastTokenAt === null || tokens < 2) return null;
  const s = (lane.lastTokenAt - lane.firstTokenAt) / 1000;
  return s > 0 ? (tokens - 1) / s : null;
}

/**
 * The lane's decode rate: while it runs, a live estimate from the page's clock (marked "live"); once it
 * has a result, exactly the result's numbers, as the results table shows them.
 */
function rateText(l: LaneView, total: number): string {
  const m = l.result?.metrics;
  if (m) {
    const perRow = m.decodeTokensPerSecond === null ? '' : ` · ${formatRate(m.decodeTokensPerSecond)} tok/s${l.rows.length > 1 ? ' per row' : ''}`;
    const allRows = m.aggregateTokensPerSecond === null ? '' : ` · ${formatRate(m.aggregateTokensPerSecond)} tok/s all rows`;
    return perRow + allRows;
  }
  const longest = l.rows.length > 1 ? Math.max(0, ...l.rows.map((r) => r.thinkingTokens + r.answerTokens)) : total;
  const rate = liveRate(l, longest);
  return rate === null ? '' : ` · live ≈ ${formatRate(rate)} tok/s${l.rows.length > 1 ? ' per row' : ''}`;
}

/** A row of a multi-row lane: FFS rows lose and are discarded; vote rows are all counted (the shown one voted for the answer). */
function rowCard(index: number, kind: 'ffs' | 'vote') {
  const head = h('div', { class: 'row-head small' });
  const body = h('div', { class: 'row-body' });
  const thinking = followingText('thinking-text', null);
  const answer = followingText('answer-text', null);
  body.append(thinking.el, answer.el);
  const el = h('div', { class: 'ffs-row', 'data-row': index }, head, body);
  return {
    el,
    /** `winnerRow` comes from the lane's result once there is one (row-done events say the same). */
    update(row: RowView, laneDone: boolean, winnerRow: number | null): void {
      thinking.sync(row.thinking, body);
      answer.sync(row.answer, body);
      const tokens = row.thinkingTokens + row.answerTokens;
      const winner = winnerRow !== null ? winnerRow === index : row.done?.winner === true;
      const settled = kind === 'vote' ? 'counted' : 'discarded';
      const state = winner ? 'winner' : laneDone ? settled : row.done?.finished ? 'finished' : 'running';
      setAttr(el, 'data-tokens', String(tokens));
      setAttr(el, 'data-state', state);
      const ended = row.done ? (row.done.finished ? ' (finished)' : ' (cut)') : '';
      const label = {
        winner: kind === 'vote' ? '★ shown (voted for the answer)' : '★ winner', finished: 'finished',
        discarded: `discarded${ended}`, counted: `counted${ended}`, running: 'decoding',
      }[state];
      setText(head, `Row ${index} · ${formatCount(tokens)} tok · ${label}`);
    },
  };
}

/** The CGRS lane's checkpoints, suppressed steps and a thinking-budget cut, in trace order. */
function cgrsMarks() {
  const list = h('ol', { class: 'cgrs-marks small', 'data-testid': 'cgrs-marks' });
  const el = h('div', { class: 'cgrs-box' }, h('h4', null, 'Checkpoints and suppression'), list);
  let shown = 0;
  return {
    el,
    update(l: LaneView): void {
      const cut = l.result?.cgrs?.budgetForcedAt ?? null;
      // Numbered as the token strip numbers tokens (1 = the first trace token). A checkpoint fires, and a
      // budget forces "</think>", after token `position`; a suppressed step's position is its token's 0-based index.
      const all = [
        ...l.checkpoints.map((c) => ({ order: c.position + 0.5, text: `after token ${c.position} · certainty ${formatProb(c.certainty)} · p(suppress) ${formatProb(c.pSup)}`, kind: 'checkpoint' })),
        ...l.suppressed.map((x) => ({ order: x.position + 1, text: `token ${x.position + 1} · ${x.blockedTrigger ? 'trigger word blocked' : 'triggers suppressed for this step'}`, kind: 'suppressed' })),
        ...(cut === null ? [] : [{
          order: cut + 0.5,
          text: `after token ${cut} · thinking budget reached (${formatCount(l.result!.cgrs!.thinkBudget)} = max new tokens × thinking budget ratio): "</think>" forced`,
          kind: 'budget',
        }]),
      ];
      if (all.length === shown) return;
      shown = all.length;
      all.sort((a, b) => a.order - b.order);
      replaceChildren(list, ...all.map((m) => h('li', { class: `mark ${m.kind}` }, m.text)));
    },
  };
}

/** One line under a lane: its answer (judged unless it was stopped), its tokens, and its method's own facts. */
export function footerText(l: LaneView, snapshot: RunSnapshot): string {
  const r = l.result;
  if (!r) return l.status === 'pending' ? 'Waiting for the previous lanes…' : l.status === 'cancelled' ? 'Stopped before this lane finished.' : l.status === 'error' ? 'This lane did not finish.' : '';
  const t = r.metrics.tokens;
  const ref = snapshot.reference;
  const verdict = ref === null || r.stopReason === 'cancelled' ? '' : isCorrect(r.answer, ref) ? ' ✓ correct' : ` ✗ expected ${ref.answer}`;
  const parts = [
    `Answer: ${r.answer ?? '(none)'}${verdict}`,
    `stop: ${r.stopReason}`,
    `${formatCount(t.total)} tokens (${formatCount(t.thinking)} thinking, ${formatCount(t.answer)} answer${t.probe ? `, ${formatCount(t.probe)} probe` : ''}${t.discarded || r.ffs ? `, ${formatCount(t.discarded)} discarded` : ''})`,
  ];
  if (r.ffs) parts.push(`winner row ${r.ffs.winnerRow} of ${r.ffs.rows.length}${r.ffs.truncated ? ' (no row finished)' : ''}`);
  if (r.fitted) parts.push(`max new tokens ${formatCount(r.fitted.granted)} (fitted: context ${formatCount(r.fitted.contextLength)} − prompt ${formatCount(r.fitted.promptTokens)}${r.fitted.reserved ? ` − probe ${formatCount(r.fitted.reserved)}` : ''})`);
  if (r.cgrs) parts.push(`${r.cgrs.checkpoints.length} checkpoints · ${r.cgrs.triggersBlocked} triggers blocked · ${r.cgrs.triggersEmitted} emitted`);
  if (r.vote) parts.push(`votes: ${r.vote.groups.map((g) => `${g.answer} ×${g.rows.length}`).join(', ') || 'no row answered'} · shown row ${r.vote.winnerRow}`);
  if (r.budget) parts.push(r.budget.forcedAt === null ? `thinking closed within the ${formatCount(r.budget.thinkingBudget)}-token budget` : `thinking cut at the ${formatCount(r.budget.thinkingBudget)}-token budget`);
  if (r.nowait) parts.push(`${r.nowait.suppressedSteps} masked steps · ${r.nowait.triggersBlocked} triggers blocked · ${r.nowait.triggersEmitted} emitted`);
  return parts.join(' · ');
}

/** An FFS or vote lane's n rows, each with its live text, token count and state (winner, discarded, counted, …). */
function multiRows(kind: 'ffs' | 'vote') {
  const el = h('div', { class: 'ffs-rows' });
  const rows: ReturnType<typeof rowCard>[] = [];
  return {
    el,
    update(l: LaneView): void {
      const done = l.status !== 'running' && l.status !== 'pending';
      l.rows.forEach((row, i) => {
        if (!rows[i]) {
          rows[i] = rowCard(i, kind);
          el.append(rows[i]!.el);
        }
        rows[i]!.update(row, done, (l.result?.ffs ?? l.result?.vote)?.winnerRow ?? null);
      });
    },
  };
}

/** The lane's main trace: the shown row's for FFS and vote (once decided), the row's otherwise. */
function mainTrace(l: LaneView): { thinking: string; answer: string; thinkingTokens: number } {
  if (l.method === 'ffs' || l.method === 'vote') {
    return l.result ? { thinking: l.result.thinkingText, answer: l.result.answerText, thinkingTokens: l.result.metrics.tokens.thinking } : { thinking: '', answer: '', thinkingTokens: 0 };
  }
  const row = l.rows[0];
  return { thinking: row?.thinking ?? '', answer: row?.answer ?? '', thinkingTokens: row?.thinkingTokens ?? 0 };
}

export function createLaneCard(lane: LaneView, snapshot: RunSnapshot) {
  const info = METHODS[lane.method];
  const params = snapshot.params[lane.method];
  const badge = h('span', { class: 'badge' });
  const live = h('p', { class: 'lane-live small', 'data-testid': 'lane-tokens' });
  const thinkingSummary = h('summary', null, 'Thinking');
  const thinking = followingText('thinking-text', 'lane-thinking');
  const answer = followingText('answer-text', 'lane-answer');
  const rows = lane.method === 'ffs' || lane.method === 'vote' ? multiRows(lane.method) : null;
  const marks = lane.method === 'cgrs' ? cgrsMarks() : null;
  const footer = h('div', { class: 'lane-foot small', 'data-testid': 'lane-footer' });
  const tokens = createLaneTokens();
  const el = h('article', { class: 'lane', 'data-testid': `lane-${lane.lane}`, 'data-method': lane.method, 'aria-label': `${info.label} lane` },
    h('header', { class: 'lane-head' },
      h('div', { class: 'lane-title' }, h('h3', null, info.label), badge),
      h('p', { class: 'small muted lane-params' }, params ? paramSummary(params) : ''),
      live),
    rows?.el,
    h('details', { class: 'thinking', open: true }, thinkingSummary, thinking.el),
    h('div', { class: 'answer' }, h('div', { class: 'answer-label small' }, 'Answer'), answer.el),
    marks?.el, tokens.el, footer);
  let last: LaneView | null = null;
  return {
    el,
    update(l: LaneView): void {
      if (l === last) return;
      last = l;
      setAttr(el, 'data-state', l.status);
      setText(badge, l.status);
      badge.className = `badge ${l.status}`;
      const streamedThinking = l.rows.reduce((n, r) => n + r.thinkingTokens, 0);
      const streamedAnswer = l.rows.reduce((n, r) => n + r.answerTokens, 0);
      setAttr(live, 'data-thinking', String(streamedThinking));
      setAttr(live, 'data-answer', String(streamedAnswer));
      const rowsText = l.rows.length > 1 ? `${l.rows.length} rows · ` : '';
      setText(live, `${rowsText}thinking ${formatCount(streamedThinking)} · answer ${formatCount(streamedAnswer)} tok${rateText(l, streamedThinking + streamedAnswer)}`);
      const main = mainTrace(l);
      thinking.sync(main.thinking);
      answer.sync(main.answer);
      const pending = l.method === 'ffs' ? 'Winner’s thinking (when a row finishes)' : 'Shown row’s thinking (when every row has voted)';
      setText(thinkingSummary, (l.method === 'ffs' || l.method === 'vote') && !l.result ? pending : `Thinking · ${formatCount(main.thinkingTokens)} tokens`);
      rows?.update(l);
      marks?.update(l);
      tokens.update(l.result);
      setText(footer, footerText(l, snapshot));
    },
    setDeparture(d: Departure | undefined, labelOf: (lane: string) => string): void {
      tokens.setDeparture(d, labelOf);
    },
  };
}
