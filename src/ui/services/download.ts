/** Saves text as a file through a Blob URL (no server round trip). */
export function downloadText(filename: string, text: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke after the download has started.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** 'decoding-lab-2026-01-31T12-30-05' */
export function timestampedName(prefix: string, date: Date): string {
  return `${prefix}-${date.toISOString().slice(0, 19).replace(/:/g, '-')}`;
}
