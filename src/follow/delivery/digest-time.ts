// When the daily digest goes out: 07:00 in Europe/Berlin, whatever the server's time zone and DST.
import { TIME_ZONE } from '../../article/index.ts';

export const DIGEST_HOUR = 7;

const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The Berlin wall clock at an instant. */
function wallClock(at: Date): { y: number; m: number; d: number; h: number; min: number; s: number } {
  const p = Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, Number(x.value)]));
  return { y: p.year!, m: p.month!, d: p.day!, h: p.hour!, min: p.minute!, s: p.second! };
}

/** The instant when Berlin's clocks show that date and hour (never in a DST gap for hour 7). */
function berlinAt(y: number, m: number, d: number, h: number): Date {
  const guess = Date.UTC(y, m - 1, d, h);
  const w = wallClock(new Date(guess));
  const offset = Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s) - guess;
  return new Date(guess - offset);
}

/** The next digest after `now`, and its date (YYYY-MM-DD in Berlin), which names it. */
export function nextDigest(now: Date): { at: Date; date: string } {
  const w = wallClock(now);
  let at = berlinAt(w.y, w.m, w.d, DIGEST_HOUR);
  if (at.getTime() <= now.getTime()) {
    const tomorrow = new Date(Date.UTC(w.y, w.m - 1, w.d + 1));
    at = berlinAt(tomorrow.getUTCFullYear(), tomorrow.getUTCMonth() + 1, tomorrow.getUTCDate(), DIGEST_HOUR);
  }
  const d = wallClock(at);
  return { at, date: `${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}` };
}
