// The results media as a folder (a USB stick, or a folder per seção in a simulation): Node file I/O around the pure
// results-media.ts. Every file is written atomically and the signature file last (see buildResultsMedia). The log's
// 7z is packed with LZMA by LZMA-JS (the `lzma` package), as the TSE's `-log.jez` are.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Signer } from '../crypto/ed25519.ts';
import type { Result } from '../election/problem.ts';
import { writeFileAtomic } from './atomic-file.ts';
import type { CargaContent } from './carga-types.ts';
import { parseResultFileName } from './file-names.ts';
import {
  buildResultsMedia,
  checkResultsMedia,
  type ResultsMediaContents,
  type ResultsPackage,
} from './results-media.ts';

interface LzmaJs {
  compress(data: Uint8Array, mode: number): number[];
}
let lzmaJs: LzmaJs | undefined;

/**
 * LZMA1 with LZMA-JS at mode 1 (fast; a log compresses well at any level): its ".lzma" output is props(5) ‖
 * size(8) ‖ stream, and the 7z folder takes the props and the stream.
 */
export function lzmaPack(data: Uint8Array): { props: Uint8Array; packed: Uint8Array } {
  lzmaJs ??= createRequire(import.meta.url)('lzma') as LzmaJs;
  const r = Uint8Array.from(lzmaJs.compress(data, 1), (b) => b & 0xff);
  return { props: r.slice(0, 5), packed: r.slice(13) };
}

export interface WrittenResultsMedia {
  dir: string;
  /** File names in writing order; the last one is the signature file. */
  files: string[];
  signatureFile: string;
}

/** Writes the urna's results media into `dir` (created if needed). */
export function writeResultsMedia(
  dir: string,
  pkg: ResultsPackage,
  carga: CargaContent,
  signer: Signer,
): WrittenResultsMedia {
  const files = buildResultsMedia(pkg, carga, signer, { lzma: lzmaPack });
  fs.mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileAtomic(join(dir, f.name), f.bytes);
  const names = files.map((f) => f.name);
  return { dir, files: names, signatureFile: names[names.length - 1]! };
}

/**
 * Reads and verifies one seção's results media from `dir`: every file whose name is a results-media name (ours or
 * the TSE's) takes part; other files (and atomic-write leftovers) are ignored.
 */
export function readResultsMedia(dir: string, electionPublicKey: Uint8Array): Result<ResultsMediaContents> {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    return {
      ok: false,
      problems: [{ file: dir, path: '', expected: 'a results media folder', found: (e as Error).message }],
    };
  }
  const files = new Map<string, Uint8Array>();
  for (const entry of entries) {
    if (!parseResultFileName(entry.name)) continue;
    if (!entry.isFile()) {
      return {
        ok: false,
        problems: [{ file: join(dir, entry.name), path: '', expected: 'a regular file', found: 'something else' }],
      };
    }
    files.set(entry.name, new Uint8Array(fs.readFileSync(join(dir, entry.name))));
  }
  return checkResultsMedia(files, electionPublicKey, (name) => join(dir, name));
}
