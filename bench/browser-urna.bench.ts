// Browser speed (issue #4 "Speed"): "the urna answers a key press within one frame (16 ms), measured in the browser
// with the Performance API over a whole vote; the terminal finds a voter among 500 as the name is typed".
//
// One seção of exactly 500 voters (the demo election with voters of its other seções moved into its first one),
// set up, built and served as `urna web` does, in headless Chromium (/usr/bin/chromium):
// - urna page, training mode: `--voters` voters released one after the other, each voting the whole ballot on the
//   physical keyboard (digits, Enter = CONFIRMA, Backspace = CORRIGE, b = BRANCO): nominal votes for real
//   candidates, legenda, branco, nulo, an unfit candidate and CORRIGE. The page records, per key, the time its key
//   handler takes: screen drawn, terminal told, sound scheduled (`__urnaTest.keyTimings()`, performance.now()).
//   Baseline, same run: the same key
//   sequences pressed on the core state machine in Node (`Urna.pressKey`), per key. The key that ends a vote also
//   takes the urna's snapshot for its memory in the same handler, so it is reported on its own line, beside the
//   core's pressKey + snapshot(). The whole keydown dispatch (the browser's event dispatch around the handler) is
//   timed too, by listeners the bench adds around the page's (window capture and bubble), against the core's total.
//   Also, with the Event Timing API, how many keydowns took ≥ 16 ms from the event to the next presented frame,
//   beside the same keys on a blank page that only writes each key on screen (the browser's own input-to-frame
//   path; headless Chromium with --disable-gpu composites in software).
// - terminal page: `--prefixes` name prefixes (first name + part of the last name, lower case, half of them without
//   accents) typed character by character into the name search; the page records the time to filter and draw the
//   matches per keystroke (`__terminalTest.searchTimings()`). Baseline: the same filter (NFD, accents stripped,
//   upper case, every word included, at most 12 matches) over the 500 names in Node, per keystroke. The matches the
//   page lists are checked against the baseline's after every prefix.
// Chromium's performance.now() is coarsened to 0.1 ms for pages that are not cross-origin isolated, so the page's
// figures are multiples of about 0.1 ms; Node's are not.
//
// Usage: npx tsx bench/browser-urna.bench.ts [--voters 40] [--prefixes 30]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildAllWeb } from '../scripts/build-web.ts';
import { serveWeb } from '../scripts/serve-web.ts';
import { cryptoRandom, seededRandom, type Random } from '../src/crypto/random.ts';
import type { ElectionDefinition } from '../src/election/definition.ts';
import { demoElection } from '../src/election/demo.ts';
import { validateElection } from '../src/election/validate.ts';
import { openCarga } from '../src/media/carga.ts';
import type { CargaContent } from '../src/media/carga-types.ts';
import { parseKeyFile, setupElection } from '../src/media/setup.ts';
import type { BallotOffice, Key } from '../src/urna/ballot-types.ts';
import { systemClock } from '../src/urna/clock.ts';
import { loadUrna } from '../src/urna/urna.ts';
import { chromiumSkip, launchChromium, percentile, until } from '../test/web/helpers.ts';

const SECAO_VOTERS = 500;
const FRAME_MS = 16;
/** The terminal lists at most this many matches (web/terminal/main.ts MAX_MATCHES). */
const MAX_MATCHES = 12;
/** The urna page's physical keyboard (web/urna/main.ts KEYBOARD). */
const PHYSICAL: Record<Key, string> = {
  '0': '0',
  '1': '1',
  '2': '2',
  '3': '3',
  '4': '4',
  '5': '5',
  '6': '6',
  '7': '7',
  '8': '8',
  '9': '9',
  CONFIRMA: 'Enter',
  CORRIGE: 'Backspace',
  BRANCO: 'b',
};

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

// ---------------------------------------------------------------------------------------------------- election

/** The demo election with voters of the other seções moved into the first one until it holds SECAO_VOTERS. */
function benchElection(): { def: ElectionDefinition; zona: number; secao: number } {
  const def = demoElection();
  const zona = def.ufs[0]!.municipios[0]!.zonas[0]!;
  const first = { zona: zona.number, secao: zona.secoes[0]!.number };
  const inFirst = (v: { zona: number; secao: number }): boolean => v.zona === first.zona && v.secao === first.secao;
  let n = def.voters.filter(inFirst).length;
  for (const v of def.voters) {
    if (n >= SECAO_VOTERS) break;
    if (inFirst(v)) continue;
    // Same município: only the zona and seção change.
    v.zona = first.zona;
    v.secao = first.secao;
    n++;
  }
  if (n !== SECAO_VOTERS) throw new Error(`the demo election has only ${n} voters to put in one seção`);
  const checked = validateElection(JSON.parse(JSON.stringify(def)), 'bench-election.json');
  if (!checked.ok) {
    const lines = checked.problems.map((p) => `${p.path}: expected ${p.expected}, found ${p.found}`);
    throw new Error(`the bench election does not validate:\n${lines.join('\n')}`);
  }
  return { def: checked.value, ...first };
}

// ---------------------------------------------------------------------------------------------------- votes

type Kind = 'nominal' | 'legenda' | 'branco' | 'nulo' | 'inapto' | 'corrige';
/** Mostly nominal, as real voters; every kind appears within a few voters. */
const MIX: readonly Kind[] = ['nominal', 'legenda', 'nominal', 'branco', 'corrige', 'nominal', 'nulo', 'inapto'];

const digitsOf = (n: number, width: number): Key[] => [...String(n).padStart(width, '0')] as Key[];

/** A number of the office's width that is no candidate and, for a proportional office, has no party prefix. */
function nullNumber(o: BallotOffice): number {
  for (let n = 10 ** o.digits - 1; n >= 10 ** (o.digits - 1); n--) {
    const prefix = Math.floor(n / 10 ** (o.digits - 2));
    if (!o.candidates.has(n) && (o.system === 'majority' || !o.parties.has(prefix))) return n;
  }
  throw new Error(`${o.name}: every number is taken`);
}

/** The keys of one office's choice of the given kind (kinds an office cannot take fall back to nominal). */
function choiceKeys(o: BallotOffice, kind: Kind, r: Random): Key[] {
  const fit = [...o.candidates.values()].filter((c) => c.fit).map((c) => c.number);
  const unfit = [...o.candidates.values()].filter((c) => !c.fit).map((c) => c.number);
  const nominal = (): Key[] => [...digitsOf(fit[r.int(fit.length)]!, o.digits), 'CONFIRMA'];
  switch (kind) {
    case 'nominal':
      return nominal();
    case 'legenda': {
      if (o.system !== 'proportional' || o.parties.size === 0) return nominal();
      const parties = [...o.parties.keys()];
      return [...digitsOf(parties[r.int(parties.length)]!, 2), 'CONFIRMA'];
    }
    case 'branco':
      return ['BRANCO', 'CONFIRMA'];
    case 'nulo':
      return [...digitsOf(nullNumber(o), o.digits), 'CONFIRMA'];
    case 'inapto':
      return unfit.length > 0 ? [...digitsOf(unfit[r.int(unfit.length)]!, o.digits), 'CONFIRMA'] : nominal();
    case 'corrige': {
      // Half a number typed, erased with CORRIGE, then a candidate's number.
      const partial = digitsOf(fit[r.int(fit.length)]!, o.digits).slice(0, Math.max(1, Math.floor(o.digits / 2)));
      return [...partial, 'CORRIGE', ...nominal()];
    }
  }
}

/** Every voter's keys through the whole ballot. */
function votePlans(offices: readonly BallotOffice[], voters: number): Key[][] {
  const r = seededRandom('bench-browser-urna-votes');
  return Array.from({ length: voters }, (_, i) =>
    offices.flatMap((o, j) => choiceKeys(o, MIX[(i + 3 * j) % MIX.length]!, r)),
  );
}

interface KeyFigures {
  /** Every key but the ones that end a vote. */
  keys: number[];
  /** The key that ends each vote. */
  finishing: number[];
}

/** The same votes on the core state machine in Node: per key, pressKey; the finishing key adds the snapshot. */
function coreBaseline(carga: CargaContent, plans: readonly Key[][]): KeyFigures {
  const u = loadUrna(carga, { clock: systemClock, random: cryptoRandom }, { enforceSchedule: false });
  if (!u.zeresima().ok || !u.open().ok) throw new Error('core: the urna does not open');
  const out: KeyFigures = { keys: [], finishing: [] };
  plans.forEach((keys, i) => {
    // The page's training mode releases the caderno in order, as if the fingerprint matched (else the year).
    const voter = carga.voters[i]!;
    const id = u.identify(voter.titulo);
    if (!id.ok) throw new Error(`core: ${id.error.message}`);
    const step = id.value.step === 'fingerprint' ? u.fingerprint(true) : u.yearOfBirth(voter.birthDate.slice(0, 4));
    if (!step.ok) throw new Error(`core: ${step.error.message}`);
    keys.forEach((key, k) => {
      const t0 = performance.now();
      const r = u.pressKey(key);
      const last = k === keys.length - 1;
      if (last) u.snapshot();
      const dt = performance.now() - t0;
      if (!r.ok || !r.value.accepted || r.value.finished !== last) {
        throw new Error(`core: voter ${i + 1}, key ${k + 1} (${key}) did not do what the plan expects`);
      }
      (last ? out.finishing : out.keys).push(dt);
    });
  });
  if (u.counts().compareceram !== plans.length) throw new Error('core: not every vote was counted');
  return out;
}

// ---------------------------------------------------------------------------------------------------- search

/** web/terminal/main.ts searchKey: upper case without accents. */
const searchKey = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();

interface NamePrefix {
  /** What the mesário types. */
  text: string;
  /** The voter looked for. */
  titulo: string;
}

/** `--prefixes` voters spread over the caderno: first name + 2–4 letters of the last name, lower case. */
function namePrefixes(carga: CargaContent, count: number): NamePrefix[] {
  return Array.from({ length: count }, (_, k) => {
    const voter = carga.voters[Math.floor(((k + 0.5) * carga.voters.length) / count)]!;
    const words = voter.name.split(' ');
    const typed = `${words[0]} ${words.at(-1)!.slice(0, 2 + (k % 3))}`.toLowerCase();
    // Half typed as a hurried mesário would, without the accents.
    return { text: k % 2 === 0 ? typed.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : typed, titulo: voter.titulo };
  });
}

/** The terminal's filter over the caderno, names normalised once as the page does. */
function searcher(carga: CargaContent): (query: string) => string[] {
  const roster = carga.voters.map((v) => ({ titulo: v.titulo, key: searchKey(v.name) }));
  return (query) => {
    const words = searchKey(query).split(/\s+/).filter(Boolean);
    const found: string[] = [];
    if (words.join('').length < 2) return found;
    for (const r of roster) {
      if (words.every((w) => r.key.includes(w))) {
        found.push(r.titulo);
        if (found.length === MAX_MATCHES) break;
      }
    }
    return found;
  };
}

function searchBaseline(search: (q: string) => string[], prefixes: readonly NamePrefix[]): number[] {
  const out: number[] = [];
  let sink = 0;
  for (const { text } of prefixes) {
    for (let i = 1; i <= text.length; i++) {
      const t0 = performance.now();
      sink += search(text.slice(0, i)).length;
      out.push(performance.now() - t0);
    }
  }
  if (sink < 0) throw new Error('unreachable: keeps the search from being optimised away');
  return out;
}

// ---------------------------------------------------------------------------------------------------- browser

/**
 * Event Timing API: every keydown that took ≥ 16 ms from the event to the next presented frame (the API reports
 * nothing shorter), with how much of it the page's handlers took. Installed from Node with a string expression: the
 * pages' CSP forbids eval, not the DevTools protocol.
 */
const OBSERVE_SLOW_KEYS = `(() => {
  window.__benchSlowKeys = [];
  window.__benchKeep = (entries) => {
    for (const e of entries)
      if (e.name === 'keydown')
        window.__benchSlowKeys.push({ toPaint: e.duration, handlers: e.processingEnd - e.processingStart });
  };
  window.__benchObserver = new PerformanceObserver((list) => window.__benchKeep(list.getEntries()));
  window.__benchObserver.observe({ type: 'event', durationThreshold: ${FRAME_MS} });
  return true;
})()`;

/** The slow keydowns so far, once the last key's frame has been presented (entries come after the paint). */
const SLOW_KEYS_AFTER_PAINT = `new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() =>
  setTimeout(() => {
    window.__benchKeep(window.__benchObserver.takeRecords());
    resolve(window.__benchSlowKeys);
  }, 0))))`;

interface SlowKey {
  /** Event to next presented frame, ms (the API rounds it to 8 ms). */
  toPaint: number;
  /** The page's keydown handlers, ms. */
  handlers: number;
}

/**
 * The Event Timing baseline: a blank page whose only work per key is to write it on screen, so every key is followed
 * by a paint, as on the urna. What it measures is the browser's own path from input to presented frame.
 */
async function slowKeysOnBlankPage(page: Page, keys: readonly Key[]): Promise<SlowKey[]> {
  await page.setContent('<!doctype html><meta charset="utf-8"><title>baseline</title><p id="out">-</p>');
  await page.evaluate(`(() => {
    let n = 0;
    const out = document.getElementById('out');
    document.addEventListener('keydown', (e) => { out.textContent = e.key + ' ' + ++n; });
    return true;
  })()`);
  await page.evaluate(OBSERVE_SLOW_KEYS);
  await page.bringToFront();
  for (const key of keys) await page.keyboard.press(PHYSICAL[key]);
  return (await page.evaluate(SLOW_KEYS_AFTER_PAINT)) as SlowKey[];
}

/**
 * The whole dispatch of every keydown, from a window capture listener (before the page's own, on document) to a
 * window bubble listener (after it): what `keyTimings` covers plus the browser's dispatch around the handler.
 */
const TIME_KEYDOWN_DISPATCH = `(() => {
  window.__benchDispatch = [];
  let t0 = 0;
  window.addEventListener('keydown', () => { t0 = performance.now(); }, true);
  window.addEventListener('keydown', () => { window.__benchDispatch.push(performance.now() - t0); });
  return true;
})()`;

interface PageFigures extends KeyFigures {
  /** Every key's whole keydown dispatch. */
  dispatch: number[];
  /** The keydowns that took ≥ 16 ms from event to paint. */
  slowPaints: SlowKey[];
  refused: number;
}

async function voteInPage(urna: Page, plans: readonly Key[][]): Promise<PageFigures> {
  await urna.evaluate(OBSERVE_SLOW_KEYS);
  await urna.evaluate(TIME_KEYDOWN_DISPATCH);
  // A page in the background gets no frames: its keys would wait for one (seconds, in headless Chromium).
  await urna.bringToFront();
  const out: PageFigures = { keys: [], finishing: [], dispatch: [], slowPaints: [], refused: 0 };
  for (const [i, keys] of plans.entries()) {
    await urna.click('#release');
    const mesa = await urna.locator('#mesa-status').innerText();
    if (!/liberado\(a\)/.test(mesa)) throw new Error(`page: voter ${i + 1} not released: ${mesa}`);
    // The release button keeps the focus after the click; the keys go to the page, as a voter's keyboard would.
    await urna.evaluate('document.activeElement && document.activeElement.blur()');
    const before = (await urna.evaluate('window.__urnaTest.keyTimings().length')) as number;
    for (const key of keys) await urna.keyboard.press(PHYSICAL[key]);
    await until(urna, `window.__urnaTest.screenKind() === 'fim'`, 10_000);
    const timings = ((await urna.evaluate('window.__urnaTest.keyTimings()')) as number[]).slice(before);
    if (timings.length !== keys.length) throw new Error(`page: ${timings.length} key timings for ${keys.length} keys`);
    out.keys.push(...timings.slice(0, -1));
    out.finishing.push(timings.at(-1)!);
  }
  const counts = (await urna.evaluate('window.__urnaTest.counts()')) as { compareceram: number };
  if (counts.compareceram !== plans.length) throw new Error(`page: ${counts.compareceram} votes counted`);
  out.refused = (await urna.evaluate('window.__urnaTest.refusedKeys()')) as number;
  out.slowPaints = (await urna.evaluate(SLOW_KEYS_AFTER_PAINT)) as SlowKey[];
  out.dispatch = (await urna.evaluate('window.__benchDispatch')) as number[];
  const keyCount = plans.reduce((a, k) => a + k.length, 0);
  if (out.dispatch.length !== keyCount) throw new Error(`page: ${out.dispatch.length} keydowns for ${keyCount} keys`);
  return out;
}

async function searchInPage(
  terminal: Page,
  prefixes: readonly NamePrefix[],
  search: (q: string) => string[],
): Promise<{ timings: number[]; found: number }> {
  const timings = (): Promise<number[]> =>
    terminal.evaluate('window.__terminalTest.searchTimings()') as Promise<number[]>;
  const out: number[] = [];
  let found = 0;
  await terminal.bringToFront();
  await terminal.click('#name-search');
  for (const { text: p, titulo } of prefixes) {
    await terminal.fill('#name-search', '');
    const before = (await timings()).length;
    await terminal.keyboard.type(p);
    await until(terminal, `window.__terminalTest.searchTimings().length >= ${before + p.length}`);
    const t = (await timings()).slice(before);
    if (t.length !== p.length) throw new Error(`terminal: ${t.length} search timings for "${p}"`);
    out.push(...t);
    const listed = (await terminal.evaluate(
      `Array.from(document.querySelectorAll('#name-matches [data-titulo]'), (e) => e.dataset.titulo)`,
    )) as string[];
    const expected = search(p);
    if (listed.join() !== expected.join()) {
      throw new Error(`terminal: "${p}" lists ${listed.length} voters, the baseline filter ${expected.length}`);
    }
    if (listed.includes(titulo)) found++;
  }
  return { timings: out, found };
}

// ---------------------------------------------------------------------------------------------------- report

/** A duration in ms, shown in µs below 1 ms (rounded to 0.1 µs first: the page's 0.1 ms steps are 0.0999… ms). */
const ms = (x: number): string => {
  const us = Math.round(x * 10_000) / 10;
  const text = us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : us >= 10 ? `${us.toFixed(0)} µs` : `${us.toFixed(1)} µs`;
  return text.padStart(9);
};
const median = (v: readonly number[]): number => percentile(v, 50);

function row(label: string, page: readonly number[], base: readonly number[], baseLabel: string): string {
  const ratio = median(page) / median(base);
  return (
    `${label.padEnd(30)}${String(page.length).padStart(6)}${ms(median(page))}${ms(percentile(page, 95))}` +
    `${ms(Math.max(...page))}   ${baseLabel.padEnd(26)}${ms(median(base))}${ms(percentile(base, 95))}` +
    `${(ratio >= 100 ? ratio.toFixed(0) : ratio.toFixed(1)).padStart(8)}×`
  );
}

async function main(): Promise<void> {
  if (chromiumSkip) {
    console.log(`skipped: ${chromiumSkip}`);
    return;
  }
  const voters = arg('voters', 40);
  const prefixCount = arg('prefixes', 30);
  const { def, zona, secao } = benchElection();
  const work = mkdtempSync(join(tmpdir(), 'urna-bench-browser-'));
  let server: Server | undefined;
  let browser: Browser | undefined;
  try {
    const setup = setupElection(def, join(work, 'election'), { seed: 'bench-browser-urna' });
    const target = setup.cargas.find((c) => c.secao.zona === zona && c.secao.secao === secao)!;
    const key = parseKeyFile(readFileSync(setup.electionPublicKeyPath, 'utf8'), 'election.pub');
    const opened = openCarga(readFileSync(target.path, 'utf8'), 'carga.json', { electionPublicKey: key });
    if (!opened.ok) throw new Error('the bench carga does not open');
    const carga = opened.value;
    if (carga.voters.length !== SECAO_VOTERS) throw new Error(`the carga has ${carga.voters.length} voters`);

    const offices = loadUrna(carga, { clock: systemClock, random: cryptoRandom }, { enforceSchedule: false }).offices;
    const plans = votePlans(offices, voters);
    const prefixes = namePrefixes(carga, prefixCount);
    const search = searcher(carga);
    const core = coreBaseline(carga, plans);
    const filter = searchBaseline(search, prefixes);

    const site = join(work, 'site');
    await buildAllWeb({ root: site });
    let origin: string;
    ({ server, origin } = await serveWeb(site, 0));
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    const urna = await context.newPage();
    urna.on('pageerror', (e) => errors.push(`urna: ${e.message}`));
    await urna.goto(`${origin}/urna/`);
    await urna.setInputFiles('#carga-files', [target.path, setup.electionPublicKeyPath]);
    // Training mode: the demo's election date is not today, and the release button stands in for the terminal.
    await urna.selectOption('#carga-mode', 'treinamento');
    await urna.click('#carga-load');
    await urna.waitForSelector('#urna-view:not([hidden])');
    const href = await urna.locator('#terminal-link').getAttribute('href');
    if (!href) throw new Error('the urna page has no terminal link');
    const terminal = await context.newPage();
    terminal.on('pageerror', (e) => errors.push(`terminal: ${e.message}`));
    await terminal.goto(new URL(href, urna.url()).href);
    await until(terminal, `window.__terminalTest.rosterSize() === ${SECAO_VOTERS}`, 10_000);

    const page = await voteInPage(urna, plans);
    const { timings: typed, found } = await searchInPage(terminal, prefixes, search);
    const blank = await slowKeysOnBlankPage(await context.newPage(), plans.flat());
    if (errors.length > 0) throw new Error(`page errors:\n${errors.join('\n')}`);

    const all = page.dispatch;
    const over = all.filter((t) => t >= FRAME_MS).length;
    const keyCount = plans.reduce((a, k) => a + k.length, 0);
    console.log(
      `seção ${target.key}: ${SECAO_VOTERS} voters; ${voters} votes (${keyCount} keys), ` +
        `${prefixes.length} name prefixes (${typed.length} keystrokes); ` +
        `Chromium ${browser.version()}, Node ${process.version}`,
    );
    console.log(
      ''.padEnd(30) +
        ['count', 'median', 'p95', 'max'].map((h, i) => h.padStart(i === 0 ? 6 : 9)).join('') +
        `   ${'baseline (Node, same run)'.padEnd(26)}` +
        ['median', 'p95', 'page/base'].map((h, i) => h.padStart(i === 2 ? 10 : 9)).join(''),
    );
    console.log(row('urna: key handler', page.keys, core.keys, 'core pressKey'));
    console.log(row('urna: key that ends the vote', page.finishing, core.finishing, 'pressKey + snapshot'));
    const coreAll = [...core.keys, ...core.finishing];
    console.log(row('urna: whole keydown dispatch', page.dispatch, coreAll, 'the two above'));
    console.log(row('terminal: search keystroke', typed, filter, 'same filter, 500 names'));
    const slowSearch = typed.filter((t) => t >= FRAME_MS).length;
    console.log(
      `one frame (${FRAME_MS} ms): urna ${over} of ${all.length} keys over it, ${page.refused} refused; ` +
        `terminal ${slowSearch} of ${typed.length} keystrokes over it, ` +
        `the voter listed for ${found} of ${prefixes.length} names`,
    );
    const worst = (v: readonly SlowKey[]): string => {
      if (v.length === 0) return '';
      const handlers = ms(Math.max(...v.map((k) => k.handlers))).trim();
      return ` (max ${Math.max(...v.map((k) => k.toPaint))} ms; handlers at most ${handlers} of it)`;
    };
    console.log(
      `keydown → next paint ≥ ${FRAME_MS} ms (Event Timing API, nothing shorter is reported): ` +
        `urna page ${page.slowPaints.length} of ${keyCount}${worst(page.slowPaints)}; ` +
        `baseline, a blank page writing each key: ${blank.length} of ${keyCount}${worst(blank)}`,
    );
    await context.close();
  } finally {
    await browser?.close();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
