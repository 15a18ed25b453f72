// Durations of the global settings (spec §1.5): a whole number and one unit, `^\d+[smhd]$` ("15m", "30s", "1d").
// The server silently turns a bad value into 30 minutes, so the console refuses it before saving.

export const DURATION_PATTERN = /^\d+[smhd]$/;

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Returns an error message in plain words, or null when the value is a valid duration. */
export function validateDuration(value: string, options: { minSeconds?: number } = {}): string | null {
  const text = value.trim();
  if (text === '') return 'Enter a duration, for example 15m.';
  if (!DURATION_PATTERN.test(text)) {
    return 'Use a whole number followed by s, m, h or d (for example 30s, 15m, 8h or 1d).';
  }
  const ms = parseDuration(text);
  if (ms === null) return 'Use a whole number followed by s, m, h or d.';
  if (options.minSeconds !== undefined && ms < options.minSeconds * 1000) {
    return `Use at least ${options.minSeconds} seconds.`;
  }
  return null;
}

/** "15m" -> 900000; null when the text is not a duration. */
export function parseDuration(value: string): number | null {
  const m = /^(\d+)([smhd])$/.exec(value.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2] as keyof typeof UNIT_MS;
  if (!Number.isSafeInteger(n)) return null;
  return n * UNIT_MS[unit];
}

/** 65_000 -> "1:05", 3_725_000 -> "1:02:05"; negative values clamp to "0:00". */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
