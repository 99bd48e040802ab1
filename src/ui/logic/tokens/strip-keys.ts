/** Keyboard movement inside a token strip (roving tabindex): which cell a key moves focus to. Pure. */

/** Cells PageUp / PageDown jump. */
export const PAGE_CELLS = 20;

/** The index the key moves to, or null when the key is not a strip key. Always within [0, count). */
export function movedIndex(key: string, index: number, count: number): number | null {
  if (count <= 0) return null;
  const clamp = (i: number) => Math.min(count - 1, Math.max(0, i));
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return clamp(index + 1);
    case 'ArrowLeft':
    case 'ArrowUp':
      return clamp(index - 1);
    case 'PageDown':
      return clamp(index + PAGE_CELLS);
    case 'PageUp':
      return clamp(index - PAGE_CELLS);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
