/** "128, 512,2048" → distinct whole numbers in [min, max], written in decimal digits, or what is wrong. */
export function parseIntList(text: string, min: number, max: number): { values: number[] } | { error: string } {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0) return { error: 'enter at least one number' };
  const values: number[] = [];
  for (const p of parts) {
    const n = Number(p);
    if (!/^\d+$/.test(p) || n < min || n > max) return { error: `"${p}" is not a whole number from ${min} to ${max}` };
    if (!values.includes(n)) values.push(n);
  }
  return { values };
}
