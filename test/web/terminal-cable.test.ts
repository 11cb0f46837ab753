// End to end in headless Chromium: the urna page and the mesário terminal page, same origin, one browser context,
// talking over the cable (web/shared/cable.ts). From the terminal: find a voter by name, four unrecognised
// fingerprints, the year of birth, release; the urna shows the ballot and takes the vote; the terminal counts it.
// A título of another seção is refused, naming it; a vote cancelled from the terminal is not counted.
// Screenshots of the terminal go to test/web/artifacts/terminal-*.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { Voter } from '../../src/election/definition.ts';
import { demoElection } from '../../src/election/demo.ts';
import { formatTitulo } from '../../src/election/titulo.ts';
import { openCarga } from '../../src/media/carga.ts';
import type { CargaContent } from '../../src/media/carga-types.ts';
import { parseKeyFile, setupElection } from '../../src/media/setup.ts';
import {
  ARTIFACTS,
  chromiumSkip,
  frontOf,
  openWebSite,
  terminalStatus as status,
  until,
  untilStatus,
  type WebSite,
  loadUrnaPage,
} from './helpers.ts';

describe('mesário terminal page and urna page over the cable', { skip: chromiumSkip }, () => {
  let web: WebSite;
  let context: BrowserContext;
  let cargaPath: string;
  let pubPath: string;
  let here: CargaContent;
  let elsewhere: CargaContent;

  before(async () => {
    web = await openWebSite('urna-cable-');
    const setup = setupElection(demoElection(), join(web.work, 'election'), { seed: 'web-cable' });
    pubPath = setup.electionPublicKeyPath;
    const key = parseKeyFile(readFileSync(pubPath, 'utf8'), 'election.pub');
    const open = (path: string): CargaContent => {
      const r = openCarga(readFileSync(path, 'utf8'), 'carga.json', { electionPublicKey: key });
      assert.ok(r.ok, 'the demo carga opens');
      return r.value;
    };
    cargaPath = setup.cargas[0]!.path;
    here = open(cargaPath);
    elsewhere = open(setup.cargas[1]!.path);
    assert.notEqual(elsewhere.secao.secao, here.secao.secao);
    context = await web.browser.newContext({ viewport: { width: 1100, height: 760 } });
  });

  after(() => web?.close());

  const urnaKind = (u: Page): Promise<string | undefined> =>
    u.evaluate('window.__urnaTest.screenKind()') as Promise<string | undefined>;
  const snap = (t: Page, name: string): Promise<Buffer> =>
    t.screenshot({ path: join(ARTIFACTS, `terminal-${name}.png`), animations: 'disabled' });
  async function typeOnKeypad(t: Page, digits: string): Promise<void> {
    for (const d of digits) await t.click(`#tkeypad [data-key="${d}"]`);
  }

  test('identify by name, 4 failed fingerprints, year of birth, vote, refusal, cancel', async () => {
    const errors: string[] = [];
    const front = frontOf(context);
    const urna = await context.newPage();
    urna.on('pageerror', (e) => errors.push(`urna: ${e.message}`));
    await urna.goto(`${web.origin}/urna/`);
    // Training mode: the demo's election date is not today.
    await loadUrnaPage(urna, [cargaPath, pubPath], 'treinamento');

    // The urna page links to its terminal on its own cable.
    const href = await urna.locator('#terminal-link').getAttribute('href');
    assert.ok(href, 'the urna page has no terminal link');
    const terminal = await context.newPage();
    terminal.on('pageerror', (e) => errors.push(`terminal: ${e.message}`));
    await terminal.goto(new URL(href, urna.url()).href);
    await front(terminal);
    const aptos = here.voters.length;
    await until(terminal, `window.__terminalTest.rosterSize() === ${aptos}`);
    await untilStatus(terminal, `s.state === 'aberta'`);
    assert.equal(await terminal.locator('#count-aptos').textContent(), String(aptos));
    assert.equal(await terminal.locator('#count-votaram').textContent(), '0');
    assert.match((await terminal.locator('#display').textContent()) ?? '', /Digite o título do\(a\) eleitor\(a\)/);
    await snap(terminal, 'conectado');

    // Find a voter with biometrics by typing part of the name (first and last word, lower case).
    const voter = here.voters.find((v) => v.biometrics && v.name.split(' ').length >= 2) as Voter;
    assert.ok(voter, 'the demo seção has a voter with biometrics');
    const words = voter.name.split(' ');
    const query = `${words[0]} ${words.at(-1)!.slice(0, 4)}`.toLowerCase();
    await terminal.click('#name-search');
    await terminal.keyboard.type(query);
    const pick = terminal.locator(`#name-matches [data-titulo="${voter.titulo}"]`);
    await pick.waitFor({ timeout: 5000 });
    const listed = (await terminal.locator('#name-matches [data-titulo]').allTextContents()).join('\n');
    for (const line of listed.split('\n')) {
      assert.ok(line.startsWith(words[0]!), `a match that does not start with ${words[0]}: ${line}`);
    }
    await snap(terminal, 'busca-nome');
    await pick.click();
    await untilStatus(terminal, `s.voter && s.voter.titulo === '${voter.titulo}' && s.voter.step === 'fingerprint'`);
    assert.ok((await status(terminal))!.display.includes(voter.name.slice(0, 40)), 'the display names the voter');
    assert.equal(await urnaKind(urna), 'bloqueada');

    // Four unrecognised fingerprints: the core then asks for the year of birth.
    for (let i = 1; i <= 4; i++) {
      await terminal.click('#fp-fail');
      await untilStatus(terminal, `s.voter && s.voter.fingerprintFailures === ${i}`);
      if (i === 2) await snap(terminal, 'digital-nao-reconhecida');
    }
    const afterFour = (await status(terminal))!;
    assert.equal(afterFour.voter!.step, 'yearOfBirth');
    assert.ok(afterFour.display.includes('Digite o ANO de nascimento:'), 'the display asks for the year of birth');
    assert.equal(await terminal.locator('#fp-fail').isDisabled(), true);
    assert.equal(await urnaKind(urna), 'bloqueada');
    await typeOnKeypad(terminal, voter.birthDate.slice(0, 4));
    assert.match((await terminal.locator('#entry').textContent()) ?? '', new RegExp(voter.birthDate.slice(0, 4)));
    await snap(terminal, 'ano-nascimento');
    await terminal.click('#tkeypad [data-key="CONFIRMA"]');
    await untilStatus(terminal, `s.voter && s.voter.step === 'voting'`);
    assert.equal(await terminal.locator('#count-liberados').textContent(), '1');
    assert.equal(await terminal.locator('#count-votaram').textContent(), '0');

    // The urna shows the ballot; the voter votes there (BRANCO on every office).
    assert.equal(await urnaKind(urna), 'digitos');
    assert.match((await terminal.locator('#display').textContent()) ?? '', /VOTANDO PARA: Vereador/);
    await snap(terminal, 'votando');
    await front(urna);
    for (let i = 0; i < 10 && (await urnaKind(urna)) !== 'fim'; i++) {
      await urna.click('#keypad [data-key="BRANCO"]');
      await urna.click('#keypad [data-key="CONFIRMA"]');
    }
    assert.equal(await urnaKind(urna), 'fim');
    await untilStatus(terminal, `s.counts.compareceram === 1 && !s.voter`);
    await front(terminal);
    assert.equal(await terminal.locator('#count-votaram').textContent(), '1');
    assert.equal(await terminal.locator('#count-liberados').textContent(), '1');
    // Released after the fingerprints failed: the core counts it as biográfica.
    assert.equal((await status(terminal))!.counts.porBiografia, 1);
    await snap(terminal, 'votou');

    // A título of another seção, typed on the physical keyboard: refused, the message names it.
    const stranger = elsewhere.voters[0]!.titulo;
    assert.ok(!here.voters.some((v) => v.titulo === stranger), 'the stranger is not on this caderno');
    await terminal.evaluate('document.activeElement && document.activeElement.blur()');
    for (const d of stranger) await terminal.keyboard.press(d);
    await terminal.keyboard.press('Enter');
    await until(terminal, `document.getElementById('message').textContent.includes('não pertence a esta seção')`);
    const refusal = (await terminal.locator('#message').textContent()) ?? '';
    assert.ok(refusal.includes(formatTitulo(stranger)), `the refusal does not name ${stranger}: ${refusal}`);
    assert.equal((await status(terminal))!.voter, undefined);
    await snap(terminal, 'outra-secao');

    // The same voter of elsewhere justifies the absence here: counted once; a second time is refused by the core.
    await terminal.fill('#just-titulo', stranger);
    await terminal.click('#just-send');
    await untilStatus(terminal, `s.counts.justificativas === 1`);
    assert.match((await status(terminal))!.display.join('\n'), /Justificativa registrada/);
    await terminal.click('#just-send');
    await until(terminal, `document.getElementById('message').textContent.includes('Justificativa já registrada')`);
    assert.equal((await status(terminal))!.counts.justificativas, 1);
    await snap(terminal, 'justificativa');

    // A vote cancelled from the terminal is not counted, and the voter can come back.
    const second = here.voters.find((v) => v.biometrics && v.titulo !== voter.titulo)!;
    await typeOnKeypad(terminal, second.titulo);
    await terminal.click('#tkeypad [data-key="CONFIRMA"]');
    await untilStatus(terminal, `s.voter && s.voter.titulo === '${second.titulo}'`);
    // Keyboard only: Shift+Tab from "Digital não reconhecida" reaches "Digital reconhecida", and Enter there
    // presses that button (not the keypad's CONFIRMA).
    await terminal.focus('#fp-fail');
    await terminal.keyboard.press('Shift+Tab');
    assert.equal(await terminal.evaluate('document.activeElement.id'), 'fp-ok');
    await terminal.keyboard.press('Enter');
    await untilStatus(terminal, `s.voter && s.voter.step === 'voting'`);
    assert.equal((await status(terminal))!.voter!.fingerprintFailures, 0, 'Enter pressed another button');
    assert.equal(await urnaKind(urna), 'digitos');
    await front(urna);
    await urna.click('#keypad [data-key="BRANCO"]');
    await urna.click('#keypad [data-key="CONFIRMA"]');
    assert.notEqual(await urnaKind(urna), 'fim');
    await front(terminal);
    await terminal.click('#cancel');
    await untilStatus(terminal, `!s.voter`);
    assert.equal(await urnaKind(urna), 'bloqueada');
    const afterCancel = (await status(terminal))!;
    assert.equal(afterCancel.counts.compareceram, 1);
    assert.equal(afterCancel.liberados, 1);
    assert.equal(await urna.evaluate('window.__urnaTest.counts().compareceram'), 1);
    assert.match(afterCancel.display.join('\n'), /Eleitor cancelado: não votou/);
    await snap(terminal, 'cancelado');
    // Not counted, so not "já votou": the same título is accepted again.
    await typeOnKeypad(terminal, second.titulo);
    await terminal.click('#tkeypad [data-key="CONFIRMA"]');
    await untilStatus(terminal, `s.voter && s.voter.titulo === '${second.titulo}' && s.voter.step === 'fingerprint'`);
    await terminal.click('#tkeypad [data-key="CORRIGE"]');
    await untilStatus(terminal, `!s.voter`);

    // The name search among the whole caderno answers within a frame.
    const timings = (await terminal.evaluate('window.__terminalTest.searchTimings()')) as number[];
    assert.ok(timings.length >= query.length, `only ${timings.length} search timings`);
    const worst = Math.max(...timings);
    console.log(`terminal name search: ${timings.length} keystrokes over ${aptos} voters, max ${worst.toFixed(2)} ms`);
    assert.ok(worst < 16, `name search took ${worst} ms`);

    // The terminal makes no network request either.
    const outcome = await terminal.evaluate(
      `fetch(${JSON.stringify(`${web.origin}/urna/`)}).then(() => 'resolved', (e) => 'rejected: ' + e)`,
    );
    assert.match(String(outcome), /^rejected: TypeError/);
    assert.deepEqual(errors, []);
    await terminal.close();
    await urna.close();
  });
});
