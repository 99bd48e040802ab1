import * as Comlink from 'comlink';
import { toSerialized } from '../src/protocol/errors';

/**
 * Comlink sends a thrown Error as {message, name, stack} and loses its `code`. Thrown values are
 * sent as plain SerializedError data instead; the UI client turns them back into EngineError.
 */
export function installErrorTransfer(): void {
  const base = Comlink.transferHandlers.get('throw');
  if (!base) throw new Error('comlink has no throw handler');
  Comlink.transferHandlers.set('throw', {
    canHandle: base.canHandle,
    serialize: (thrown: unknown) => {
      const value = (thrown as { value: unknown }).value;
      return [{ isError: false, value: toSerialized(value) }, []];
    },
    deserialize: base.deserialize,
  });
}
