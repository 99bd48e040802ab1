import * as Comlink from 'comlink';
import { ONE_WAY_CALLBACK } from '../src/protocol/api';

/** The receiving half of the handler in src/ui/engine-client.ts: a port from the page becomes a function that posts into it. */
export function installOneWayCallbacks(): void {
  Comlink.transferHandlers.set(ONE_WAY_CALLBACK, {
    canHandle: (_v: unknown): _v is never => false,
    serialize: () => {
      throw new Error('the worker never sends one-way callbacks');
    },
    deserialize: (port: MessagePort) => (value: unknown) => port.postMessage(value),
  });
}
