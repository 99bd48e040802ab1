/** Points transformers.js (Node build) at a local folder of model folders, with no hub access. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { env } from '@huggingface/transformers';

/** A fresh temp folder; model folders inside it load by their folder name. */
export function localModelRoot(prefix: string): string {
  const root = mkdtempSync(join(tmpdir(), `${prefix}-`));
  useLocalModels(root);
  return root;
}

export function useLocalModels(root: string): void {
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  env.localModelPath = root.endsWith('/') ? root : `${root}/`;
}
