/** Points transformers.js (Node build) at a local folder of model folders, with no hub access. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useLocalModelRoot } from '../../../tools/export-check/local-models';

/** A fresh temp folder; model folders inside it load by their folder name. */
export function localModelRoot(prefix: string): string {
  const root = mkdtempSync(join(tmpdir(), `${prefix}-`));
  useLocalModels(root);
  return root;
}

export const useLocalModels = useLocalModelRoot;
