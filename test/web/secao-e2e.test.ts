// A whole seção end to end in headless Chromium (issue #4 item 6): the urna page loaded in official mode with the
// browser clock on election day, the mesário terminal page identifying 20 voters (título on its keypad and on the
// keyboard, search by name, fingerprint, four failed fingerprints then the year of birth, voters without
// biometrics), votes of every kind on the urna keypad and keyboard (nominal, legenda both ways, nulo, branco,
// CORRIGE, repetido, inapto, cargo sem candidato), a cancelled vote, a reload in the middle of a vote, a voter of
// another seção refused, closing refused before 17:00 and done at 17:05, and the results media read back in Node:
// the BU totals per office equal the tally of the votes this test scripted.
// Screenshots: test/web/artifacts/urna-tela-<kind>.png (every urna screen) and secao-*.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import type { Candidate, ElectionDefinition, Voter } from '../../src/election/definition.ts';
import { demoElection } from '../../src/election/demo.ts';
import { formatTitulo } from '../../src/election/titulo.ts';
import { validateElection } from '../../src/election/validate.ts';
import { openCarga } from '../../src/media/carga.ts';
import type { CargaContent } from '../../src/media/carga-types.ts';
import { checkResultsMedia } from '../../src/media/results-media.ts';
import { parseKeyFile, setupElection } from '../../src/media/setup.ts';
import { decodeBuV2ToModel } from '../../src/tse/bu-codec.ts';
import type { Key } from '../../src/urna/ballot-types.ts';
import { verifyBuSignatures } from '../../src/urna/bu.ts';
import type { BoletimUrna } from '../../src/urna/model.ts';
import type { ScreenKind } from '../../src/urna/screens.ts';
import type { UrnaStatus } from '../../web/shared/cable.ts';
import {
  ARTIFACTS,
  chromiumSkip,
  downloadAll,
  frontOf,
  openWebSite,
  percentile,
  terminalStatus,
  until,
  untilStatus,
  type WebSite,
  loadUrnaPage,
} from './helpers.ts';

// ---------------------------------------------------------------------------------------------------- election

/** Office codes of the ballot, in screen order (LE art. 59 §3): Dep. Estadual, Senador (2 vagas), Gov., Presidente. */
const DEP_ESTADUAL = 7;
const SENADOR = 5;
const GOVERNADOR = 3;
const PRESIDENTE = 1;

/**
 * The demo's Vale Verde (MG) as a general election on the demo's date, 4 Oct 2026, when the Senate renews two seats:
 * the demo's vereador candidates (5 digits, one of them inapto) run for Deputado Estadual, its prefeito tickets (the
 * party-70 ticket inapto) for Governador, three senators for two vagas (so a voter can repeat one: `repetido`), and
 * the Presidente contest has no candidate (`semCandidato`).
 */
function generalElection(): unknown {
  const demo = demoElection();
  const contest = (office: number): Candidate[] => demo.contests.find((c) => c.office === office)!.candidates;
  const senator = (number: number, ballotName: string, birthDate: string): Candidate => ({
    number,
    party: Math.floor(number / 10),
    ballotName,
    birthDate,
    fit: true,
    suplentes: [{ ballotName: `${ballotName} SUPLENTE UM` }, { ballotName: `${ballotName} SUPLENTE DOIS` }],
  });
  return {
    ...demo,
    kind: 'general',
    name: 'Eleição Geral de Teste — Minas Gerais',
    eleicoes: [
      { id: 9620, name: 'Eleição Federal', offices: [{ code: PRESIDENTE }] },
      {
        id: 9621,
        name: 'Eleições Estaduais',
        offices: [{ code: DEP_ESTADUAL }, { code: SENADOR }, { code: GOVERNADOR }],
      },
    ],
    contests: [
      { office: PRESIDENTE, seats: 1, candidates: [] },
      { office: DEP_ESTADUAL, uf: 'MG', seats: 77, candidates: contest(13) },
      {
        office: SENADOR,
        uf: 'MG',
        seats: 2,
        candidates: [
          senator(121, 'ANTÔNIO SERRA', '1961-03-14'),
          senator(231, 'BEATRIZ CAMPOS', '1970-08-02'),
          senator(555, 'CÍCERO VALE', '1958-11-23'),
        ],
      },
      { office: GOVERNADOR, uf: 'MG', seats: 1, candidates: contest(11) },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------- the script

type Kind = ScreenKind | 'bloqueada';
const ALL_KINDS: readonly Kind[] = [
  'bloqueada',
  'digitos',
  'partido',
  'numeroErrado',
  'candidato',
  'legenda',
  'inapto',
  'nulo',
  'repetido',
  'branco',
  'semCandidato',
  'fim',
];

/** One choice as the voter means it; the keys and the screen before CONFIRMA follow from it (ELECTION-RULES §3.3). */
type Choice = (
  | { vote: 'nominal'; number: number }
  /** 2 digits: the party alone (screen partido); all digits: a candidate the party does not have (screen legenda). */
  | { vote: 'legenda'; party: number; typed: string }
  | { vote: 'branco' }
  | { vote: 'nulo'; typed: string; screen: 'nulo' | 'numeroErrado' | 'inapto' | 'repetido' }
  | { vote: 'semCandidato' }
) & {
  /** Keys typed first and erased with CORRIGE from the screen they lead to. */
  corrige?: { keys: Key[]; screen: Kind };
};

interface ScriptedVoter {
  /**
   * How the terminal releases the voter: the fingerprint recognised; four fingerprints not recognised, then the year
   * of birth (habilitado por biografia); no fingerprints registered, the year of birth at once (sem biometria).
   */
  release: 'digital' | 'digital-falha' | 'sem-biometria';
  /** How the mesário finds the voter: título on the terminal keypad, on the keyboard, or by name. */
  identify: 'keypad' | 'keyboard' | 'name';
  /** How the voter presses the urna keys: clicks on the keypad or the physical keyboard. */
  input: 'click' | 'keyboard';
  /** Deputado Estadual, Senador 1ª vaga, Senador 2ª vaga, Governador (Presidente has no candidate). */
  ballot: [Choice, Choice, Choice, Choice];
  /** A first attempt that does not count: these keys, then the mesário cancels or the urna page reloads. */
  interrupted?: { by: 'cancel' | 'reload'; keys: Key[] };
}

const digits = (s: string | number): Key[] => [...String(s)] as Key[];

interface Numbers {
  /** Fit Deputado Estadual candidates of parties 12, 23 and 55, and the inapto one. */
  depA: number;
  depB: number;
  depC: number;
  depInapto: number;
  /** Full Deputado Estadual numbers of parties 18 and 23 that no candidate has (legenda). */
  legenda18: string;
  legenda23: string;
  /** Two digits that are no party. */
  badPrefix: string;
}

/** The 20 voters of the seção, in the order they come. Senators: 121, 231, 555; Governador: 12, 23, 55 (70 inapto). */
function script(n: Numbers): ScriptedVoter[] {
  const nominal = (number: number): Choice => ({ vote: 'nominal', number });
  const branco: Choice = { vote: 'branco' };
  const legenda = (typed: string): Choice => ({ vote: 'legenda', party: Number(typed.slice(0, 2)), typed });
  const nulo = (typed: string, screen: 'nulo' | 'numeroErrado' | 'inapto' | 'repetido'): Choice => ({
    vote: 'nulo',
    typed,
    screen,
  });
  const corrige = (c: Choice, keys: Key[], screen: Kind): Choice => ({ ...c, corrige: { keys, screen } });
  const v = (
    release: ScriptedVoter['release'],
    identify: ScriptedVoter['identify'],
    input: ScriptedVoter['input'],
    ballot: ScriptedVoter['ballot'],
    interrupted?: ScriptedVoter['interrupted'],
  ): ScriptedVoter => ({ release, identify, input, ballot, ...(interrupted ? { interrupted } : {}) });
  return [
    v('digital', 'keypad', 'click', [nominal(n.depA), nominal(121), nominal(231), nominal(12)]),
    v('digital', 'name', 'click', [legenda('23'), nominal(555), branco, nominal(23)]),
    v('sem-biometria', 'keypad', 'keyboard', [
      legenda(n.legenda18),
      nominal(121),
      nulo('121', 'repetido'),
      nominal(55),
    ]),
    v('digital-falha', 'keypad', 'click', [nulo(`${n.badPrefix}123`, 'nulo'), branco, branco, branco]),
    v('digital', 'keyboard', 'click', [
      nulo(String(n.depInapto), 'inapto'),
      nominal(231),
      nominal(555),
      nulo('70', 'nulo'),
    ]),
    v('digital', 'name', 'keyboard', [
      nulo(n.badPrefix, 'numeroErrado'),
      nominal(121),
      nominal(555),
      nulo(n.badPrefix, 'nulo'),
    ]),
    v('digital', 'keypad', 'click', [
      corrige(nominal(n.depC), digits('55'), 'partido'),
      corrige(nominal(231), digits('12'), 'digitos'),
      corrige(nominal(121), digits('555'), 'candidato'),
      corrige(nominal(12), ['BRANCO'], 'branco'),
    ]),
    v('sem-biometria', 'name', 'click', [branco, branco, branco, branco]),
    v('digital', 'keypad', 'click', [nominal(n.depB), nominal(555), nominal(121), nominal(23)], {
      by: 'cancel',
      keys: [...digits(n.depA), 'CONFIRMA', '1'],
    }),
    v('digital', 'keypad', 'keyboard', [legenda('55'), nominal(231), nominal(121), nominal(55)], {
      by: 'reload',
      keys: [...digits(n.depC), 'CONFIRMA', '2', '3'],
    }),
    v('digital', 'keyboard', 'keyboard', [nominal(n.depA), branco, nominal(555), nominal(12)]),
    v('digital', 'keypad', 'click', [nominal(n.depB), nominal(231), nulo('231', 'repetido'), branco]),
    v('sem-biometria', 'keypad', 'click', [legenda('12'), nominal(555), nominal(231), nominal(23)]),
    v('digital-falha', 'name', 'keyboard', [nominal(n.depC), nominal(121), nominal(231), nominal(55)]),
    v('digital', 'keypad', 'click', [legenda(n.legenda23), nominal(121), nominal(555), nominal(12)]),
    v('digital', 'name', 'click', [nominal(n.depA), nominal(231), nominal(555), nulo(n.badPrefix, 'nulo')]),
    v('digital', 'keypad', 'keyboard', [branco, nominal(555), nulo('555', 'repetido'), nominal(23)]),
    v('digital', 'keypad', 'click', [nominal(n.depB), nominal(121), nominal(231), nominal(12)]),
    v('sem-biometria', 'keyboard', 'click', [nulo(`${n.badPrefix}456`, 'nulo'), branco, nominal(121), nominal(55)]),
    v('digital', 'keypad', 'keyboard', [nominal(n.depA), nominal(121), nominal(555), nominal(12)]),
  ];
}

/** What the BU must hold for one office: `nominal <number>`, `legenda <party>`, `branco`, `nulo`, `cargoSemCandidato`. */
type Tally = Record<string, number>;

function bump(t: Tally, key: string): void {
  t[key] = (t[key] ?? 0) + 1;
}

function choiceKey(c: Choice): string {
  switch (c.vote) {
    case 'nominal':
      return `nominal ${c.number}`;
    case 'legenda':
      return `legenda ${c.party}`;
    case 'semCandidato':
      return 'cargoSemCandidato';
    default:
      // Every null screen (número errado, inapto, repetido) is a nulo in the BU.
      return c.vote;
  }
}

/** The expected tally per office code, from the scripted choices (the interrupted attempts count nothing). */
function expectedTally(voters: readonly ScriptedVoter[]): Map<number, Tally> {
  const t = new Map<number, Tally>([DEP_ESTADUAL, SENADOR, GOVERNADOR, PRESIDENTE].map((c) => [c, {}]));
  for (const v of voters) {
    const [dep, sen1, sen2, gov] = v.ballot;
    bump(t.get(DEP_ESTADUAL)!, choiceKey(dep));
    bump(t.get(SENADOR)!, choiceKey(sen1));
    bump(t.get(SENADOR)!, choiceKey(sen2));
    bump(t.get(GOVERNADOR)!, choiceKey(gov));
    bump(t.get(PRESIDENTE)!, 'cargoSemCandidato');
  }
  return t;
}

/** The same tally read from a decoded BU. */
function buTally(bu: BoletimUrna): Map<number, Tally> {
  const t = new Map<number, Tally>();
  for (const e of bu.resultadosVotacaoPorEleicao) {
    for (const r of e.resultadosVotacao) {
      for (const cargo of r.totaisVotosCargo) {
        const tally: Tally = {};
        for (const v of cargo.votosVotaveis) {
          const id = v.identificacaoVotavel;
          const key =
            v.tipoVoto === 'nominal'
              ? `nominal ${id!.codigo}`
              : v.tipoVoto === 'legenda'
                ? `legenda ${id!.partido}`
                : v.tipoVoto;
          tally[key] = (tally[key] ?? 0) + v.quantidadeVotos;
        }
        t.set(cargo.codigoCargo, tally);
      }
    }
  }
  return t;
}

const sorted = (t: Tally | undefined): [string, number][] =>
  Object.entries(t ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

// ---------------------------------------------------------------------------------------------------- the test

describe('a whole seção in the browser: carga, 20 voters, closing, results media', { skip: chromiumSkip }, () => {
  let web: WebSite;
  let context: BrowserContext;
  let def: ElectionDefinition;
  let cargaPath: string;
  let pubPath: string;
  let electionKey: Uint8Array;
  let here: CargaContent;
  let elsewhere: CargaContent;

  before(async () => {
    web = await openWebSite('urna-secao-');
    const input = generalElection();
    // Presidente has no candidate at all (the semCandidato screen): a valid definition.
    const checked = validateElection(input, 'secao-e2e');
    assert.ok(checked.ok, checked.ok ? '' : JSON.stringify(checked.problems));
    def = checked.value;
    const setup = setupElection(def, join(web.work, 'election'), { seed: 'web-secao-e2e' });
    pubPath = setup.electionPublicKeyPath;
    electionKey = parseKeyFile(readFileSync(pubPath, 'utf8'), 'election.pub');
    const open = (path: string): CargaContent => {
      const r = openCarga(readFileSync(path, 'utf8'), 'carga.json', { electionPublicKey: electionKey });
      assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.problems));
      return r.value;
    };
    cargaPath = setup.cargas[0]!.path;
    here = open(cargaPath);
    elsewhere = open(setup.cargas[1]!.path);
    assert.deepEqual(
      here.contests.map((c) => c.office),
      [DEP_ESTADUAL, SENADOR, GOVERNADOR, PRESIDENTE],
    );
    context = await web.browser.newContext({ viewport: { width: 1100, height: 900 }, acceptDownloads: true });
  });

  after(() => web?.close());

  test('20 voters of every kind, a cancel, a reload, a refusal; the BU counts what they voted', async () => {
    const errors: string[] = [];
    const dep = here.contests.find((c) => c.office === DEP_ESTADUAL)!.candidates;
    const depOf = (party: number): number => dep.find((c) => c.fit && c.party === party)!.number;
    const depInapto = dep.find((c) => !c.fit);
    assert.ok(depInapto, 'the demo has an inapto vereador, here a Deputado Estadual');
    const partyNumbers = new Set(def.parties.map((p) => p.number));
    const free = (party: number): string => {
      for (let s = 100; s <= 999; s++) if (!dep.some((c) => c.number === party * 1000 + s)) return `${party}${s}`;
      throw new Error(`party ${party} has every number`);
    };
    const badPrefix = [...Array(90).keys()].map((i) => 99 - i).find((p) => !partyNumbers.has(p))!;
    const voters = script({
      depA: depOf(12),
      depB: depOf(23),
      depC: depOf(55),
      depInapto: depInapto.number,
      legenda18: free(18),
      legenda23: free(23),
      badPrefix: String(badPrefix),
    });
    assert.equal(voters.length, 20);

    // The people: voters of this seção with and without biometrics, in caderno order.
    const withBio = here.voters.filter((v) => v.biometrics);
    const withoutBio = here.voters.filter((v) => !v.biometrics);
    const people: Voter[] = voters.map((s) => (s.release === 'sem-biometria' ? withoutBio : withBio).shift()!);
    assert.ok(
      people.every((p) => p !== undefined),
      'the seção has enough voters with and without biometrics',
    );

    // ---- The urna: official mode, the browser clock at 10:00 on election day (the carga's time zone).
    const tenAm = new Date(`${def.date}T10:00:00-03:00`);
    const localTime = (d: Date): string =>
      new Intl.DateTimeFormat('en-GB', { timeZone: def.timezone, hour: '2-digit', minute: '2-digit' }).format(d);
    assert.equal(localTime(tenAm), '10:00', `-03:00 is ${def.timezone} on ${def.date}`);
    await context.clock.setFixedTime(tenAm);
    // Only the tab in front has its frames drawn promptly: each step brings its page to the front.
    const front = frontOf(context);
    const urna = await context.newPage();
    urna.on('pageerror', (e) => errors.push(`urna: ${e.message}`));
    await urna.goto(`${web.origin}/urna/`);
    assert.equal(await urna.locator('#carga-mode').inputValue(), 'oficial', 'official mode is the default');
    await urna.selectOption('#carga-mode', 'oficial');
    await loadUrnaPage(urna, [cargaPath, pubPath], 'oficial');
    assert.equal(await urna.evaluate('window.__urnaTest.state()'), 'aberta');
    assert.equal(await urna.evaluate('window.__urnaTest.mode()'), 'oficial');
    // Official mode: voters are released by the terminal only.
    assert.equal(await urna.locator('#release').isHidden(), true);

    // Every screen kind, screenshotted the first time it is on display.
    const seen = new Set<Kind>();
    const kind = async (): Promise<Kind | undefined> => {
      const k = (await urna.evaluate('window.__urnaTest.screenKind()')) as Kind | 'gravando' | undefined;
      if (k === undefined || k === 'gravando') return undefined;
      if (!seen.has(k)) {
        seen.add(k);
        // Animations off: the blinking messages are caught shown, not mid-blink.
        await front(urna);
        await urna.screenshot({ path: join(ARTIFACTS, `urna-tela-${k}.png`), animations: 'disabled' });
      }
      return k;
    };
    // textContent, not innerText: the blinking messages are visibility:hidden half of the time.
    const screenText = async (): Promise<string> => (await urna.locator('#screen').textContent()) ?? '';
    async function expectKind(expected: Kind, ...texts: string[]): Promise<void> {
      // FIM shows once the vote is saved ("gravando" until then): poll for it.
      const end = Date.now() + 5000;
      let k = await kind();
      while (k !== expected && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 20));
        k = await kind();
      }
      assert.equal(k, expected);
      const text = await screenText();
      for (const t of texts) assert.ok(text.includes(t), `screen ${expected} should show "${t}", shows:\n${text}`);
      // Everything on the screen fits in its frame: nothing is drawn below it (the footer included).
      const overflow = (await urna.evaluate(
        `(() => { const s = document.getElementById('screen'); return s.scrollHeight - s.clientHeight; })()`,
      )) as number;
      assert.ok(overflow <= 0, `screen ${expected} overflows its frame by ${overflow} px`);
    }
    await expectKind('bloqueada', 'Aguardando');

    // ---- The terminal, from the urna page's link.
    const href = await urna.locator('#terminal-link').getAttribute('href');
    assert.ok(href, 'the urna page links to its terminal');
    const terminal = await context.newPage();
    terminal.on('pageerror', (e) => errors.push(`terminal: ${e.message}`));
    await terminal.goto(new URL(href, urna.url()).href);
    await front(terminal);
    await until(terminal, `window.__terminalTest.rosterSize() === ${here.voters.length}`);
    const status = async (): Promise<UrnaStatus> => {
      const s = await terminalStatus(terminal);
      assert.ok(s, 'the terminal has heard from its urna');
      return s;
    };
    const waitStatus = (expr: string): Promise<void> => untilStatus(terminal, expr);
    await waitStatus(`s.state === 'aberta'`);
    const message = async (): Promise<string> => (await terminal.locator('#message').textContent()) ?? '';

    async function typeOnTerminal(text: string, how: 'keypad' | 'keyboard'): Promise<void> {
      await front(terminal);
      if (how === 'keypad') {
        for (const d of text) await terminal.click(`#tkeypad [data-key="${d}"]`);
        await terminal.click('#tkeypad [data-key="CONFIRMA"]');
      } else {
        await terminal.evaluate('document.activeElement && document.activeElement.blur()');
        for (const d of text) await terminal.keyboard.press(d);
        await terminal.keyboard.press('Enter');
      }
    }

    /** Identifies and releases a voter as the script says; the urna then shows the first office. */
    async function identifyAndRelease(s: ScriptedVoter, v: Voter): Promise<void> {
      await front(terminal);
      if (s.identify === 'name') {
        await terminal.fill('#name-search', v.name.toLowerCase());
        const pick = terminal.locator(`#name-matches [data-titulo="${v.titulo}"]`);
        await pick.waitFor({ timeout: 5000 });
        await pick.click();
      } else await typeOnTerminal(v.titulo, s.identify);
      await waitStatus(`s.voter && s.voter.titulo === '${v.titulo}'`);
      if (s.release !== 'sem-biometria') {
        await waitStatus(`s.voter.step === 'fingerprint'`);
        await front(terminal);
        if (s.release === 'digital') await terminal.click('#fp-ok');
        else {
          for (let i = 1; i <= 4; i++) {
            await terminal.click('#fp-fail');
            await waitStatus(`s.voter && s.voter.fingerprintFailures === ${i}`);
          }
        }
      }
      if (s.release !== 'digital') {
        await waitStatus(`s.voter && s.voter.step === 'yearOfBirth'`);
        await typeOnTerminal(v.birthDate.slice(0, 4), 'keypad');
      }
      await waitStatus(`s.voter && s.voter.step === 'voting'`);
      await expectKind('digitos', 'SEU VOTO PARA', 'Deputado Estadual');
    }

    async function press(key: Key, input: 'click' | 'keyboard'): Promise<void> {
      if (input === 'click') return urna.click(`#keypad [data-key="${key}"]`);
      const name = key === 'CONFIRMA' ? 'Enter' : key === 'CORRIGE' ? 'Backspace' : key === 'BRANCO' ? 'b' : key;
      await urna.keyboard.press(name);
    }
    async function pressAll(keys: readonly Key[], input: 'click' | 'keyboard'): Promise<void> {
      await front(urna);
      if (input === 'keyboard') {
        // Keys go to the document, not to a control focused earlier (where Enter would activate it).
        await urna.evaluate('document.activeElement && document.activeElement.blur()');
      }
      for (const k of keys) {
        await press(k, input);
        await kind();
      }
    }

    /** The screen a choice leads to before CONFIRMA, and a text it must show. */
    function screenOf(c: Choice): [Kind, string] {
      switch (c.vote) {
        case 'nominal':
          return ['candidato', 'CONFIRMA para CONFIRMAR este voto'];
        case 'legenda':
          return c.typed.length === 2 ? ['partido', 'CONFIRMA para votar na LEGENDA'] : ['legenda', 'VOTO DE LEGENDA'];
        case 'branco':
          return ['branco', 'VOTO EM BRANCO'];
        case 'semCandidato':
          return ['semCandidato', 'NÃO HÁ CANDIDATO PARA ESTE CARGO'];
        case 'nulo': {
          const text = {
            nulo: 'VOTO NULO',
            numeroErrado: 'NÚMERO ERRADO',
            inapto: 'CANDIDATO INAPTO',
            repetido: 'JÁ FOI ESCOLHIDO',
          }[c.screen];
          return [c.screen, text];
        }
      }
    }
    const keysOf = (c: Choice): Key[] =>
      c.vote === 'nominal'
        ? digits(c.number)
        : c.vote === 'branco'
          ? ['BRANCO']
          : c.vote === 'semCandidato'
            ? []
            : digits(c.typed);

    /** One whole ballot: each office's choice, checking every screen on the way, then FIM. */
    async function voteBallot(s: ScriptedVoter): Promise<void> {
      const offices = ['Deputado Estadual', 'Senador 1ª vaga', 'Senador 2ª vaga', 'Governador', 'Presidente'];
      const choices: Choice[] = [...s.ballot, { vote: 'semCandidato' }];
      for (let i = 0; i < choices.length; i++) {
        const c = choices[i]!;
        await expectKind(c.vote === 'semCandidato' ? 'semCandidato' : 'digitos', offices[i]!);
        if (c.corrige) {
          await pressAll(c.corrige.keys, s.input);
          await expectKind(c.corrige.screen);
          await pressAll(['CORRIGE'], s.input);
          await expectKind('digitos', offices[i]!);
        }
        await pressAll(keysOf(c), s.input);
        await expectKind(...screenOf(c));
        await pressAll(['CONFIRMA'], s.input);
      }
      await expectKind('fim', 'FIM');
    }

    const counts = async (): Promise<{ compareceram: number; ocupada: boolean }> =>
      (await urna.evaluate('window.__urnaTest.counts()')) as { compareceram: number; ocupada: boolean };
    /** Key timings and refused keys of the urna page, summed over the reload (a reloaded page starts again). */
    const timings: number[] = [];
    let refused = 0;
    const collectKeyStats = async (): Promise<void> => {
      timings.push(...((await urna.evaluate('window.__urnaTest.keyTimings()')) as number[]));
      refused += (await urna.evaluate('window.__urnaTest.refusedKeys()')) as number;
    };
    let voted = 0;

    for (let i = 0; i < voters.length; i++) {
      const s = voters[i]!;
      const v = people[i]!;

      if (i === 4) {
        // A voter of another seção, typed on the terminal keypad: refused, the message names the título.
        const stranger = elsewhere.voters[0]!.titulo;
        assert.ok(!here.voters.some((x) => x.titulo === stranger), 'the stranger is not on this caderno');
        await typeOnTerminal(stranger, 'keypad');
        await until(terminal, `document.getElementById('message').textContent.includes('não pertence a esta seção')`);
        assert.ok((await message()).includes(formatTitulo(stranger)), `the refusal names ${stranger}`);
        assert.equal((await status()).voter, undefined);
        assert.equal(await kind(), 'fim', 'the urna is not released');
        await terminal.screenshot({ path: join(ARTIFACTS, 'secao-terminal-outra-secao.png'), animations: 'disabled' });
      }
      if (i === 8) {
        // The first voter again: already voted.
        await typeOnTerminal(people[0]!.titulo, 'keypad');
        await until(terminal, `document.getElementById('message').textContent.includes('Eleitor já votou')`);
        assert.equal((await status()).voter, undefined);
      }
      await identifyAndRelease(s, v);
      if (s.interrupted) {
        await pressAll(s.interrupted.keys, s.input);
        assert.equal((await counts()).ocupada, true);
        if (s.interrupted.by === 'cancel') {
          await front(terminal);
          await terminal.click('#cancel');
          await waitStatus(`!s.voter`);
          assert.match((await status()).display.join('\n'), /Eleitor cancelado: não votou/);
          await expectKind('bloqueada');
        } else {
          await collectKeyStats();
          await front(urna);
          await urna.reload();
          await until(urna, `window.__urnaTest.state() === 'aberta'`);
          assert.match(await urna.locator('#restore').innerText(), new RegExp(`Urna restaurada: ${voted} voto`));
          await expectKind('bloqueada');
          // The terminal hears the restored urna: nobody in the booth, the same count.
          await waitStatus(`!s.voter && s.counts.compareceram === ${voted}`);
        }
        const after = await counts();
        assert.deepEqual(after, { ...after, compareceram: voted, ocupada: false });
        // Not counted, so the same voter is identified again and votes.
        await identifyAndRelease(s, v);
      }
      await voteBallot(s);
      voted++;
      await waitStatus(`!s.voter && s.counts.compareceram === ${voted}`);
      assert.equal((await counts()).compareceram, voted);
      if (i === 0) {
        await front(terminal);
        await terminal.screenshot({ path: join(ARTIFACTS, 'secao-terminal-votou.png') });
      }
    }
    await collectKeyStats();
    // Every key the script presses is one its screen takes: none was refused ("tecla indevida").
    assert.equal(refused, 0);

    // ---- Every urna screen was on display, and is kept as an artifact.
    assert.deepEqual(
      ALL_KINDS.filter((k) => !seen.has(k)),
      [],
      'every screen kind reached',
    );
    for (const k of ALL_KINDS) {
      assert.ok(existsSync(join(ARTIFACTS, `urna-tela-${k}.png`)), `urna-tela-${k}.png kept`);
    }

    // ---- Closing: refused before 17:00 (the message on the terminal), done at 17:05 with the mesários.
    const mesarios = ['Presidente: Ana Beatriz Souza', '1º Mesário: Carlos Eduardo Lima', 'Secretário: Dora Nunes'];
    const extraCopies = 2;
    async function closeFromTerminal(): Promise<void> {
      await front(terminal);
      if (await terminal.locator('#closing-form').isHidden()) await terminal.click('#close-voting');
      await terminal.waitForSelector('#closing-form:not([hidden])');
      await terminal.fill('#close-mesarios', mesarios.join('\n'));
      await terminal.fill('#close-extra-copies', String(extraCopies));
      await terminal.click('#close-confirm');
    }
    await until(terminal, `!document.getElementById('close-voting').disabled`);
    await closeFromTerminal();
    await until(terminal, `document.getElementById('message').textContent.includes('17:00')`);
    assert.match(await message(), /só pode ser encerrada a partir de .*17:00/);
    assert.equal((await status()).state, 'aberta');
    assert.equal(await urna.evaluate('window.__urnaTest.state()'), 'aberta');
    await terminal.screenshot({ path: join(ARTIFACTS, 'secao-terminal-encerramento-recusado.png') });

    const fivePast = new Date(`${def.date}T17:05:00-03:00`);
    assert.equal(localTime(fivePast), '17:05');
    await context.clock.setFixedTime(fivePast);
    await closeFromTerminal();
    await until(urna, `window.__urnaTest.state() === 'encerrada' && window.__urnaTest.mediaFiles().length > 0`);
    await waitStatus(`s.state === 'encerrada'`);
    assert.equal(await terminal.locator('#close-voting').isDisabled(), true);

    await front(urna);
    const buText = await urna.locator('#bu-text').innerText();
    assert.match(buText, /BOLETIM DE URNA/);
    // The printed reports: 5 + 2 copies of the BU, and the BIM with the mesários of the closing.
    const vias = 5 + extraCopies;
    assert.equal(await urna.locator('#report-bu .paper-bu').count(), vias);
    assert.match(await urna.locator('#report-bu h3').innerText(), new RegExp(`\\b${vias} vias\\b`));
    assert.ok(
      ((await urna.locator('#report-bu').textContent()) ?? '').includes(`via ${vias}/${vias} (adicional)`),
      `the last BU copy is marked via ${vias}/${vias}`,
    );
    const bim = (await urna.locator('#report-bim').textContent()) ?? '';
    const closingAt = bim.indexOf('Mesários registrados no fechamento');
    assert.ok(closingAt >= 0, `the BIM has a closing part:\n${bim}`);
    const closingPart = bim.slice(closingAt);
    for (const m of mesarios) {
      const [role, name] = m.split(': ');
      assert.ok(closingPart.includes(`Função: ${role}`), `BIM: Função: ${role}`);
      assert.ok(closingPart.includes(`Nome: ${name}`), `BIM: Nome: ${name}`);
    }
    await urna.screenshot({ path: join(ARTIFACTS, 'secao-encerrada.png'), fullPage: true, animations: 'disabled' });

    // ---- The results media, downloaded and read back in Node.
    const names = (await urna.evaluate('window.__urnaTest.mediaFiles()')) as string[];
    const { order, files } = await downloadAll(urna, names.length, join(web.work, 'downloads'));
    assert.deepEqual(order, names);
    const media = checkResultsMedia(files, electionKey);
    assert.ok(media.ok, media.ok ? '' : JSON.stringify(media.problems));

    const buName = names.find((n) => n.endsWith('-bu.dat'));
    assert.ok(buName, `no -bu.dat among ${names.join(', ')}`);
    const decoded = decodeBuV2ToModel(files.get(buName)!, buName);
    assert.ok(decoded.ok, decoded.ok ? '' : JSON.stringify(decoded.problems));
    const bu = decoded.value;
    assert.deepEqual(verifyBuSignatures(bu, here.urna.publicKey, buName), []);
    assert.deepEqual(media.value.bu, bu);

    // Attendance: who came, how they were released, who stayed away.
    const aptos = here.voters.length;
    const came = voters.length;
    assert.equal(bu.qtdEleitoresCompareceram, came);
    assert.deepEqual(bu.detalhamentoComparecimento, {
      qtdEleitoresCompareceramSemBiometria: voters.filter((s) => s.release === 'sem-biometria').length,
      qtdEleitoresHabilitadosPorBiometria: voters.filter((s) => s.release === 'digital').length,
      qtdEleitoresHabilitadosPorBiografia: voters.filter((s) => s.release === 'digital-falha').length,
    });
    for (const e of bu.resultadosVotacaoPorEleicao) {
      assert.equal(e.qtdEleitoresAptos, aptos);
      assert.equal(e.qtdEleitoresAptos - bu.qtdEleitoresCompareceram, aptos - came, 'abstenções');
      for (const r of e.resultadosVotacao) assert.equal(r.qtdComparecimento, came);
    }
    assert.match(buText, new RegExp(`Eleitores faltosos\\s*\\.*\\s*${aptos - came}\\b`));

    // The votes: per office, exactly the tally of the scripted choices.
    const expected = expectedTally(voters);
    const got = buTally(bu);
    assert.deepEqual([...got.keys()].sort(), [...expected.keys()].sort());
    for (const [cargo, tally] of expected) assert.deepEqual(sorted(got.get(cargo)), sorted(tally), `cargo ${cargo}`);

    // ---- One frame per key, over the whole run. Playwright's clock serves performance.now() in whole milliseconds
    // (it fakes performance along with Date), so these timings have a resolution of 1 ms.
    assert.ok(timings.length > 300, `only ${timings.length} key timings`);
    const median = percentile(timings, 50);
    const p95 = percentile(timings, 95);
    console.log(
      `urna key press → render over the seção: ${timings.length} keys, median ${median.toFixed(2)} ms, ` +
        `p95 ${p95.toFixed(2)} ms, max ${Math.max(...timings).toFixed(2)} ms`,
    );
    assert.ok(p95 < 16, `p95 ${p95} ms`);

    assert.deepEqual(errors, []);
    await terminal.close();
    await urna.close();
  });
});
