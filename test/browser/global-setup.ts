import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { preview, type PreviewServer } from 'vite';

let server: PreviewServer | null = null;

/** Serves the built page once for all browser tests (vite preview, with the /models 404 guard). */
export async function setup(project: TestProject): Promise<void> {
  const dist = resolve('dist/index.html');
  if (!existsSync(dist)) throw new Error(`Browser tests need the built page: ${dist} is missing. Run \`npm run build\` first.`);
  server = await preview({ preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  project.provide('baseUrl', url);
}

export async function teardown(): Promise<void> {
  await server?.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
