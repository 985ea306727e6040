/** Bad input from a file: its message is the reason shown to the editor after the file name. */
export class InputError extends Error {
  override name = 'InputError';
}

/** "A, B; C" or a YAML list → trimmed, non-empty names. */
export function splitList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,;]/) : [];
  return items.map((v) => String(v).trim()).filter((v) => v !== '');
}
