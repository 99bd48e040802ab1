/**
 * The GPU check: one command for a machine with a real GPU (the project's machines have only Chromium's
 * SwiftShader software adapter). Run after `npm ci`:
 *
 *   npm run build && npx tsx tools/gpu-check.ts [--out gpu-check.json] [--skip f16,graphs,loop,sweep]
 *
 * Steps, each a command of its own with a time limit, all in headless Chromium with Vulkan flags (CHROMIUM_ARGS
 * overrides them, CHROMIUM_PATH picks the browser):
 *   graphs  tools/bench-browser.ts --graphs  dispatches per decode token and decode tok/s, standard vs fused graph
 *   loop    tools/bench-browser.ts --loop    our loop vs a bare forward+argmax loop vs generate(), WASM and WebGPU
 *   sweep   tools/bench-browser.ts           prefill tok/s and decode ms/step over contexts × batch rows 1, 2, 4, 8
 *   f16     tools/gpu-check-f16.ts           fp16/q4/q4f16 exports against fp32 logits, the engine keeping q4f16
 * It prints each step's output, then a summary that says plainly what ran on which adapter and what could not
 * run and why (no dist/, no Chromium, a software adapter, a step that failed or ran out of time). The JSON
 * (--out) holds every step's own JSON. Exit code: 0 when every step ran on a hardware adapter and passed, 1 otherwise.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const VULKAN_ARGS = '--ignore-gpu-blocklist --enable-features=Vulkan --use-angle=vulkan --disable-vulkan-surface';

interface Step {
  readonly name: string;
  readonly what: string;
  readonly args: readonly string[];
  readonly timeoutS: number;
}

const STEPS: readonly Step[] = [
  { name: 'graphs', what: 'GPU dispatches per decode token, standard vs fused graph', args: ['tools/bench-browser.ts', '--graphs', '--json'], timeoutS: 600 },
  { name: 'loop', what: 'our loop vs bare forward+argmax vs generate() (WASM 1 thread, WASM all cores, WebGPU)', args: ['tools/bench-browser.ts', '--loop', '--json'], timeoutS: 900 },
  { name: 'sweep', what: 'prefill / decode throughput sweep (contexts 64, 256; rows 1, 2, 4, 8)', args: ['tools/bench-browser.ts', '--json'], timeoutS: 900 },
  { name: 'f16', what: 'fp16, q4, q4f16 exports against fp32 logits; the engine keeps q4f16', args: ['tools/gpu-check-f16.ts', '--json'], timeoutS: 900 },
];

interface StepResult {
  readonly name: string;
  readonly status: 'passed' | 'failed' | 'not run';
  readonly why?: string;
  readonly seconds?: number;
  readonly json?: unknown;
}

const { values } = parseArgs({ options: { out: { type: 'string' }, skip: { type: 'string', default: '' } } });
const skip = new Set(values.skip!.split(',').filter(Boolean));
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const env = { ...process.env, CHROMIUM_PATH: chromium, CHROMIUM_ARGS: process.env.CHROMIUM_ARGS ?? VULKAN_ARGS };

function blocker(): string | null {
  if (!existsSync('dist/index.html')) return 'no dist/: run `npm run build` first';
  if (!existsSync(chromium)) return `no Chromium at ${chromium} (install Debian's chromium or set CHROMIUM_PATH)`;
  return null;
}

/** The JSON a step printed last (the tools print one JSON document with --json). */
function lastJson(stdout: string): unknown {
  const start = stdout.search(/^[[{]/m);
  if (start < 0) return undefined;
  try {
    return JSON.parse(stdout.slice(start));
  } catch {
    return undefined;
  }
}

function runStep(step: Step): StepResult {
  const t0 = Date.now();
  const r = spawnSync('npx', ['tsx', ...step.args], { env, encoding: 'utf8', timeout: step.timeoutS * 1000, maxBuffer: 64 << 20 });
  const seconds = (Date.now() - t0) / 1000;
  process.stdout.write(`\n### ${step.name}: ${step.what}\n${r.stdout ?? ''}${r.stderr ?? ''}`);
  if (r.error || r.signal) return { name: step.name, status: 'failed', why: r.signal ? `ran out of its ${step.timeoutS} s` : String(r.error), seconds };
  const json = lastJson(r.stdout ?? '');
  if (r.status !== 0) return { name: step.name, status: 'failed', why: `exit code ${r.status}`, seconds, json };
  return { name: step.name, status: 'passed', seconds, json };
}

/** The adapter a step reports, and whether it is a software renderer (SwiftShader, llvmpipe). */
function adapterOf(results: readonly StepResult[]): { text: string; software: boolean } | null {
  const text = JSON.stringify(results.map((r) => r.json ?? null));
  const m = /"adapter"\s*:\s*"([^"]*)"/.exec(text);
  if (!m) return null;
  return { text: m[1]!, software: /swiftshader|llvmpipe|software|fallback/i.test(m[1]!) };
}

const block = blocker();
const results: StepResult[] = STEPS.map((s) => (skip.has(s.name) ? { name: s.name, status: 'not run', why: 'skipped (--skip)' } : block ? { name: s.name, status: 'not run', why: block } : runStep(s)));
const adapter = adapterOf(results);
process.stdout.write('\n## GPU check summary\n');
process.stdout.write(`adapter: ${adapter ? `${adapter.text}${adapter.software ? ' (SOFTWARE: these numbers say nothing about a GPU)' : ''}` : 'not reported (no step reached the page)'}\n`);
for (const r of results) process.stdout.write(`${r.name.padEnd(7)} ${r.status}${r.seconds !== undefined ? ` in ${r.seconds.toFixed(0)} s` : ''}${r.why ? ` — ${r.why}` : ''}\n`);
const notRun = results.filter((r) => r.status !== 'passed');
if (notRun.length > 0) process.stdout.write(`could not run or failed: ${notRun.map((r) => `${r.name} (${r.why ?? r.status})`).join('; ')}\n`);
if (values.out) writeFileSync(values.out, `${JSON.stringify({ adapter, results }, null, 2)}\n`);
process.exitCode = notRun.length === 0 && adapter !== null && !adapter.software ? 0 : 1;
