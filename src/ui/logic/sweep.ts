/** Parses "128, 512,2048" into distinct positive integers in [min, max], or says what is wrong. */
export function parseIntList(text: string, min: number, max: number): { values: number[] } | { error: string } {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) return { error: 'enter at least one number' };
  const values: number[] = [];
  for (const p of parts) {
    const n = Number(p);
    if (!Number.isInteger(n) || n < min || n > max) return { error: `"${p}" is not an integer in [${min}, ${max}]` };
    if (!values.includes(n)) values.push(n);
  }
  return { values };
}
