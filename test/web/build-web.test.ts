// The web build: the urna bundle takes the browser crypto twins instead of the Node modules, and any other
// `node:` import fails the build with the importing file named.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildAllWeb, buildWeb, WEB_APPS } from '../../scripts/build-web.ts';

describe('build-web', () => {
  let work: string;
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'urna-build-'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test('the urna bundle uses src/crypto/browser and has no node: import', async () => {
    const r = await buildWeb({ outDir: join(work, 'site') });
    for (const f of ['hash.ts', 'ed25519.ts', 'random.ts']) {
      assert.ok(r.inputs.includes(`src/crypto/browser/${f}`), `bundle lacks src/crypto/browser/${f}`);
      assert.ok(!r.inputs.includes(`src/crypto/${f}`), `bundle contains the Node src/crypto/${f}`);
    }
    assert.ok(r.inputs.includes('src/urna/urna.ts') && r.inputs.includes('src/media/carga.ts'));
    const js = readFileSync(join(r.outDir, 'main.js'), 'utf8');
    assert.doesNotMatch(js, /from\s*["']node:|import\(\s*["']node:|require\(\s*["']node:/);
    const html = readFileSync(join(r.outDir, 'index.html'), 'utf8');
    assert.match(html, /connect-src 'none'/);
    assert.match(html, /default-src 'none'/);
  });

  test('both apps build side by side: the terminal bundle holds the cable, not the urna state machine', async () => {
    const root = join(work, 'all');
    const built = await buildAllWeb({ root });
    assert.deepEqual(Object.keys(built).sort(), [...WEB_APPS].sort());
    assert.equal(built.urna.outDir, join(root, 'urna'));
    assert.equal(built.terminal.outDir, join(root, 'terminal'));
    // The urna page owns the rules and the MesarioTerminal; the terminal page is a remote keyboard and display.
    assert.ok(
      built.urna.inputs.includes('src/terminal/terminal.ts') && built.urna.inputs.includes('web/shared/cable.ts'),
    );
    assert.ok(built.terminal.inputs.includes('web/shared/cable.ts'));
    for (const core of ['src/urna/urna.ts', 'src/terminal/terminal.ts', 'src/urna/ballot.ts']) {
      assert.ok(!built.terminal.inputs.includes(core), `the terminal bundle contains ${core}`);
    }
    const js = readFileSync(join(root, 'terminal', 'main.js'), 'utf8');
    assert.doesNotMatch(js, /from\s*["']node:|import\(\s*["']node:|require\(\s*["']node:/);
    const html = readFileSync(join(root, 'terminal', 'index.html'), 'utf8');
    assert.match(html, /connect-src 'none'/);
    assert.match(html, /default-src 'none'/);
  });

  test('a node: import outside the crypto port fails the build, naming the importer', async () => {
    const entry = join(work, 'bad-entry.ts');
    // The crypto port is swapped, node:fs is not.
    writeFileSync(
      entry,
      `import { sha512 } from ${JSON.stringify(resolve('src/crypto/hash.ts'))};\n` +
        `import { readFileSync } from 'node:fs';\nconsole.log(sha512('x'), readFileSync);\n`,
    );
    await assert.rejects(buildWeb({ outDir: join(work, 'bad'), entryPoint: entry }), (e: Error) => {
      assert.match(e.message, /bad-entry\.ts imports node:fs/);
      assert.doesNotMatch(e.message, /node:crypto/);
      return true;
    });
  });
});
