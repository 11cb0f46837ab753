// The urna's memories, for power-loss safety. The real urna keeps its state twice: on its internal flash and on the
// external flash card (memória de resultado da votação), and a contingency procedure can move the external card to
// another urna or re-sync the two (ELECTION-RULES.md §5.4). We do the same with two files, `memoria-interna.json`
// and `memoria-externa.json` (optionally in two folders, i.e. two devices):
//   - each write is atomic (temp file, fsync, rename), so a power cut during a write leaves that copy's previous
//     version, not half of the new one;
//   - each file carries a generation counter and a SHA-512 of its content, because atomic renames are only as good
//     as the device and its file system: a flash card that tears or rots a file must be detected, not trusted;
//   - the two copies are written one after the other, never both at once. A crash between the two writes leaves
//     one copy a generation ahead of the other: load() takes the valid copy with the higher generation, so the
//     newer state wins and a damaged copy falls back to the other one;
//   - only when save() has returned is the state durable in both: the urna must show "FIM" (the vote is cast) only
//     after that, so a vote lost in a power cut is one the voter never saw confirmed.
// Node file I/O module (a browser urna would keep the same two-copy envelope in IndexedDB).
import fs from 'node:fs';
import { join } from 'node:path';
import { sha512, toHex } from '../crypto/hash.ts';
import type { Problem, Result } from '../election/problem.ts';
import type { UrnaSnapshot } from '../urna/urna.ts';
import { writeFileAtomic } from './atomic-file.ts';

export const MEMORY_FORMAT = 'urna-memoria/1';
export const INTERNAL_MEMORY_FILE = 'memoria-interna.json';
export const EXTERNAL_MEMORY_FILE = 'memoria-externa.json';

// The file is JSON, with the snapshot's exact text spliced in after a fixed header, so the checksum covers the very
// bytes on the device (no re-serialisation on load) and the file is still readable with any JSON tool:
//   {"format":"urna-memoria/1","generation":7,"sha512":"<128 hex>","snapshot":<snapshot JSON>}
const HEADER = /^\{"format":"urna-memoria\/1","generation":(\d{1,15}),"sha512":"([0-9a-f]{128})","snapshot":/;

function checksum(generation: number, payload: string): string {
  return toHex(sha512(`${MEMORY_FORMAT}\n${generation}\n${payload}`));
}

/** The file text for one copy. */
export function encodeMemory(snapshot: unknown, generation: number): string {
  const payload = JSON.stringify(snapshot);
  if (payload === undefined) throw new TypeError('the urna snapshot must be JSON-serialisable');
  const header = `{"format":"${MEMORY_FORMAT}","generation":${generation},"sha512":"${checksum(generation, payload)}"`;
  return `${header},"snapshot":${payload}}\n`;
}

export interface DecodedMemory<S = UrnaSnapshot> {
  generation: number;
  snapshot: S;
}

/** Reads one copy; a problem when it is torn, corrupted or not a memory file at all. */
export function decodeMemory<S = UrnaSnapshot>(text: string, file: string): Result<DecodedMemory<S>> {
  const fail = (path: string, expected: string, found: string): Result<DecodedMemory<S>> => ({
    ok: false,
    problems: [{ file, path, expected, found }],
  });
  const m = HEADER.exec(text);
  if (!m) return fail('', `an urna memory file (${MEMORY_FORMAT})`, `${JSON.stringify(text.slice(0, 40))}…`);
  if (!text.endsWith('}\n')) return fail('', 'a complete memory file', 'a file cut short');
  const generation = Number(m[1]);
  const payload = text.slice(m[0].length, text.length - 2);
  const actual = checksum(generation, payload);
  if (actual !== m[2]) return fail('sha512', m[2]!, `${actual} (the content was damaged)`);
  try {
    return { ok: true, value: { generation, snapshot: JSON.parse(payload) as S } };
  } catch (e) {
    // Only reachable if the writer stored invalid JSON under a valid checksum.
    return fail('snapshot', 'JSON', (e as Error).message);
  }
}

/** Neither memory holds a usable state: the urna cannot resume and needs the contingency procedure. */
export class UrnaStorageError extends Error {
  constructor(readonly problems: Problem[]) {
    super(
      'Neither urna memory holds a valid state (contingency procedure needed):\n' +
        problems.map((p) => `  ${p.file}: ${p.path || '(top)'}: expected ${p.expected}, found ${p.found}`).join('\n'),
    );
    this.name = 'UrnaStorageError';
  }
}

export interface LoadedMemory<S = UrnaSnapshot> extends DecodedMemory<S> {
  /** The copy the state came from. */
  source: 'interna' | 'externa';
  /** What was wrong with the other copy, if anything (worth a log line: one memory is damaged or behind). */
  damaged: Problem[];
}

/**
 * The urna's two memories. `S` is what is stored: the state machine's snapshot (`urna.snapshot()`) by default; the
 * storage never looks inside it, it only has to be JSON-serialisable.
 */
export class UrnaStorage<S = UrnaSnapshot> {
  readonly internalPath: string;
  readonly externalPath: string;
  private generation: number | undefined;
  private dirsReady = false;

  /** `externalDir` is the external flash card; by default both copies live in `dir`. */
  constructor(
    readonly dir: string,
    readonly externalDir: string = dir,
  ) {
    this.internalPath = join(dir, INTERNAL_MEMORY_FILE);
    this.externalPath = join(externalDir, EXTERNAL_MEMORY_FILE);
  }

  /**
   * Both copies, checked: undefined when neither file exists (a fresh urna); the newest valid copy otherwise; the
   * problems of both when files exist but none is valid.
   */
  read(): Result<LoadedMemory<S> | undefined> {
    const copies = (
      [
        ['interna', this.internalPath],
        ['externa', this.externalPath],
      ] as const
    ).map(([source, path]) => {
      let text: string;
      try {
        text = fs.readFileSync(path, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { source, missing: true as const };
        const problem: Problem = { file: path, path: '', expected: 'a readable file', found: (e as Error).message };
        return { source, missing: false as const, decoded: { ok: false, problems: [problem] } as const };
      }
      return { source, missing: false as const, decoded: decodeMemory<S>(text, path) };
    });
    const present = copies.filter((c) => !c.missing);
    if (present.length === 0) return { ok: true, value: undefined };

    let best: LoadedMemory<S> | undefined;
    const damaged: Problem[] = [];
    for (const c of copies) {
      if (c.missing) {
        const path = c.source === 'interna' ? this.internalPath : this.externalPath;
        damaged.push({ file: path, path: '', expected: 'the second copy of the urna memory', found: 'no file' });
      } else if (!c.decoded.ok) {
        damaged.push(...c.decoded.problems);
      } else if (!best || c.decoded.value.generation > best.generation) {
        best = { ...c.decoded.value, source: c.source, damaged: [] };
      }
    }
    if (!best) return { ok: false, problems: damaged };
    best.damaged = damaged;
    return { ok: true, value: best };
  }

  /** The newest valid state, or undefined for a fresh urna; throws UrnaStorageError when both copies are bad. */
  load(): S | undefined {
    const r = this.read();
    if (!r.ok) throw new UrnaStorageError(r.problems);
    this.generation = r.value?.generation ?? 0;
    return r.value?.snapshot;
  }

  /** Stores a new state in both memories, internal then external; returns its generation. */
  save(snapshot: S): number {
    if (this.generation === undefined) {
      const r = this.read();
      this.generation = r.ok ? (r.value?.generation ?? 0) : 0;
    }
    const generation = this.generation + 1;
    const text = encodeMemory(snapshot, generation);
    if (!this.dirsReady) {
      fs.mkdirSync(this.dir, { recursive: true });
      fs.mkdirSync(this.externalDir, { recursive: true });
      this.dirsReady = true;
    }
    writeFileAtomic(this.internalPath, text);
    writeFileAtomic(this.externalPath, text);
    this.generation = generation;
    return generation;
  }
}
