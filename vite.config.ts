import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Connect, Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { contentSecurityPolicy, securityHeaders, staticHostHeadersFile } from './tools/web/security-headers.ts';

/**
 * Vite's SPA fallback answers a missing `/models/...` file with index.html and status 200, which
 * transformers.js then fails to parse as "Unexpected token '<'". Static data must 404 instead, so
 * the engine can name the missing file.
 */
function staticDataNotFound(): Plugin {
  const guard: Connect.NextHandleFunction = (req, res, next) => {
    const path = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
    const match = /^(?:\/[^/]+)*?\/(models|data)\/(.+)$/.exec(path);
    if (match) {
      const file = join(process.cwd(), 'public', match[1]!, match[2]!);
      if (!existsSync(file) || !statSync(file).isFile()) {
        res.statusCode = 404;
        res.setHeader('content-type', 'text/plain');
        res.end(`Not found: ${path}`);
        return;
      }
    }
    next();
  };
  return {
    name: 'static-data-not-found',
    configureServer: (server) => void server.middlewares.use(guard),
    configurePreviewServer: (server) => void server.middlewares.use(guard),
  };
}

/**
 * The security headers of tools/web/security-headers.ts: sent by `vite` dev and preview with every
 * response (the worker script included), written to dist/_headers for static hosts, and the CSP as a
 * `<meta>` in index.html for hosts that cannot set headers.
 */
function securityHeadersPlugin(): Plugin {
  return {
    name: 'security-headers',
    config: (_config, env) => ({
      server: { headers: securityHeaders({ dev: env.command === 'serve' }) },
      preview: { headers: securityHeaders() },
    }),
    transformIndexHtml: (html, ctx) =>
      html.replace('%CONTENT_SECURITY_POLICY%', contentSecurityPolicy({ meta: true, dev: ctx.server !== undefined })),
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '_headers', source: staticHostHeadersFile() });
    },
  };
}

export default defineConfig({
  plugins: [staticDataNotFound(), securityHeadersPlugin()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
