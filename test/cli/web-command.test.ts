// `urna web` (the end of `npm start`): builds the browser apps and serves them on 127.0.0.1, says which carga and key
// to open, and takes another free port when its port is in use. Run as a child process, as a user runs it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoElection } from '../../src/election/demo.ts';
import { setupElection } from '../../src/media/setup.ts';

const CLI = ['--import', 'tsx', 'src/cli/main.ts'];

/** Starts `urna web …` and resolves with its output once it has printed "Ctrl+C" (it is listening by then). */
function startWeb(args: string[]): Promise<{ child: ChildProcess; out: string }> {
  const child = spawn(process.execPath, [...CLI, 'web', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`urna web did not start in 60 s; it printed:\n${out}`)), 60_000);
    const onData = (c: Buffer): void => {
      out += c.toString('utf8');
      if (out.includes('Ctrl+C')) {
        clearTimeout(timer);
        ok({ child, out });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`urna web exited (${code}) before listening:\n${out}`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((ok) => {
    if (child.exitCode !== null) return ok();
    child.once('exit', () => ok());
    child.kill('SIGTERM');
  });
}

describe('urna web', () => {
  let work: string;
  let setupDir: string;

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'urna-web-cmd-'));
    setupDir = join(work, 'eleicao');
    setupElection(demoElection(), setupDir, { seed: 'web-command' });
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  test('serves the urna and the terminal pages and names the carga to open', async () => {
    const { child, out } = await startWeb(['--port', '0', '--setup', setupDir]);
    try {
      const urna = /Urna:\s+(http:\/\/127\.0\.0\.1:\d+\/urna\/)/.exec(out)?.[1];
      const terminal = /Terminal do mesário:\s+(http:\/\/127\.0\.0\.1:\d+\/terminal\/)/.exec(out)?.[1];
      assert.ok(urna && terminal, `no addresses in the output:\n${out}`);
      const page = await fetch(urna);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /connect-src 'none'/, 'the urna page lost its no-network CSP');
      assert.equal((await fetch(terminal)).status, 200);
      assert.match(out, /carga\/MG-48771-0101-0001\/carga\.json e .*election\.pub/, out);
    } finally {
      await stop(child);
    }
  });

  test('a port in use: another free port, said so', async () => {
    const blocker: Server = createServer((_, res) => res.end('other program'));
    await new Promise<void>((ok) => blocker.listen(0, '127.0.0.1', ok));
    const port = (blocker.address() as AddressInfo).port;
    const { child, out } = await startWeb(['--port', String(port), '--setup', setupDir]);
    try {
      assert.match(out, new RegExp(`A porta ${port} está em uso`), out);
      const urna = /Urna:\s+(http:\/\/127\.0\.0\.1:(\d+)\/urna\/)/.exec(out);
      assert.ok(urna, `no address in the output:\n${out}`);
      assert.notEqual(Number(urna[2]), port);
      assert.equal((await fetch(urna[1]!)).status, 200);
    } finally {
      await stop(child);
      await new Promise<void>((ok) => blocker.close(() => ok()));
    }
  });

  test('a bad --port is refused with the value found', async () => {
    const child = spawn(process.execPath, [...CLI, 'web', '--port', '99999'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const code = await new Promise<number | null>((ok) => child.on('exit', ok));
    assert.notEqual(code, 0, 'a bad port exited 0');
    assert.match(err, /--port: expected a port number from 0 to 65535.*found "99999"/, err);
  });
});
