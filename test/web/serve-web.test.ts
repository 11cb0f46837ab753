// The static server of `npm run web`: files with their content types, folders as their index.html (never a
// listing), and no way out of its root.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveRequest, serveWeb } from '../../scripts/serve-web.ts';

/** A raw GET: the path goes out exactly as written (fetch would normalise the dot segments away). */
function get(origin: string, path: string): Promise<{ status: number; type: string; location: string; body: string }> {
  const { hostname, port } = new URL(origin);
  return new Promise((ok, fail) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () =>
        ok({
          status: res.statusCode ?? 0,
          type: String(res.headers['content-type'] ?? ''),
          location: String(res.headers.location ?? ''),
          body,
        }),
      );
    });
    req.on('error', fail);
    req.end();
  });
}

describe('serve-web static server', () => {
  let work: string;
  let root: string;
  let server: Server;
  let origin: string;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'urna-serve-'));
    root = join(work, 'site');
    mkdirSync(join(root, 'urna'), { recursive: true });
    mkdirSync(join(root, 'empty'), { recursive: true });
    writeFileSync(join(root, 'urna', 'index.html'), '<p>urna</p>');
    writeFileSync(join(root, 'urna', 'main.js'), 'export {};');
    writeFileSync(join(root, 'urna', 'style.css'), 'p{}');
    // A secret beside the root, which no request may reach.
    writeFileSync(join(work, 'secret.txt'), 'SECRET');
    ({ server, origin } = await serveWeb(root, 0));
  });
  after(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(work, { recursive: true, force: true });
  });

  test('files with their content types; a folder is its index.html', async () => {
    const html = await get(origin, '/urna/');
    assert.equal(html.status, 200);
    assert.equal(html.type, 'text/html; charset=utf-8');
    assert.equal(html.body, '<p>urna</p>');
    assert.equal((await get(origin, '/urna/main.js')).type, 'text/javascript; charset=utf-8');
    assert.equal((await get(origin, '/urna/style.css')).type, 'text/css; charset=utf-8');
    const noSlash = await get(origin, '/urna');
    assert.equal(noSlash.status, 302);
    assert.equal(noSlash.location, '/urna/');
  });

  test('no directory listing, no file outside the root', async () => {
    assert.equal((await get(origin, '/empty/')).status, 404);
    assert.equal((await get(origin, '/nothing.js')).status, 404);
    for (const path of [
      '/../secret.txt',
      '/urna/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%5c..%5csecret.txt',
    ]) {
      const r = await get(origin, path);
      assert.equal(r.status, 400, `${path} answered ${r.status}`);
      assert.doesNotMatch(r.body, /SECRET/);
    }
    assert.deepEqual(resolveRequest(root, '/%E0%A4%A'), { status: 400 });
  });
});
