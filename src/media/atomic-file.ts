// Atomic file writes (ARCHITECTURE.md decision 9): a crash or power cut leaves the old file or the new one, never half
// of one. The data goes to a temporary file in the same directory (a rename is only atomic within one file system),
// is flushed to the device (fsync), renamed over the target, and then the directory itself is flushed so that the
// rename survives a power cut too. Node file I/O module: not for the browser.
import fs from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** File mode of the new file, e.g. 0o600 for a secret key. Default 0o644 (less the process umask). */
  mode?: number;
}

let counter = 0;

/** The temporary name used while writing `path`; starts with a dot and ends in `.tmp`, so listings can skip it. */
function tempPathFor(path: string): string {
  counter = (counter + 1) % 1_000_000;
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}${counter}.tmp`);
}

/** True for a temporary file left behind by a writer that crashed before its rename (safe to delete). */
export function isAtomicTempName(name: string): boolean {
  return /^\..+\.\d+\.[0-9a-z]+\.tmp$/.test(name);
}

/** Writes `data` to `path` so that readers and crashes see either the previous content or all of `data`. */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const temp = tempPathFor(path);
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let renamed = false;
  try {
    // 'wx': never follow or reuse an existing file at the temporary name.
    const fd = fs.openSync(temp, 'wx', options.mode ?? 0o644);
    try {
      let off = 0;
      while (off < bytes.byteLength) off += fs.writeSync(fd, bytes, off, bytes.byteLength - off);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    // openSync's mode is reduced by the umask; a secret key must end up exactly as asked.
    if (options.mode !== undefined) fs.chmodSync(temp, options.mode);
    fs.renameSync(temp, path);
    renamed = true;
    fsyncDirectory(dirname(path));
  } finally {
    if (!renamed) fs.rmSync(temp, { force: true });
  }
}

/** Flushes a directory's entries (new names, renames) to the device. */
export function fsyncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch {
    return; // Platforms that cannot open a directory (Windows) also cannot fsync one.
  }
  try {
    fs.fsyncSync(fd);
  } catch (e) {
    // Some file systems refuse fsync on a directory; the rename itself has already happened.
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'EBADF') throw e;
  } finally {
    fs.closeSync(fd);
  }
}
