// End to end in headless Chromium: power loss and closing (issue #4). The urna page keeps its memory in IndexedDB;
// a reload in the middle of a ballot loses no confirmed vote and counts no unfinished one. Closed from the mesário
// terminal, it shows the printed BU and offers the results media as downloads, which are read back here in Node with
// the TSE codecs and the signature checks. Screenshots: test/web/artifacts/persistencia-*.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { demoElection } from '../../src/election/demo.ts';
import { openCarga } from '../../src/media/carga.ts';
import type { CargaContent } from '../../src/media/carga-types.ts';
import { checkResultsMedia } from '../../src/media/results-media.ts';
import { parseKeyFile, setupElection } from '../../src/media/setup.ts';
import { decodeBuV2ToModel } from '../../src/tse/bu-codec.ts';
import { verifyBuSignatures } from '../../src/urna/bu.ts';
import {
  ARTIFACTS,
  chromiumSkip,
  downloadAll,
  frontOf,
  openWebSite,
  until,
  untilStatus,
  type WebSite,
  loadUrnaPage,
} from './helpers.ts';

describe('urna page: memory across a reload, closing and results media', { skip: chromiumSkip }, () => {
  let web: WebSite;
  let context: BrowserContext;
  let cargaPath: string;
  let pubPath: string;
  let electionKey: Uint8Array;
  let carga: CargaContent;

  before(async () => {
    web = await openWebSite('urna-persist-');
    const setup = setupElection(demoElection(), join(web.work, 'election'), { seed: 'web-persist' });
    pubPath = setup.electionPublicKeyPath;
    cargaPath = setup.cargas[0]!.path;
    electionKey = parseKeyFile(readFileSync(pubPath, 'utf8'), 'election.pub');
    const r = openCarga(readFileSync(cargaPath, 'utf8'), 'carga.json', { electionPublicKey: electionKey });
    assert.ok(r.ok, 'the demo carga opens');
    carga = r.value;
    context = await web.browser.newContext({ viewport: { width: 1100, height: 900 }, acceptDownloads: true });
  });

  after(() => web?.close());

  const kind = (p: Page): Promise<string | undefined> =>
    p.evaluate('window.__urnaTest.screenKind()') as Promise<string | undefined>;
  const counts = (p: Page): Promise<{ compareceram: number; ocupada: boolean }> =>
    p.evaluate('window.__urnaTest.counts()') as Promise<{ compareceram: number; ocupada: boolean }>;
  const snap = (p: Page, name: string): Promise<Buffer> =>
    p.screenshot({ path: join(ARTIFACTS, `persistencia-${name}.png`), animations: 'disabled', fullPage: true });

  /** Releases the next voter in training mode; returns the name the mesa line shows. */
  async function release(urna: Page): Promise<string> {
    await urna.click('#release');
    const text = await urna.locator('#mesa-status').innerText();
    const m = /liberado\(a\): (.+)$/.exec(text);
    assert.ok(m, `not released: ${text}`);
    return m[1]!;
  }

  /** BRANCO + CONFIRMA on every office until FIM. */
  async function voteBranco(urna: Page): Promise<void> {
    for (let i = 0; i < 10 && (await kind(urna)) === 'digitos'; i++) {
      await urna.click('#keypad [data-key="BRANCO"]');
      await urna.click('#keypad [data-key="CONFIRMA"]');
    }
    await until(urna, `window.__urnaTest.screenKind() === 'fim'`);
  }

  test('a reload keeps confirmed votes only; closing from the terminal offers the signed results media', async () => {
    const errors: string[] = [];
    const front = frontOf(context);
    const urna = await context.newPage();
    urna.on('pageerror', (e) => errors.push(`urna: ${e.message}`));
    await urna.goto(`${web.origin}/urna/`);
    // Training mode: the demo's election date is not today.
    await loadUrnaPage(urna, [cargaPath, pubPath], 'treinamento');
    assert.equal(await urna.locator('#restore').count(), 0, 'a fresh load is not a restore');

    // Voter 1 votes fully; FIM means saved.
    await release(urna);
    const savesBefore = (await urna.evaluate('window.__urnaTest.saves()')) as number;
    await voteBranco(urna);
    // FIM may show a few ms before the save commits (web/urna/main.ts FIM_WAITS_FOR_SAVE): wait for the commit.
    await until(urna, `window.__urnaTest.saves() === ${savesBefore + 1}`);
    assert.equal((await counts(urna)).compareceram, 1);

    // Voter 2 is released and starts a ballot; then the power goes.
    const second = await release(urna);
    await urna.click('#keypad [data-key="1"]');
    assert.equal(await kind(urna), 'digitos');
    assert.equal((await counts(urna)).ocupada, true);
    await urna.reload();

    // Back from memory: the carga re-verified, one vote, nobody in the booth.
    await until(urna, `window.__urnaTest.state() === 'aberta'`);
    assert.match(await urna.locator('#restore').innerText(), /Urna restaurada: 1 voto\b/);
    assert.equal(await urna.locator('#carga').isHidden(), true);
    const restored = await counts(urna);
    assert.equal(restored.compareceram, 1);
    assert.equal(restored.ocupada, false);
    assert.equal(await kind(urna), 'bloqueada');
    await snap(urna, 'restaurada');

    // Voter 2 did not vote: released again (the same voter, the next one who has not voted), votes this time.
    assert.equal(await release(urna), second);
    await voteBranco(urna);
    assert.equal((await counts(urna)).compareceram, 2);

    // The mesário closes the voting from the terminal: the closing form (mesários, extra copies), then confirm.
    const href = await urna.locator('#terminal-link').getAttribute('href');
    assert.ok(href, 'the urna page links to its terminal');
    const terminal = await context.newPage();
    terminal.on('pageerror', (e) => errors.push(`terminal: ${e.message}`));
    await terminal.goto(new URL(href, urna.url()).href);
    await front(terminal);
    await untilStatus(terminal, `s.counts.compareceram === 2`);
    await until(terminal, `!document.getElementById('close-voting').disabled`);
    await terminal.click('#close-voting');
    assert.equal(await terminal.locator('#closing-form').isVisible(), true, 'the closing form did not open');
    await terminal.fill('#close-mesarios', 'Presidente: Ana Lima\nSecretário: Caio Reis');
    await terminal.fill('#close-extra-copies', '1');
    await terminal.click('#close-confirm');
    await until(urna, `window.__urnaTest.state() === 'encerrada' && window.__urnaTest.mediaFiles().length > 0`);
    await untilStatus(terminal, `s.state === 'encerrada'`);
    assert.equal(await terminal.locator('#close-voting').isDisabled(), true);
    await front(urna);

    // The printed BU on the urna page, and the media as downloads with the TSE names.
    const buText = await urna.locator('#bu-text').innerText();
    assert.match(buText, /BOLETIM DE URNA/i);
    const names = (await urna.evaluate('window.__urnaTest.mediaFiles()')) as string[];
    const buName = names.find((n) => n.endsWith('-bu.dat'));
    assert.ok(buName, `no -bu.dat among ${names.join(', ')}`);
    assert.ok(
      names.some((n) => n.endsWith('-rdv.dat')),
      `no -rdv.dat among ${names.join(', ')}`,
    );
    assert.ok(names.at(-1)!.endsWith('-vota.vsc'), 'the signature file comes last');
    await snap(urna, 'encerrada');

    const dir = join(web.work, 'downloads');
    mkdirSync(dir, { recursive: true });
    const [download] = await Promise.all([urna.waitForEvent('download'), urna.click(`a[data-name="${buName}"]`)]);
    assert.equal(download.suggestedFilename(), buName);
    await download.saveAs(join(dir, buName));
    const bu = decodeBuV2ToModel(new Uint8Array(readFileSync(join(dir, buName))), buName);
    assert.ok(bu.ok, bu.ok ? '' : JSON.stringify(bu.problems));
    assert.equal(bu.value.qtdEleitoresCompareceram, 2);
    assert.deepEqual(verifyBuSignatures(bu.value, carga.urna.publicKey, buName), []);

    // "Baixar tudo": every file, one after another; the set passes the results-media check with the election key.
    const { order, files } = await downloadAll(urna, names.length, dir);
    assert.deepEqual(order, names);
    const media = checkResultsMedia(files, electionKey);
    assert.ok(media.ok, media.ok ? '' : JSON.stringify(media.problems));
    assert.equal(media.value.bu.qtdEleitoresCompareceram, 2);

    // A reload after closing comes back closed, with the same BU; discarding the memory returns to the carga screen.
    await urna.reload();
    await until(urna, `window.__urnaTest.state() === 'encerrada' && window.__urnaTest.mediaFiles().length > 0`);
    assert.equal(await urna.locator('#bu-text').innerText(), buText);
    await urna.click('#restore-discard');
    await urna.waitForSelector('#carga:not([hidden])');
    await until(urna, `document.readyState === 'complete'`);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(await urna.locator('#restore').count(), 0);
    assert.equal(await urna.evaluate('window.__urnaTest.state()'), undefined);

    assert.deepEqual(errors, []);
    await terminal.close();
    await urna.close();
  });
});
