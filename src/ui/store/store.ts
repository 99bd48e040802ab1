/** A minimal store: one state value, a pure reducer, synchronous subscribers. */
import type { Action } from './reducer';
import { reducer } from './reducer';
import type { AppState } from './state';

export interface Store {
  getState(): AppState;
  dispatch(action: Action): void;
  /** Calls `listener(state, previous)` after every change; returns an unsubscribe function. */
  subscribe(listener: (state: AppState, previous: AppState) => void): () => void;
}

export function createStore(initial: AppState): Store {
  let state = initial;
  const listeners = new Set<(s: AppState, p: AppState) => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const previous = state;
      state = reducer(state, action);
      if (state !== previous) for (const l of [...listeners]) l(state, previous);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
