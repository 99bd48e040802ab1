import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';

/** Debian's Chromium; override with CHROMIUM_PATH. A missing browser fails the test, never skips it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const HERMETIC_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

export interface LaunchOptions {
  /** Launch with WebGPU enabled (software adapter on machines without a GPU). Default true. */
  readonly webgpu?: boolean;
}

export async function launchChromium(opts: LaunchOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Browser tests need it: \`apt-get install chromium\` (Debian) or set CHROMIUM_PATH.`,
    );
  }
  const args = [...HERMETIC_ARGS];
  if (opts.webgpu !== false) args.push('--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader');
  else args.push('--disable-webgpu', '--disable-gpu');
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args });
}

export interface PageSession {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Every request the page and its workers made. */
  readonly requests: string[];
  /** Console errors and uncaught page errors. */
  readonly errors: string[];
}

/** A fresh context (no Cache API leftovers between tests) that records requests and errors. */
export async function openPage(browser: Browser, url: string, viewport = { width: 1280, height: 900 }): Promise<PageSession> {
  const context = await browser.newContext({ viewport });
  const requests: string[] = [];
  const errors: string[] = [];
  context.on('request', (r: Request) => void requests.push(r.url()));
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => void errors.push(String(e)));
  await page.goto(url);
  return { context, page, requests, errors };
}

/** Requests that left localhost (must be none). */
export function externalRequests(requests: readonly string[]): string[] {
  return requests.filter((u) => {
    if (u.startsWith('data:') || u.startsWith('blob:')) return false;
    const host = new URL(u).hostname;
    return host !== '127.0.0.1' && host !== 'localhost' && host !== '[::1]';
  });
}

export function screenshotDir(): string {
  const dir = join('test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}
