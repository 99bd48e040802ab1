/** Points transformers.js (Node build) at a folder of model folders, with no hub access. */
import { env } from '@huggingface/transformers';

export function useLocalModelRoot(root: string): void {
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.localModelPath = root.endsWith('/') ? root : `${root}/`;
}
