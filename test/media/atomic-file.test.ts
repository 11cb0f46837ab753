import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { isAtomicTempName, writeFileAtomic } from '../../src/media/atomic-file.ts';
import { tempDir } from './fixtures.ts';

describe('writeFileAtomic', () => {
  test('writes, overwrites, and leaves no temporary file behind', () => {
    const dir = tempDir();
    const path = join(dir, 'bu.json');
    writeFileAtomic(path, 'first version');
    assert.equal(fs.readFileSync(path, 'utf8'), 'first version');
    const bytes = new Uint8Array(200_000).map((_, i) => i % 251);
    writeFileAtomic(path, bytes);
    assert.deepEqual(new Uint8Array(fs.readFileSync(path)), bytes);
    assert.deepEqual(fs.readdirSync(dir), ['bu.json']);
  });

  test(
    'a mode is applied exactly (a secret key file gets 0600 whatever the umask)',
    { skip: process.platform === 'win32' ? 'no POSIX modes on Windows' : false },
    () => {
      const dir = tempDir();
      const path = join(dir, 'election.key');
      writeFileAtomic(path, 'secret', { mode: 0o600 });
      assert.equal(fs.statSync(path).mode & 0o777, 0o600);
    },
  );

  test('when the rename fails, the old file stays whole, the error is raised and the temp file is removed', (t) => {
    const dir = tempDir();
    const path = join(dir, 'rdv.json');
    writeFileAtomic(path, 'old content');
    const realRename = fs.renameSync;
    t.after(() => {
      fs.renameSync = realRename;
    });
    fs.renameSync = () => {
      throw Object.assign(new Error('EIO: simulated device failure'), { code: 'EIO' });
    };
    assert.throws(() => writeFileAtomic(path, 'new content that never lands'), /simulated device failure/);
    fs.renameSync = realRename;
    assert.equal(fs.readFileSync(path, 'utf8'), 'old content');
    assert.deepEqual(fs.readdirSync(dir), ['rdv.json']);
  });

  test('a target that cannot be replaced (a folder) is refused and left as it was', () => {
    const dir = tempDir();
    const target = join(dir, 'carga.json');
    fs.mkdirSync(target);
    fs.writeFileSync(join(target, 'inside'), 'x');
    assert.throws(() => writeFileAtomic(target, 'data'));
    assert.ok(fs.statSync(target).isDirectory());
    assert.deepEqual(fs.readdirSync(dir), ['carga.json']);
  });

  test('a process killed just before the rename leaves the old file; the next write succeeds', () => {
    const dir = tempDir();
    const path = join(dir, 'log.txt');
    writeFileAtomic(path, 'old log\n');
    // The child writes a new version and is killed (SIGKILL: no cleanup runs) at the moment it would rename.
    const moduleUrl = pathToFileURL(join(process.cwd(), 'src/media/atomic-file.ts')).href;
    const code = `
      import fs from 'node:fs';
      const { writeFileAtomic } = await import(${JSON.stringify(moduleUrl)});
      fs.renameSync = () => process.kill(process.pid, 'SIGKILL');
      writeFileAtomic(${JSON.stringify(path)}, 'new log\\n'.repeat(10000));
    `;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: process.cwd(),
      encoding: 'utf8',
    });
    assert.equal(child.signal, 'SIGKILL', `child did not die as planned: ${child.stderr}`);
    assert.equal(fs.readFileSync(path, 'utf8'), 'old log\n');
    const leftovers = fs.readdirSync(dir).filter((n) => n !== 'log.txt');
    assert.equal(leftovers.length, 1, 'the crashed writer leaves its temp file');
    assert.ok(isAtomicTempName(leftovers[0]!), leftovers[0]);
    // The temp file held the complete new data: it was fsynced before the rename that never came.
    assert.equal(fs.readFileSync(join(dir, leftovers[0]!), 'utf8').length, 'new log\n'.length * 10000);
    writeFileAtomic(path, 'after restart\n');
    assert.equal(fs.readFileSync(path, 'utf8'), 'after restart\n');
  });

  test('isAtomicTempName recognises only our temp names', () => {
    assert.equal(isAtomicTempName('.bu.json.1234.lx2abc1.tmp'), true);
    assert.equal(isAtomicTempName('bu.json'), false);
    assert.equal(isAtomicTempName('bu.json.tmp'), false);
  });
});
