// End to end in headless Chromium: the urna's printouts (issue #4 item 5). The zerésima and every report of the
// closing are strips of 80 mm paper whose 48-column lines fit; "Imprimir" makes the chosen report the only thing the
// print media shows, on an 80 mm page, and Chromium's print to PDF gives an 80 mm PDF (test/web/artifacts/*.pdf).
// The BU's QR codes are screenshot as printed and as on screen, read back with zxing (src/qr/read.ts, as a phone
// would), and verified: parts joined, hash chain, ASSI with the urna's key from the carga, and the content against
// the BU decoded from the downloaded -bu.dat; one changed digit makes the checks fail. "Gravar em uma pasta…" is
// driven with the origin-private file system standing in for the folder picker, and the files read back from it
// are the downloads byte for byte; a failing file is named on screen.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { fromHex } from '../../src/crypto/hash.ts';
import { demoElection } from '../../src/election/demo.ts';
import { openCarga } from '../../src/media/carga.ts';
import type { CargaContent } from '../../src/media/carga-types.ts';
import { parseKeyFile, setupElection } from '../../src/media/setup.ts';
import { readQrFromImage } from '../../src/qr/read.ts';
import { decodeBuV2ToModel } from '../../src/tse/bu-codec.ts';
import {
  assembleQrSymbols,
  checkAssi,
  checkQrHashChain,
  checkQrMatchesBu,
  joinQrSymbols,
  type QrPayload,
} from '../../src/tse/qr-payload.ts';
import type { BoletimUrna } from '../../src/urna/model.ts';
import { PAPER_WIDTH } from '../../src/urna/printer.ts';
import {
  ARTIFACTS,
  chromiumSkip,
  frontOf,
  openWebSite,
  until,
  untilStatus,
  type WebSite,
  loadUrnaPage,
} from './helpers.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** CSS px per mm (96 px per inch). */
const PX_PER_MM = 96 / 25.4;
const PAPER_PX = 80 * PX_PER_MM;
const PRINTABLE_PX = 72 * PX_PER_MM;
/** A PDF point per mm. */
const PT_PER_MM = 72 / 25.4;

interface StripMeasure {
  width: number;
  /** Widest text line in px, and the room the strip leaves for it. */
  textWidth: number;
  room: number;
  overflowing: number;
  longestLine: number;
  qr: { side: number; width: number }[];
}

describe(
  'urna page: printouts on 80 mm paper, PDF, QR codes read back, media into a folder',
  { skip: chromiumSkip },
  () => {
    let web: WebSite;
    let context: BrowserContext;
    /** The urna page and, once the closing test opens it, the terminal page alternate: the one in use in front. */
    let front: (p: Page) => Promise<void>;
    let page: Page;
    let terminal: Page | undefined;
    let cargaPath: string;
    let pubPath: string;
    let carga: CargaContent;
    const errors: string[] = [];
    /** The downloaded results media, by name. */
    const downloads = new Map<string, Uint8Array>();
    let bu: BoletimUrna;

    before(async () => {
      web = await openWebSite('urna-print-');
      const setup = setupElection(demoElection(), join(web.work, 'election'), { seed: 'web-print' });
      pubPath = setup.electionPublicKeyPath;
      cargaPath = setup.cargas[0]!.path;
      const electionKey = parseKeyFile(readFileSync(pubPath, 'utf8'), 'election.pub');
      const r = openCarga(readFileSync(cargaPath, 'utf8'), 'carga.json', { electionPublicKey: electionKey });
      assert.ok(r.ok, 'the carga opens');
      carga = r.value;
      // Three device pixels per CSS pixel: a printed QR module (0.5 mm, 1.9 CSS px) is ~5.7 pixels in a screenshot,
      // about what a phone's camera gets from a strip held in front of it.
      context = await web.browser.newContext({
        viewport: { width: 1100, height: 900 },
        deviceScaleFactor: 3,
        acceptDownloads: true,
      });
      front = frontOf(context);
      page = await context.newPage();
      page.on('pageerror', (e) => errors.push(`urna: ${e.message}`));
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) errors.push(`urna CSP: ${m.text()}`);
      });
    });

    after(() => web?.close());

    /** Width of each strip under `selector`, and how its text lines and QR codes sit in it. */
    function measure(selector: string): Promise<StripMeasure[]> {
      // A string, not a function: the root tsconfig has no DOM types (the page's code is web/'s).
      return page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((strip) => {
        const box = strip.getBoundingClientRect();
        const cs = getComputedStyle(strip);
        const room = box.width - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
        let textWidth = 0;
        let overflowing = 0;
        let longestLine = 0;
        for (const pre of strip.querySelectorAll('pre.paper-text')) {
          if (pre.scrollWidth > pre.clientWidth) overflowing++;
          // The text's own extent (a Range is as wide as its longest line), not the <pre> box.
          const range = document.createRange();
          range.selectNodeContents(pre);
          textWidth = Math.max(textWidth, range.getBoundingClientRect().width);
          for (const l of (pre.textContent || '').split('\\n')) longestLine = Math.max(longestLine, l.length);
        }
        const qr = [...strip.querySelectorAll('svg.qr')].map((svg) => ({
          side: svg.viewBox.baseVal.width,
          width: svg.getBoundingClientRect().width,
        }));
        return { width: box.width, textWidth, room, overflowing, longestLine, qr };
      })`) as Promise<StripMeasure[]>;
    }

    function assertStrips(strips: StripMeasure[], what: string): void {
      assert.ok(strips.length > 0, `${what}: no strip of paper`);
      for (const [i, s] of strips.entries()) {
        assert.ok(Math.abs(s.width - PAPER_PX) < 0.5, `${what} ${i + 1}: ${s.width} px wide, 80 mm is ${PAPER_PX} px`);
        assert.ok(s.room <= PRINTABLE_PX + 0.5, `${what} ${i + 1}: ${s.room} px of text room, more than 72 mm`);
        assert.equal(s.overflowing, 0, `${what} ${i + 1}: a line overflows its strip`);
        assert.ok(s.textWidth > 0 && s.textWidth <= s.room, `${what} ${i + 1}: text ${s.textWidth} px in ${s.room} px`);
        assert.ok(s.longestLine <= PAPER_WIDTH, `${what} ${i + 1}: a line of ${s.longestLine} columns`);
      }
    }

    const printing = (): Promise<string | undefined> =>
      page.evaluate('document.body.dataset.printing') as Promise<string | undefined>;

    /** Stubs the print dialog: window.print() counts instead of opening it (the print layout stays applied). */
    async function stubPrint(): Promise<void> {
      await page.evaluate('window.print = () => { window.__printed = (window.__printed || 0) + 1; }');
    }

    /** The PDF of what print media shows, on the page size print.css asks for; saved into ARTIFACTS. */
    async function pdf(name: string): Promise<{ pages: number; widthMm: number[] }> {
      const bytes = await page.pdf({ width: '80mm', preferCSSPageSize: true, printBackground: true });
      writeFileSync(join(ARTIFACTS, name), bytes);
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-', `${name} is not a PDF`);
      const text = bytes.toString('latin1');
      const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => Number(m[1]));
      const pages = [...text.matchAll(/\/Type\s*\/Page\b/g)].length;
      return { pages, widthMm: boxes.map((w) => w / PT_PER_MM) };
    }

    /** The QR codes in `selector`, each screenshot and read back with zxing. */
    async function readQrCodes(selector: string, label: string): Promise<string[]> {
      const svgs = page.locator(selector);
      const n = await svgs.count();
      assert.ok(n > 0, `${label}: no QR code under ${selector}`);
      const texts: string[] = [];
      for (let i = 0; i < n; i++) {
        const png = await svgs.nth(i).screenshot({ animations: 'disabled' });
        if (i === 0) writeFileSync(join(ARTIFACTS, `impressao-qr-${label}.png`), png);
        const r = await readQrFromImage(new Uint8Array(png), { file: `${label} QR ${i + 1}` });
        assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.problems));
        assert.equal(r.value.length, 1, `${label}: QR ${i + 1} of ${n} read as ${r.value.length} symbols`);
        texts.push(r.value[0]!);
      }
      return texts;
    }

    test('the zerésima is a strip of 80 mm paper, printed alone on an 80 mm PDF page', async () => {
      await page.goto(`${web.origin}/urna/`);
      await loadUrnaPage(page, [cargaPath, pubPath], 'treinamento');
      await until(page, `window.__urnaTest.state() === 'aberta'`);

      const text = await page.locator('#zeresima').textContent();
      assert.match(text ?? '', /ZER[ÉE]SIMA/);
      // The zerésima is folded in the mesa's <details>; the print button is outside it.
      await page.locator('details:has(#zeresima) > summary').click();
      assertStrips(await measure('.paper:has(#zeresima)'), 'zerésima');
      await page.locator('.paper:has(#zeresima)').screenshot({ path: join(ARTIFACTS, 'impressao-zeresima.png') });

      await stubPrint();
      await page.click('#print-zeresima');
      assert.equal(await page.evaluate('window.__printed'), 1, 'Imprimir opened the print dialog once');
      assert.equal(await printing(), 'zeresima');
      await page.emulateMedia({ media: 'print' });
      // Print media: only the zerésima's copy is shown, and it is the same 80 mm strip.
      const visible = (await page.evaluate(`[...document.body.children]
      .filter((e) => getComputedStyle(e).display !== 'none').map((e) => e.id || e.tagName)`)) as string[];
      assert.deepEqual(visible, ['print-area']);
      assertStrips(await measure('#print-area > .paper'), 'zerésima (print)');
      assert.equal(await page.locator('#print-area .paper-text').textContent(), text);
      await page.emulateMedia({ media: null });
      const out = await pdf('zeresima-80mm.pdf');
      assert.ok(out.pages >= 1, 'the PDF has a page');
      assert.ok(out.widthMm.length >= 1, 'the PDF has a MediaBox');
      for (const w of out.widthMm) assert.ok(Math.abs(w - 80) < 0.5, `PDF page ${w} mm wide, not 80 mm`);
      // The page is as long as the strip: the whole zerésima on one page of roll.
      assert.equal(out.pages, 1, `the zerésima took ${out.pages} pages`);
      assert.equal(await printing(), undefined, 'the print job ends when printing does (afterprint)');
    });

    test('closing: every BU copy, the BUJ, BIM and relatório biográfico on 80 mm strips; the BU as a PDF', async () => {
      // Votes for enough different candidates (four vereadores of every party, the prefeitos in turn) that the
      // BU's QR content passes the 822 characters of one symbol: the BU prints two or more QR codes, chained. The
      // last voter votes branco.
      const fit = carga.contests.flatMap((c) => c.candidates).filter((c) => c.fit);
      const vereadores = [...new Set(fit.map((c) => c.party))].flatMap((p) =>
        fit.filter((c) => c.party === p && String(c.number).length === 5).slice(0, 4),
      );
      const prefeitos = fit.filter((c) => String(c.number).length === 2);
      assert.ok(vereadores.length > 10 && prefeitos.length > 1, 'the demo has candidates to vote for');
      const voters = vereadores.length + 1;
      for (let v = 0; v < voters; v++) {
        await page.click('#release');
        assert.match(await page.locator('#mesa-status').innerText(), /liberado/, 'a voter is released');
        for (let i = 0; i < 10 && (await page.evaluate('window.__urnaTest.screenKind()')) === 'digitos'; i++) {
          const boxes = await page.locator('#screen .box').count();
          const candidate =
            v === voters - 1 ? undefined : boxes === 5 ? vereadores[v] : prefeitos[v % prefeitos.length];
          if (candidate && String(candidate.number).length === boxes) {
            for (const d of String(candidate.number)) await page.click(`#keypad [data-key="${d}"]`);
          } else {
            await page.click('#keypad [data-key="BRANCO"]');
          }
          await page.click('#keypad [data-key="CONFIRMA"]');
        }
        await until(page, `window.__urnaTest.screenKind() === 'fim'`);
        await until(page, `window.__urnaTest.counts().compareceram === ${v + 1}`);
      }

      // The mesário closes from the terminal: a closing form (#close-confirm) or a confirm dialog.
      const href = await page.locator('#terminal-link').getAttribute('href');
      assert.ok(href, 'the urna page links to its terminal');
      terminal = await context.newPage();
      terminal.on('pageerror', (e) => errors.push(`terminal: ${e.message}`));
      terminal.on('dialog', (d) => void d.accept());
      await terminal.goto(new URL(href, page.url()).href);
      await front(terminal);
      await untilStatus(terminal, `s.counts.compareceram === ${voters}`);
      await until(terminal, `!document.getElementById('close-voting').disabled`);
      await terminal.click('#close-voting');
      const confirm = terminal.locator('#close-confirm');
      if (await confirm.count()) {
        await confirm.waitFor({ state: 'visible' });
        await confirm.click();
      }
      await until(page, `window.__urnaTest.state() === 'encerrada' && window.__urnaTest.mediaFiles().length > 0`);
      await front(page);

      // The BU copies: 5 or more, each "via k/n"; the first on screen with its QR codes, in #bu-text.
      assert.match(await page.locator('#bu-text').innerText(), /BOLETIM DE URNA/);
      const vias = await page.locator('#report-bu .paper').count();
      assert.ok(vias >= 5, `${vias} BU copies, at least 5`);
      for (let k = 1; k <= vias; k++) {
        const t = await page
          .locator('#report-bu .paper')
          .nth(k - 1)
          .locator('.paper-text')
          .first()
          .textContent();
        assert.match(t ?? '', new RegExp(`via ${k}/${vias}\\b`), `copy ${k} is marked via ${k}/${vias}`);
      }
      for (const kind of ['bu', 'buj', 'bim', 'biografica']) {
        assert.equal(await page.locator(`#print-${kind}`).isVisible(), true, `#print-${kind} is on screen`);
      }
      await page
        .locator('#report-bu .paper')
        .first()
        .screenshot({ path: join(ARTIFACTS, 'impressao-bu.png') });
      // Every folded report opened (the copies and reports in <details>), to measure them all.
      await page.evaluate(`document.querySelectorAll('#closing details').forEach((d) => { d.open = true; })`);
      const onScreen = await measure('#closing .paper');
      assertStrips(onScreen, 'closing report');
      assert.equal(onScreen.length, vias + 3, 'every BU copy, BUJ, BIM and relatório biográfico');
      const first = onScreen[0]!;
      assert.ok(first.qr.length >= 1, 'the BU shows its QR codes');
      for (const q of first.qr) assert.ok(q.width <= first.room, `a QR code ${q.width} px wide in ${first.room} px`);

      // axe on the closing section: names, roles and contrast of the reports and their buttons. Its source is
      // evaluated through the DevTools protocol, which the page's CSP does not govern (addScriptTag would be refused).
      await page.evaluate(readFileSync(AXE, 'utf8'));
      const axe = (await page.evaluate(
        `axe.run({ include: [['#closing']] }).then((r) => ({ bad: r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')), passes: r.passes.map((p) => p.id) }))`,
      )) as { bad: string[]; passes: string[] };
      assert.ok(axe.passes.includes('button-name'), `axe ran its button rules: ${axe.passes.join(', ')}`);
      assert.deepEqual(axe.bad, [], 'no serious or critical axe violation in the closing section');

      // Imprimir on the BU: every copy, each a page of its own, 80 mm wide; the QR modules at least 0.35 mm.
      await stubPrint();
      await page.click('#print-bu');
      assert.equal(await printing(), 'bu');
      await page.emulateMedia({ media: 'print' });
      const printed = await measure('#print-area > .paper');
      assert.equal(printed.length, vias, 'every BU copy is printed');
      assertStrips(printed, 'BU (print)');
      for (const q of printed[0]!.qr) {
        const mm = q.width / q.side / PX_PER_MM;
        assert.ok(mm >= 0.35, `printed QR module ${mm.toFixed(3)} mm, a phone needs 0.35 mm`);
      }
      await page.emulateMedia({ media: null });
      const out = await pdf('bu-80mm.pdf');
      assert.ok(out.pages >= vias, `the BU PDF has ${out.pages} pages for ${vias} copies`);
      for (const w of out.widthMm) assert.ok(Math.abs(w - 80) < 0.5, `PDF page ${w} mm wide, not 80 mm`);
      assert.equal(await printing(), undefined, 'the print job ends when printing does (afterprint)');

      // The results media, downloaded one by one.
      const names = (await page.evaluate('window.__urnaTest.mediaFiles()')) as string[];
      for (const name of names) {
        const [download] = await Promise.all([page.waitForEvent('download'), page.click(`a[data-name="${name}"]`)]);
        const path = join(web.work, name);
        await download.saveAs(path);
        downloads.set(name, new Uint8Array(readFileSync(path)));
      }
      const buName = names.find((n) => n.endsWith('-bu.dat'));
      assert.ok(buName, `no -bu.dat among ${names.join(', ')}`);
      const decoded = decodeBuV2ToModel(downloads.get(buName)!, buName);
      assert.ok(decoded.ok, decoded.ok ? '' : JSON.stringify(decoded.problems));
      bu = decoded.value;
      assert.equal(bu.qtdEleitoresCompareceram, voters);
    });

    test('the printed BU QR codes read back with a decoder, and the payload verifies against the -bu.dat', async () => {
      assert.ok(bu, 'the closing test ran');
      const urnaKey = fromHex(carga.urna.publicKey);
      const verify = (symbols: readonly string[], label: string): QrPayload => {
        const joined = joinQrSymbols(symbols, label);
        assert.ok(joined.ok, joined.ok ? '' : JSON.stringify(joined.problems));
        for (const check of [
          checkQrHashChain(joined.value),
          checkAssi(joined.value, { ed25519PublicKey: urnaKey }),
          checkQrMatchesBu(joined.value, bu),
        ]) {
          assert.equal(check.status, 'pass', `${label} ${check.name}: ${check.reason ?? ''}`);
        }
        return joined.value;
      };

      // As printed (print media, with the copies #print-bu lays out) and as on screen.
      await page.click('#print-bu');
      await page.emulateMedia({ media: 'print' });
      const printed = await readQrCodes('#print-area > .paper:first-child svg.qr', 'impresso');
      await page.emulateMedia({ media: null });
      const screen = await readQrCodes('#report-bu > .paper svg.qr', 'tela');
      assert.deepEqual(screen, printed, 'the screen and the paper carry the same QR codes');
      assert.ok(printed.length >= 2, `the BU printed ${printed.length} QR code(s); this test needs a chain of 2+`);
      const payload = verify(printed, 'printed BU');
      // A camera finds the codes in any order.
      verify([...printed].reverse(), 'printed BU, reversed');

      // One digit changed in the content: the hash chain no longer holds; with the hashes recomputed over the changed
      // content (a forger's next step), ASSI no longer verifies and the content no longer matches the BU.
      const part = payload.parts[0]!;
      const m = /\bCOMP:(\d+)/.exec(part.dados);
      assert.ok(m, `no COMP record in ${part.dados.slice(0, 80)}`);
      const changed = part.dados.replace(`COMP:${m[1]!}`, `COMP:${Number(m[1]!) + 1}`);
      const tampered = joinQrSymbols([part.text.replace(part.dados, changed), ...printed.slice(1)], 'tampered');
      assert.ok(tampered.ok, tampered.ok ? '' : JSON.stringify(tampered.problems));
      assert.equal(checkQrHashChain(tampered.value).status, 'fail', 'a changed digit breaks the hash chain');
      const slices = [changed, ...payload.parts.slice(1).map((p) => p.dados)];
      const forged = joinQrSymbols(assembleQrSymbols(slices, { VRQR: payload.VRQR }, payload.ASSI), 'forged');
      assert.ok(forged.ok, forged.ok ? '' : JSON.stringify(forged.problems));
      assert.equal(checkQrHashChain(forged.value).status, 'pass', 'the forger recomputed the chain');
      assert.equal(checkAssi(forged.value, { ed25519PublicKey: urnaKey }).status, 'fail', 'ASSI catches the forgery');
      assert.equal(checkQrMatchesBu(forged.value, bu).status, 'fail', 'the forged content differs from the BU');
    });

    test('"Gravar em uma pasta…" writes the results media byte for byte; a failing file is named', async () => {
      assert.ok(downloads.size > 0, 'the closing test ran');
      await page.evaluate('window.__printed = 0');
      // The folder picker answered with the origin-private file system's root (no dialog in a headless test).
      await page.evaluate('window.showDirectoryPicker = () => navigator.storage.getDirectory()');
      assert.equal(
        await page.locator('#save-folder').isVisible(),
        true,
        '#save-folder is offered (Chromium has the API)',
      );
      await page.click('#save-folder');
      await until(page, `/gravada/.test(document.getElementById('save-folder-status').textContent)`);
      const status = await page.locator('#save-folder-status').innerText();
      assert.match(status, new RegExp(`${downloads.size} arquivos`));
      for (const name of downloads.keys()) assert.ok(status.includes(name), `${name} listed as written`);

      const stored = (await page.evaluate(`(async () => {
        const root = await navigator.storage.getDirectory();
        const out = {};
        for (const a of document.querySelectorAll('#media-files a[data-name]')) {
          const name = a.dataset.name;
          const bytes = await (await (await root.getFileHandle(name)).getFile()).arrayBuffer();
          const hash = new Uint8Array(await crypto.subtle.digest('SHA-512', bytes));
          out[name] = bytes.byteLength + ':' + [...hash].map((b) => b.toString(16).padStart(2, '0')).join('');
        }
        return out;
      })()`)) as Record<string, string>;
      const expected = Object.fromEntries(
        [...downloads].map(([name, b]) => [name, `${b.byteLength}:${createHash('sha512').update(b).digest('hex')}`]),
      );
      assert.deepEqual(stored, expected);

      // A folder that refuses the RDV (no space left): the message names the file, the BU before it is listed.
      await page.evaluate(`window.showDirectoryPicker = async () => {
      const root = await navigator.storage.getDirectory();
      const dir = await root.getDirectoryHandle('pendrive', { create: true });
      return {
        name: 'pendrive',
        getFileHandle: async (name, opts) => {
          if (name.endsWith('-rdv.dat')) throw new DOMException('disk full', 'QuotaExceededError');
          return dir.getFileHandle(name, opts);
        },
      };
    }`);
      await page.click('#save-folder');
      await until(page, `/Falha/.test(document.getElementById('save-folder-status').textContent)`);
      const failed = await page.locator('#save-folder-status').innerText();
      const rdv = [...downloads.keys()].find((n) => n.endsWith('-rdv.dat'))!;
      const buName = [...downloads.keys()].find((n) => n.endsWith('-bu.dat'))!;
      assert.match(failed, new RegExp(`Falha ao gravar o arquivo ${rdv}.*não há espaço livre`));
      assert.ok(failed.includes(buName), 'the file written before the failure is listed');
      assert.equal(await page.locator('#save-folder-status').getAttribute('role'), 'alert');

      await terminal?.close();
      assert.deepEqual(errors, []);
    });
  },
);
