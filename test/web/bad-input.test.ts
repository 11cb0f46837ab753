// Bad input on the browser urna and terminal (issue #4): each gets a clear message on screen and changes nothing in
// the recorded votes. A file that is not a carga; a carga of another seção than the urna's (`?secao=`); the
// official schedule with the browser clock set by Playwright (before 07:00 nothing loads; before 08:00 the urna waits
// with its zerésima and opens itself at the hour; closing before 17:00 is refused); keys the screen does not take;
// a second tab on the same urna memory. Screenshots: test/web/artifacts/recusa-*.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { demoElection } from '../../src/election/demo.ts';
import { openCarga } from '../../src/media/carga.ts';
import type { CargaContent } from '../../src/media/carga-types.ts';
import { parseKeyFile, setupElection } from '../../src/media/setup.ts';
import { secaoKey } from '../../web/shared/cable.ts';
import {
  ARTIFACTS,
  chromiumSkip,
  frontOf,
  openWebSite,
  until,
  untilStatus,
  type WebSite,
  submitCarga,
  type UrnaMode,
} from './helpers.ts';

describe('bad input on the browser urna and terminal', { skip: chromiumSkip }, () => {
  let web: WebSite;
  let pubPath: string;
  const cargas: { path: string; content: CargaContent }[] = [];

  before(async () => {
    web = await openWebSite('urna-bad-');
    const setup = setupElection(demoElection(), join(web.work, 'election'), { seed: 'web-bad-input' });
    pubPath = setup.electionPublicKeyPath;
    const key = parseKeyFile(readFileSync(pubPath, 'utf8'), 'election.pub');
    for (const c of setup.cargas.slice(0, 2)) {
      const r = openCarga(readFileSync(c.path, 'utf8'), 'carga.json', { electionPublicKey: key });
      assert.ok(r.ok, 'the demo carga opens');
      cargas.push({ path: c.path, content: r.value });
    }
  });

  after(() => web?.close());

  /** Each test its own context: its own IndexedDB (urna memory) and Web Locks. */
  async function freshContext(): Promise<{ context: BrowserContext; errors: string[] }> {
    const context = await web.browser.newContext({ viewport: { width: 1100, height: 800 } });
    const errors: string[] = [];
    context.on('weberror', (e) => errors.push(e.error().message));
    return { context, errors };
  }

  /**
   * How long `until` waits here: more than the helpers' 5 s, as this file always allowed. The urna looks at its
   * clock for the opening hour once a second, and these steps wait on the clock the test moves.
   */
  const WAIT = 8000;

  const problems = async (page: Page): Promise<string> => {
    await page.waitForSelector('#carga-problems:not([hidden])');
    return page.locator('#carga-problems').innerText();
  };

  /** A local time on the demo's election day in São Paulo (UTC−3, no daylight saving since 2019). */
  const electionDay = (hhmm: string): Date => new Date(`${cargas[0]!.content.election.date}T${hhmm}:00-03:00`);

  const loadCarga = (page: Page, path: string, mode: UrnaMode): Promise<void> =>
    submitCarga(page, [path, pubPath], mode);

  test('a file that is not a carga is refused, naming it', async () => {
    const { context, errors } = await freshContext();
    const page = await context.newPage();
    await page.goto(`${web.origin}/urna/`);
    await page.setInputFiles('#carga-files', [
      { name: 'fotos.json', mimeType: 'application/json', buffer: Buffer.from('{"album": ["praia.jpg"]}') },
    ]);
    await page.fill('#carga-key', readFileSync(pubPath, 'utf8'));
    await page.click('#carga-load');
    const shown = await problems(page);
    assert.match(shown, /fotos\.json/, `the refusal does not name the file:\n${shown}`);
    assert.equal(await page.locator('#urna-view').isHidden(), true, 'an urna was loaded from a file that is no carga');
    await page.screenshot({ path: join(ARTIFACTS, 'recusa-nao-e-carga.png') });
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("a carga of another seção than the urna's is refused, naming both", async () => {
    const { context, errors } = await freshContext();
    const page = await context.newPage();
    const mine = secaoKey(cargas[0]!.content.secao);
    const other = cargas[1]!;
    assert.notEqual(secaoKey(other.content.secao), mine, 'the two cargas are of different seções');
    await page.goto(`${web.origin}/urna/?secao=${mine}`);
    await loadCarga(page, other.path, 'treinamento');
    const shown = await problems(page);
    assert.ok(shown.includes(mine), `the refusal does not name this urna's seção ${mine}:\n${shown}`);
    assert.ok(shown.includes(secaoKey(other.content.secao)), `the refusal does not name the carga's seção:\n${shown}`);
    assert.equal(await page.locator('#urna-view').isHidden(), true, "another seção's carga was loaded");
    await page.screenshot({ path: join(ARTIFACTS, 'recusa-outra-secao.png') });
    // Its own carga loads.
    await loadCarga(page, cargas[0]!.path, 'treinamento');
    await page.waitForSelector('#urna-view:not([hidden])');
    // The memory now holds seção `mine`: the page of another seção does not restore it, and says why.
    await page.goto(`${web.origin}/urna/?secao=${secaoKey(other.content.secao)}`);
    const restored = await problems(page);
    assert.ok(
      restored.includes('memória da urna') && restored.includes(mine),
      `the memory of another seção was not refused by name:\n${restored}`,
    );
    assert.equal(await page.locator('#urna-view').isHidden(), true, "the memory of another seção's urna was restored");
    assert.equal(await page.locator('#restore-discard').isVisible(), true, 'no way to discard the memory');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('official schedule: nothing before 07:00, waits for 08:00, no closing before 17:00; refused keys change nothing', async () => {
    const { context, errors } = await freshContext();
    // The test goes back and forth between the urna and the terminal: each step brings its page to the front.
    const front = frontOf(context);
    const urna = await context.newPage();
    const { path, content } = cargas[0]!;
    // The day after the election: the urna refuses to work, and says how to practise instead.
    const nextDay = new Date(electionDay('10:00').getTime() + 24 * 3600 * 1000);
    await urna.clock.setFixedTime(nextDay);
    await urna.goto(`${web.origin}/urna/?secao=${secaoKey(content.secao)}`);
    await loadCarga(urna, path, 'oficial');
    const after = await problems(urna);
    assert.match(after, /preparada para a eleição de 04\/10\/2026; hoje é 05\/10\/2026/, after);
    assert.match(after, /modo Treinamento/, after);
    assert.equal(await urna.locator('#urna-view').isHidden(), true, 'the urna loaded the day after the election');

    await urna.clock.setFixedTime(electionDay('06:30'));
    await urna.goto(`${web.origin}/urna/?secao=${secaoKey(content.secao)}`);
    await loadCarga(urna, path, 'oficial');
    const early = await problems(urna);
    assert.match(early, /só funcionará a partir de 04\/10\/2026 às 07:00/, early);
    assert.equal(await urna.locator('#urna-view').isHidden(), true, 'the urna loaded before 07:00');

    // 07:30: the zerésima is printed and the urna waits for 08:00; the terminal says so.
    await urna.clock.setFixedTime(electionDay('07:30'));
    await urna.click('#carga-load');
    await urna.waitForSelector('#urna-view:not([hidden])');
    assert.equal(await urna.evaluate('window.__urnaTest.state()'), 'zeresima-emitida');
    assert.match((await urna.locator('#mesa-status').textContent()) ?? '', /a partir de 04\/10\/2026 às 08:00/);
    assert.equal(await urna.locator('#release').isHidden(), true, 'official mode has no direct release button');
    const terminal = await context.newPage();
    await terminal.goto(new URL((await urna.locator('#terminal-link').getAttribute('href'))!, urna.url()).href);
    await untilStatus(terminal, `s.state === 'zeresima-emitida'`, WAIT);
    assert.match((await terminal.locator('#cable-status').textContent()) ?? '', /aguardando o horário de abertura/);
    await front(urna);
    await urna.screenshot({ path: join(ARTIFACTS, 'recusa-antes-das-8.png') });

    // 08:00: the urna opens itself; the terminal follows.
    await urna.clock.setFixedTime(electionDay('08:00'));
    await until(urna, `window.__urnaTest.state() === 'aberta'`, WAIT);
    await untilStatus(terminal, `s.state === 'aberta'`, WAIT);

    // One voter votes branco on every office (identified by year of birth or fingerprint at the terminal).
    const voter = content.voters[0]!;
    await front(terminal);
    for (const d of voter.titulo) await terminal.click(`#tkeypad [data-key="${d}"]`);
    await terminal.click('#tkeypad [data-key="CONFIRMA"]');
    if (voter.biometrics) {
      await untilStatus(terminal, `s.voter?.step === 'fingerprint'`, WAIT);
      await terminal.click('#fp-ok');
    } else {
      await untilStatus(terminal, `s.voter?.step === 'yearOfBirth'`, WAIT);
      for (const d of voter.birthDate.slice(0, 4)) await terminal.click(`#tkeypad [data-key="${d}"]`);
      await terminal.click('#tkeypad [data-key="CONFIRMA"]');
    }
    await until(urna, `window.__urnaTest.screenKind() === 'digitos'`, WAIT);

    // Keys the screen does not take: CONFIRMA with no number, CORRIGE with nothing typed. Buzz, no change.
    await front(urna);
    const screenBefore = await urna.locator('#screen').innerHTML();
    const refusedBefore = (await urna.evaluate('window.__urnaTest.refusedKeys()')) as number;
    await urna.click('#keypad [data-key="CONFIRMA"]');
    await urna.keyboard.press('Backspace');
    assert.equal(await urna.evaluate('window.__urnaTest.refusedKeys()'), refusedBefore + 2, 'two keys refused');
    assert.equal(await urna.locator('#screen').innerHTML(), screenBefore, 'a refused key changed the screen');

    for (let guard = 0; guard < 20; guard++) {
      const k = await urna.evaluate('window.__urnaTest.screenKind()');
      if (k === 'fim') break;
      if (k === 'branco') await urna.click('#keypad [data-key="CONFIRMA"]');
      else if (k === 'digitos' || k === 'partido') await urna.click('#keypad [data-key="BRANCO"]');
      else await new Promise((r) => setTimeout(r, 25));
    }
    await until(urna, `window.__urnaTest.counts().compareceram === 1`, WAIT);
    const saves = (await urna.evaluate('window.__urnaTest.saves()')) as number;

    // 16:00: "Encerrar votação" is refused on both screens; nothing changes.
    await urna.clock.setFixedTime(electionDay('16:00'));
    await front(terminal);
    await until(terminal, `!document.getElementById('close-voting').disabled`, WAIT);
    await terminal.click('#close-voting');
    await terminal.fill('#close-mesarios', 'Presidente: Ana Lima');
    await terminal.click('#close-confirm');
    await until(
      terminal,
      `/a partir de 04\\/10\\/2026 às 17:00/.test(document.getElementById('message').textContent)`,
      WAIT,
    );
    assert.match((await urna.locator('#mesa-status').textContent()) ?? '', /Encerramento recusado/);
    assert.equal(await urna.evaluate('window.__urnaTest.state()'), 'aberta');
    assert.equal(await urna.evaluate('window.__urnaTest.counts().compareceram'), 1);
    assert.equal(await urna.evaluate('window.__urnaTest.saves()'), saves, 'a refused closing wrote the memory');
    await terminal.screenshot({ path: join(ARTIFACTS, 'recusa-encerramento-antes-das-17.png') });

    // A título of another seção is refused at the terminal, by name.
    const outsider = cargas[1]!.content.voters[0]!.titulo;
    const boothBefore = await urna.evaluate('window.__urnaTest.screenKind()');
    for (const d of outsider) await terminal.click(`#tkeypad [data-key="${d}"]`);
    await terminal.click('#tkeypad [data-key="CONFIRMA"]');
    await until(terminal, `/não pertence a esta seção/.test(document.getElementById('message').textContent)`, WAIT);
    assert.equal(await urna.evaluate('window.__urnaTest.screenKind()'), boothBefore, 'the outsider reached the booth');
    assert.equal(await urna.evaluate('window.__urnaTest.counts().compareceram'), 1);

    // 17:00: the closing goes through.
    await urna.clock.setFixedTime(electionDay('17:00'));
    await terminal.click('#close-confirm');
    await until(urna, `window.__urnaTest.state() === 'encerrada' && window.__urnaTest.mediaFiles().length > 0`, WAIT);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a second tab on the same urna memory stops with a message', async () => {
    const { context, errors } = await freshContext();
    const first = await context.newPage();
    await first.goto(`${web.origin}/urna/`);
    await loadCarga(first, cargas[0]!.path, 'treinamento');
    await first.waitForSelector('#urna-view:not([hidden])');
    const second = await context.newPage();
    await second.goto(`${web.origin}/urna/`);
    await second.waitForSelector('#elsewhere:not([hidden])');
    assert.equal(await second.locator('#carga').isHidden(), true, 'the second tab offers to load a carga');
    assert.equal(await second.locator('#urna-view').isHidden(), true, 'the second tab shows the urna');
    await second.screenshot({ path: join(ARTIFACTS, 'recusa-segunda-aba.png') });
    // Closing the first tab frees the urna: a reload of the second restores it from memory.
    await first.close();
    await second.reload();
    await second.waitForSelector('#urna-view:not([hidden])');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
