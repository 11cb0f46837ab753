// Time for the urna: an injected clock (ARCHITECTURE decision 3) and wall-clock formatting in the election's time
// zone. The urna reads its opening/closing hours and prints every date in that zone (since 2022: Brasília time in
// every UF), whatever the zone of the machine running it.
//
// `Intl.DateTimeFormat.formatToParts` costs microseconds per call, and a São Paulo-sized simulation writes tens of
// millions of log stamps, so the zone's UTC offset is cached per 15-minute bucket and the fields are computed with
// plain arithmetic. (Offsets change on quarter-hour boundaries in every real zone.)

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock stuck at one instant (tests, reproducible simulations). */
export function fixedClock(at: Date | string): Clock {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(ms)) throw new Error(`fixedClock: not a date: ${String(at)}`);
  return { now: () => new Date(ms) };
}

/** A clock the caller moves by hand: tests and simulated election days. */
export class ManualClock implements Clock {
  #ms: number;
  constructor(start: Date | string) {
    this.#ms = typeof start === 'string' ? Date.parse(start) : start.getTime();
    if (Number.isNaN(this.#ms)) throw new Error(`ManualClock: not a date: ${String(start)}`);
  }
  now(): Date {
    return new Date(this.#ms);
  }
  set(at: Date): void {
    this.#ms = at.getTime();
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
}

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const BUCKET_MS = 15 * 60 * 1000;
const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

const intlCache = new Map<string, Intl.DateTimeFormat>();
function intlFor(timeZone: string): Intl.DateTimeFormat {
  let f = intlCache.get(timeZone);
  if (!f) {
    // Throws RangeError for an unknown zone: better at load time than on election day.
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    intlCache.set(timeZone, f);
  }
  return f;
}

/** The zone's UTC offset for one 15-minute bucket, shared by every formatter of the zone. */
interface OffsetCache {
  intl: Intl.DateTimeFormat;
  bucket: number;
  offset: number;
}
const offsetCaches = new Map<string, OffsetCache>();

/** Wall-clock fields and the formats the urna prints, for one IANA time zone. */
export class ZonedFormatter {
  readonly timeZone: string;
  readonly #cache: OffsetCache;
  #stampMs = Number.NaN;
  #stamp = '';

  constructor(timeZone: string) {
    this.timeZone = timeZone;
    let cache = offsetCaches.get(timeZone);
    if (!cache) {
      // Building an Intl.DateTimeFormat costs tens of µs: one per zone, shared by every urna of a simulation.
      cache = { intl: intlFor(timeZone), bucket: Number.NaN, offset: 0 };
      offsetCaches.set(timeZone, cache);
    }
    this.#cache = cache;
  }

  /** Local time minus UTC, in ms, at instant `ms`. */
  offsetAt(ms: number): number {
    const c = this.#cache;
    const bucket = Math.floor(ms / BUCKET_MS);
    if (bucket !== c.bucket) {
      const at = bucket * BUCKET_MS;
      const f: Record<string, number> = {};
      for (const part of c.intl.formatToParts(new Date(at))) f[part.type] = Number(part.value);
      const wall = Date.UTC(f.year ?? 0, (f.month ?? 1) - 1, f.day ?? 1, f.hour ?? 0, f.minute ?? 0, f.second ?? 0);
      c.offset = wall - at;
      c.bucket = bucket;
    }
    return c.offset;
  }

  wall(date: Date): WallTime {
    const ms = date.getTime();
    const d = new Date(ms + this.offsetAt(ms));
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
    };
  }

  /** `YYYY-MM-DD HH:MM:SS` — sorts like time, so schedule checks are string comparisons. */
  isoLocal(date: Date): string {
    const w = this.wall(date);
    return `${w.year}-${p2(w.month)}-${p2(w.day)} ${p2(w.hour)}:${p2(w.minute)}:${p2(w.second)}`;
  }

  /** `YYYYMMDDThhmmss` (the TSE's DataHoraJE). */
  dataHoraJE(date: Date): string {
    const w = this.wall(date);
    return `${w.year}${p2(w.month)}${p2(w.day)}T${p2(w.hour)}${p2(w.minute)}${p2(w.second)}`;
  }

  /** `DD/MM/YYYY HH:MM:SS`, as in the TSE logs and printed reports. */
  stamp(date: Date): string {
    // Log lines come in bursts within the same second (a simulated day may even keep the clock still).
    const ms = Math.floor(date.getTime() / 1000);
    if (ms !== this.#stampMs) {
      const w = this.wall(date);
      this.#stamp = `${p2(w.day)}/${p2(w.month)}/${w.year} ${p2(w.hour)}:${p2(w.minute)}:${p2(w.second)}`;
      this.#stampMs = ms;
    }
    return this.#stamp;
  }

  /** The instant at which the wall clock of this zone shows `date` (YYYY-MM-DD) `time` (HH:MM or HH:MM:SS). */
  instant(date: string, time: string): Date {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    const t = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
    if (!m || !t) throw new Error(`instant: expected YYYY-MM-DD and HH:MM[:SS], found ${date} ${time}`);
    const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(t[1]), Number(t[2]), Number(t[3] ?? 0));
    // Two passes settle the offset except inside a DST gap, where the later offset wins (no such gap in Brazil now).
    let ms = wall - this.offsetAt(wall);
    ms = wall - this.offsetAt(ms);
    return new Date(ms);
  }
}

/** `DD/MM/YYYY` from `YYYY-MM-DD` (the election date as printed). */
export function brDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : isoDate;
}
