// Sizes (`64MiB`), durations (`30s`, `1m30s`), cpu (`500m`, `2`, `0.5`) and rate limits (`100/s`).

const sizeUnits: Record<string, number> = {
  '': 1, B: 1,
  K: 1e3, k: 1e3, KB: 1e3, M: 1e6, MB: 1e6, G: 1e9, GB: 1e9, T: 1e12, TB: 1e12,
  Ki: 1024, KiB: 1024, Mi: 1024 ** 2, MiB: 1024 ** 2, Gi: 1024 ** 3, GiB: 1024 ** 3, Ti: 1024 ** 4, TiB: 1024 ** 4,
};
const durationUnits: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Bytes, or undefined when `text` is not a size. */
export function parseSize(text: string): number | undefined {
  const match = /^([0-9]+)([A-Za-z]*)$/.exec(text);
  if (match === null) return undefined;
  const unit = sizeUnits[match[2]];
  if (unit === undefined) return undefined;
  const bytes = Number(match[1]) * unit;
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** Milliseconds, or undefined when `text` is not a duration such as `30s`, `500ms`, `1h30m`. */
export function parseDuration(text: string): number | undefined {
  if (!/^([0-9]+(ms|s|m|h))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/([0-9]+)(ms|s|m|h)/g)) total += Number(amount) * durationUnits[unit];
  return Number.isSafeInteger(total) ? total : undefined;
}

/** Millicores, or undefined when `text` is not `500m`, `2` or `0.5` (at most 3 decimals). */
export function parseCpu(text: string): number | undefined {
  const milli = /^([0-9]+)m$/.exec(text);
  if (milli !== null) return Number(milli[1]);
  const cores = /^([0-9]+)(?:\.([0-9]{1,3}))?$/.exec(text);
  if (cores === null) return undefined;
  const value = Number(cores[1]) * 1000 + Number((cores[2] ?? '').padEnd(3, '0'));
  return Number.isSafeInteger(value) ? value : undefined;
}

export function isRateLimit(text: string): boolean {
  return /^[1-9][0-9]*\/(s|m|h)$/.test(text);
}

export function isKebabCase(text: string): boolean {
  return /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(text);
}
