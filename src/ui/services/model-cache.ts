/**
 * What transformers.js keeps in the Cache API ('transformers-cache') for a hub model, and deleting
 * it. Keys are the files' hub URLs: https://huggingface.co/<id>/resolve/<revision>/<file>.
 * Runs on the main thread; touches no network.
 */
import type { CacheState } from '../store/state';

export const CACHE_NAME = 'transformers-cache';
const HUB = 'https://huggingface.co/';

function belongsTo(url: string, modelId: string): boolean {
  return url.startsWith(`${HUB}${modelId}/resolve/`);
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
export async function cachedModel(modelId: string): Promise<CacheState> {
  const cache = await openCache();
  if (!cache) return { available: false, files: 0, bytes: 0 };
  let files = 0;
  let bytes = 0;
  for (const req of await cache.keys()) {
    if (!belongsTo(req.url, modelId)) continue;
    files++;
    const res = await cache.match(req);
    const len = Number(res?.headers.get('content-length') ?? 'NaN');
    bytes += Number.isFinite(len) ? len : ((await res?.blob())?.size ?? 0);
  }
  return { available: true, files, bytes };
}

/** Deletes every cached file of `modelId`; returns how many were removed. */
export async function deleteCachedModel(modelId: string): Promise<number> {
  const cache = await openCache();
  if (!cache) return 0;
  let removed = 0;
  for (const req of await cache.keys()) {
    if (belongsTo(req.url, modelId) && (await cache.delete(req))) removed++;
  }
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
