/**
 * What transformers.js keeps in the Cache API ('transformers-cache') for a hub model, and deleting
 * it. Keys are the files' URLs on their host: <host><id>/resolve/<revision>/<file> (the hub, or the
 * model host the page was set to). Runs on the main thread; touches no network.
 */
import type { CacheState } from '../store/state';

export const CACHE_NAME = 'transformers-cache';
const HUB = 'https://huggingface.co/';

/** The host's base URL as transformers.js joins it ('' = the hub; always ending in '/'). */
function baseOf(host: string): string {
  const h = host.trim() === '' ? HUB : host.trim();
  return h.endsWith('/') ? h : `${h}/`;
}

function belongsTo(url: string, modelId: string, host: string): boolean {
  return url.startsWith(`${baseOf(host)}${modelId}/resolve/`);
}

async function openCache(): Promise<Cache | null> {
  if (typeof caches === 'undefined') return null;
  try {
    return await caches.open(CACHE_NAME);
  } catch {
    return null;
  }
}

/** Files and bytes cached for `modelId` (bytes from content-length, or the body size). */
export async function cachedModel(modelId: string, host = ''): Promise<CacheState> {
  const cache = await openCache();
  if (!cache) return { available: false, files: 0, bytes: 0 };
  let files = 0;
  let bytes = 0;
  for (const req of await cache.keys()) {
    if (!belongsTo(req.url, modelId, host)) continue;
    files++;
    const res = await cache.match(req);
    const len = Number(res?.headers.get('content-length') ?? 'NaN');
    bytes += Number.isFinite(len) ? len : ((await res?.blob())?.size ?? 0);
  }
  return { available: true, files, bytes };
}

/** Deletes every cached file of `modelId`; returns how many were removed. */
export async function deleteCachedModel(modelId: string, host = ''): Promise<number> {
  const cache = await openCache();
  if (!cache) return 0;
  let removed = 0;
  const keys = await cache.keys();
  for (const req of keys) {
    if (belongsTo(req.url, modelId, host) && (await cache.delete(req))) removed++;
  }
  // Browsers give deleted entries' space back lazily; a cache left empty is dropped whole, which frees it now.
  if (removed > 0 && removed === keys.length) await caches.delete(CACHE_NAME);
  return removed;
}

/** Storage used and available to this origin, when the browser tells. */
export async function storageEstimate(): Promise<{ usage: number; quota: number } | null> {
  try {
    const e = await navigator.storage?.estimate?.();
    return e && typeof e.usage === 'number' && typeof e.quota === 'number' ? { usage: e.usage, quota: e.quota } : null;
  } catch {
    return null;
  }
}
