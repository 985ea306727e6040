// When the daily digest goes out: 07:00 in Europe/Berlin, whatever the server's time zone and DST.
import type { Kysely } from 'kysely';
import { TIME_ZONE } from '../../article/index.ts';
import { scheduleJob } from '../../store/jobs.ts';
import type { Database } from '../../store/schema.ts';

export const DIGEST_HOUR = 7;

/**
 * On pg-boss, its cron sends the digest job every day at 07:00 Berlin time (idempotent, so every start may say
 * it); the table queue has no cron, and a fan-out that writes digest rows queues that day's job instead.
 */
export function scheduleDigest(db: Kysely<Database>): Promise<boolean> {
  return scheduleJob(db, 'follow.digest', `0 ${DIGEST_HOUR} * * *`, TIME_ZONE, {});
}

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
  return { at, date: berlinDate(at) };
}

/** YYYY-MM-DD of the Berlin wall clock at an instant. */
export function berlinDate(at: Date): string {
  const d = wallClock(at);
  return `${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
}
