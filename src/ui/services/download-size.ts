/**
 * The size of a hub model's download before it starts: config.json (to learn which external data chunks
 * the export has), then a HEAD of every file transformers.js will fetch for the dtype, summing their
 * content-length. From the main thread, on the model host only (the page's CSP allows nothing else).
 */
import { requiredModelFiles, type LayoutDtype } from '../../core/model-layout';

export interface DownloadSize {
  readonly bytes: number;
  readonly files: number;
}

/** The hub's resolve URL of a file ('<host><id>/resolve/main/<file>'); `host` ends with '/'. */
export function fileUrl(host: string, id: string, file: string): string {
  return `${host}${id}/resolve/main/${file}`;
}

export async function measureDownload(host: string, id: string, dtype: LayoutDtype, signal?: AbortSignal): Promise<DownloadSize | null> {
  try {
    const configRes = await fetch(fileUrl(host, id, 'config.json'), signal ? { signal } : {});
    if (!configRes.ok) return null;
    const config = (await configRes.json()) as { 'transformers.js_config'?: { use_external_data_format?: unknown } } | null;
    const files = [...requiredModelFiles(dtype, config?.['transformers.js_config']?.use_external_data_format), 'generation_config.json'];
    let bytes = 0;
    for (const file of files) {
      const res = await fetch(fileUrl(host, id, file), { method: 'HEAD', ...(signal ? { signal } : {}) });
      if (!res.ok) {
        if (file === 'generation_config.json') continue; // optional
        return null;
      }
      bytes += Number(res.headers.get('content-length') ?? 0);
    }
    return { bytes, files: files.length };
  } catch {
    return null;
  }
}
