/**
 * `npm run lab -- <command> …`: the same engine as the page, on onnxruntime-node (CPU).
 * Invalid input exits non-zero with one line on stderr.
 */
import { isEngineError } from '../protocol/errors';
import { UsageError } from './args';
import { BENCH_USAGE, benchCommand } from './bench';
import { COMPARE_USAGE, compareCommand } from './compare';
import { EVAL_USAGE, evalCommand } from './eval';

const USAGE = ['usage:', `  ${COMPARE_USAGE}`, `  ${EVAL_USAGE}`, `  ${BENCH_USAGE}`].join('\n');

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const out = (s: string) => void process.stdout.write(`${s}\n`);
  try {
    switch (command) {
      case 'compare':
        await compareCommand(rest, out);
        return 0;
      case 'eval':
        await evalCommand(rest, out);
        return 0;
      case 'bench':
        await benchCommand(rest, out);
        return 0;
      case undefined:
      case 'help':
      case '--help':
        out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const prefix = isEngineError(e) ? `error (${e.code})` : e instanceof UsageError ? 'usage error' : 'error';
    process.stderr.write(`lab: ${prefix}: ${msg.replace(/\s*\n\s*/g, ' ')}\n`);
    return e instanceof UsageError ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
