import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const TSX = resolve('node_modules/.bin/tsx');

/** Runs `npm run lab -- …` the way a user does (tsx on src/cli/main.ts), from the repo root. */
export function runLab(args: readonly string[]): CliResult {
  const r = spawnSync(TSX, ['src/cli/main.ts', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** stderr lines, ignoring Node's own experimental-feature warnings. */
export function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.trim() !== '' && !/ExperimentalWarning|--trace-warnings/.test(l));
}
