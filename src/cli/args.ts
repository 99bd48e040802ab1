import { parseArgs } from 'node:util';
import { parseSeed } from '../core/seed';

/** A CLI mistake: printed as one line on stderr, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type Flags = Record<string, string | boolean | string[] | undefined>;
type Options = Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

/**
 * `--seed -1` makes Node's parser stop with "argument is ambiguous": a value that starts with '-' looks
 * like an option. A value that is a number is joined to its flag (`--seed=-1`) so validation can say
 * what is wrong with it instead.
 */
function joinNegativeValues(argv: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : null;
    if (name !== null && options[name]?.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/** Parses `argv` against the options of one subcommand; unknown flags are errors. */
export function parseFlags(argv: string[], options: Options): Flags {
  try {
    const { values, positionals } = parseArgs({ args: joinNegativeValues(argv, options), options, strict: true, allowPositionals: true });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    return values as Flags;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError((e as Error).message.split('\n')[0] ?? String(e));
  }
}

export function requireString(flags: Flags, name: string): string {
  const v = flags[name];
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`--${name} is required`);
  return v;
}

/** A whole number in [min, max], written in decimal digits: '', ' ', '0x10' and '1e3' are refused. */
export function optionalInt(flags: Flags, name: string, min: number, max: number): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const text = String(v);
  const n = /^-?\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, in decimal digits; got "${text.slice(0, 40)}"`);
  }
  return n;
}

/** `--seed`: strict decimal, like the page's seed field and links (core/seed). Default 0. */
export function seedFlag(flags: Flags): number {
  const v = flags['seed'];
  if (v === undefined) return 0;
  const parsed = parseSeed(String(v));
  if ('error' in parsed) throw new UsageError(`--seed ${parsed.error}`);
  return parsed.value;
}
