// Node adapter of retotalize.ts: every BU file under a folder (recursively; by name: .bu, .busa, -bu.dat,
// -busa.dat), read one at a time and added, with a progress callback.
import { readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { Retotalizer, type Retotalization } from './retotalize.ts';
import { listFiles, MAX_FILE_BYTES } from './verify-folder.ts';
import { parseTseFileName } from '../tse/detect.ts';

export interface RetotalizeOptions {
  onProgress?: (done: number, total: number) => void;
  /** Paths in the report relative to this folder (default: as found). */
  relativeTo?: string;
}

/** Re-totalizes every BU file under `paths` (folders recursively, or single files). */
export function retotalizePaths(paths: readonly string[], opts: RetotalizeOptions = {}): Retotalization {
  const listed = listFiles(paths);
  const files = listed.files.filter((f) => f.explicit || parseTseFileName(f.path)?.kind === 'bu');
  const r = new Retotalizer();
  files.forEach((f, i) => {
    const name = opts.relativeTo ? relative(opts.relativeTo, f.path) || f.path : f.path;
    const size = statSync(f.path).size;
    if (size > MAX_FILE_BYTES) r.add(name, new Uint8Array(0));
    else r.add(name, new Uint8Array(readFileSync(f.path)));
    opts.onProgress?.(i + 1, files.length);
  });
  const result = r.result();
  result.problems.unshift(...listed.problems);
  return result;
}
