import { parseArgs } from 'node:util';

/** A CLI mistake: printed as one line on stderr, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type Flags = Record<string, string | boolean | string[] | undefined>;

/** Parses `argv` against the options of one subcommand; unknown flags are errors. */
export function parseFlags(argv: string[], options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>): Flags {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
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

export function optionalInt(flags: Flags, name: string, min: number, max: number): number | undefined {
  const v = flags[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer in [${min}, ${max}], got "${String(v)}"`);
  }
  return n;
}

/**
 * `--param cgrs.cgrs.delta=0.8` sets one field of one method's params (dotted path below the
 * method). Values parse as JSON when they can ("0.8", "true", "[1,2]"), else stay strings.
 */
export function applyParamOverrides(params: Record<string, unknown>, method: string, overrides: readonly string[]): void {
  for (const o of overrides) {
    const eq = o.indexOf('=');
    if (eq < 0) throw new UsageError(`--param "${o}" must look like method.field=value`);
    const [m, ...path] = o.slice(0, eq).split('.');
    if (m !== method) continue;
    if (path.length === 0) throw new UsageError(`--param "${o}" names no field`);
    const raw = o.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw;
    }
    let target = params;
    for (const key of path.slice(0, -1)) {
      const next = target[key];
      if (typeof next !== 'object' || next === null) target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    target[path[path.length - 1]!] = value;
  }
}
