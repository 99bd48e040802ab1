/**
 * The page's security headers, in one place: `vite` dev and preview send them with every response (the
 * page, the worker script, the wasm, the models), the build writes them to `dist/_headers` for static
 * hosts that read that file (Netlify, Cloudflare Pages), and index.html carries the same CSP as a
 * `<meta>` for hosts that can set no headers. A `<meta>` CSP alone does not reach the Web Worker, which
 * makes every model request: only the response header does.
 */

/** Where the page may fetch model files from: itself and the Hugging Face hub (downloads redirect to its CDN hosts). */
export const MODEL_HUB_ORIGINS = ['https://huggingface.co', 'https://*.huggingface.co', 'https://*.hf.co'] as const;

/** `meta`: the `<meta>` form, without `frame-ancestors` (browsers ignore it there, with a console error). */
export function contentSecurityPolicy(opts: { dev?: boolean; meta?: boolean } = {}): string {
  // The dev server's hot reload talks over a WebSocket to the page's own host.
  const connect = ["'self'", ...MODEL_HUB_ORIGINS, ...(opts.dev ? ['ws:', 'wss:'] : [])];
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
    ...(opts.meta ? [] : ["frame-ancestors 'none'"]),
  ].join('; ');
}

/**
 * The headers every response carries. COOP + COEP make the page cross-origin isolated, which is what lets
 * onnxruntime-web run its WASM backend on several threads (SharedArrayBuffer); the hub's files are fetched
 * with CORS, which COEP `require-corp` accepts.
 */
export function securityHeaders(opts: { dev?: boolean } = {}): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(opts),
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Embedder-Policy': 'require-corp',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

/** `dist/_headers` (Netlify / Cloudflare Pages syntax): the same headers for every path. */
export function staticHostHeadersFile(): string {
  const lines = Object.entries(securityHeaders()).map(([k, v]) => `  ${k}: ${v}`);
  return ['/*', ...lines, ''].join('\n');
}
