// The urna in the browser (issue #4, first step): open a carga file, load the urna in training mode, and vote on a
// screen and keypad drawn like the real urna's (ELECTION-RULES §3.2–3.3). The rules are the core's: src/urna/urna.ts
// is the state machine and src/urna/screens.ts says what each screen shows; this file only renders and wires keys.
// It makes no network request: the page's CSP forbids connections, and the carga is read from a local file.
// Built by scripts/build-web.ts, which swaps src/crypto/* for the browser twins in src/crypto/browser/.
import { fromHex, toHex } from '../../src/crypto/hash.ts';
import { cryptoRandom } from '../../src/crypto/random.ts';
import type { Problem } from '../../src/election/problem.ts';
import { openCarga } from '../../src/media/carga.ts';
import type { CargaContent } from '../../src/media/carga-types.ts';
import type { Key } from '../../src/urna/ballot-types.ts';
import { brDate, systemClock } from '../../src/urna/clock.ts';
import { printSigned } from '../../src/urna/printer.ts';
import { buildScreen, type Screen, type ScreenKind } from '../../src/urna/screens.ts';
import {
  loadUrna,
  restoreUrna,
  type ResultsPackage,
  type Urna,
  type UrnaCounts,
  type UrnaOptions,
  type UrnaSnapshot,
  type UrnaState,
} from '../../src/urna/urna.ts';
import type { Outcome } from '../../src/urna/outcome.ts';
import { MesarioTerminal } from '../../src/terminal/terminal.ts';
import { byId, el } from '../shared/dom.ts';
import { enterActivatesControl, trackTabbedFocus } from '../shared/focus.ts';
import { openUrnaEnd, secaoKey, type CableEnd, type TerminalCommand, type UrnaMessage } from '../shared/cable.ts';
import { a11yShortcut, screenCleared, speakScreen, spoken, wireA11y } from './a11y.ts';
import { mediaFileNames, showClosing, showZeresima } from './printouts.ts';
import { parseMesarios } from '../shared/mesarios.ts';
import type { Mesario } from '../../src/urna/reports.ts';
import { memoryClear, memoryGet, memoryPut, type StoredCarga } from './memory.ts';

// ---------------------------------------------------------------------------------------------------- sound
// Synthesized with WebAudio (no audio files): a short beep for each key the urna takes, a low buzz for a key it
// refuses ("tecla indevida"), and the end-of-vote sequence on FIM.

let audio: AudioContext | undefined;

/** Creates the AudioContext ahead of the first key (it takes tens of ms); called from a user gesture. */
function warmUpAudio(): void {
  try {
    audio ??= new AudioContext();
  } catch {
    // No WebAudio: silent urna.
  }
}

function tone(freq: number, start: number, duration: number, type: OscillatorType = 'square'): void {
  try {
    audio ??= new AudioContext();
    const t0 = audio.currentTime + start;
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = type;
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.08, t0);
    gain.gain.setValueAtTime(0, t0 + duration);
    osc.connect(gain).connect(audio.destination);
    osc.start(t0);
    osc.stop(t0 + duration + 0.01);
  } catch {
    // No audio device (or WebAudio blocked): the urna still works, silently.
  }
}

const sound = {
  key: (): void => tone(1400, 0, 0.06),
  refused: (): void => tone(400, 0, 0.25, 'sawtooth'),
  // The real urna's end of vote: a run of short beeps and a longer last one.
  fim: (): void => {
    for (let i = 0; i < 5; i++) tone(1400, i * 0.12, 0.07);
    tone(1400, 0.6, 0.45);
  },
};

// ---------------------------------------------------------------------------------------------------- carga

/** The key in an `election.pub` file or pasted text: one 64-digit hex line; `#` lines are comments (as setup.ts). */
export function parsePublicKey(text: string, source: string): Uint8Array | Problem {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const line = lines[0];
  if (lines.length !== 1 || line === undefined || !/^[0-9a-fA-F]{64}$/.test(line)) {
    return {
      file: source,
      path: '',
      expected: 'one line with the 32-byte election public key in hex (64 digits)',
      found: `${lines.length} line(s)${line !== undefined ? `, the first "${line.slice(0, 20)}"` : ''}`,
    };
  }
  return fromHex(line);
}

function isKeyFile(name: string, text: string): boolean {
  return name.endsWith('.pub') || /^\s*(#[^\n]*\n\s*)*[0-9a-fA-F]{64}\s*$/.test(text);
}

function showProblems(problems: readonly Problem[]): void {
  const list = byId('carga-problem-list');
  list.replaceChildren(
    ...problems.map((p) =>
      el('li', '', `${p.file}${p.path ? ` — ${p.path}` : ''}: esperado ${p.expected}; encontrado ${p.found}`),
    ),
  );
  byId('carga-problems').hidden = problems.length === 0;
}

async function loadFromInputs(): Promise<void> {
  const files = [...(byId<HTMLInputElement>('carga-files').files ?? [])];
  const problems: Problem[] = [];
  let key: Uint8Array | undefined;
  let carga: { name: string; text: string } | undefined;
  const pasted = byId<HTMLTextAreaElement>('carga-key').value;
  if (pasted.trim() !== '') {
    const k = parsePublicKey(pasted, 'chave colada');
    if (k instanceof Uint8Array) key = k;
    else problems.push(k);
  }
  for (const f of files) {
    const text = await f.text();
    if (isKeyFile(f.name, text)) {
      const k = parsePublicKey(text, f.name);
      if (k instanceof Uint8Array) key = k;
      else problems.push(k);
    } else {
      carga = { name: f.name, text };
    }
  }
  if (!carga) problems.push({ file: '(nenhum)', path: '', expected: 'a carga file (carga.json)', found: 'none' });
  if (!key && problems.length === 0) {
    problems.push({ file: '(nenhum)', path: '', expected: 'the election public key (election.pub)', found: 'none' });
  }
  if (problems.length > 0 || !carga || !key) return showProblems(problems);
  const opened = openCarga(carga.text, carga.name, { electionPublicKey: key });
  if (!opened.ok) return showProblems(opened.problems);
  const problem = secaoProblem(carga.name, opened.value);
  if (problem) return showProblems([problem]);
  const opening = parseMesarios(byId<HTMLTextAreaElement>('opening-mesarios').value);
  showProblems([]);
  mode = byId<HTMLSelectElement>('carga-mode').value === 'treinamento' ? 'treinamento' : 'oficial';
  const u = loadUrna(opened.value, DEPS, urnaOptions(mode));
  // The carga, the key and the mode are kept with the first snapshot, in one transaction: a stored snapshot always
  // has them.
  await start(u, { carga, electionKey: toHex(key), mode, opening });
}

// ---------------------------------------------------------------------------------------------------- urna

let urna: Urna | undefined;
/** The last screen drawn: the voter's, FIM after a vote, or the locked screen. */
let shown: Screen | 'bloqueada' | 'gravando' = 'bloqueada';
/** Position in the caderno from which releaseNextVoter looks for a voter who has not voted (keeps it O(n) overall). */
let nextVoter = 0;
/** Time to handle each key — screen drawn, terminal told, sound scheduled — ms, for the test hooks (one frame: 16 ms). */
const keyTimings: number[] = [];
/** Keys the screen did not take (answered with the "tecla indevida" buzz), for the test hooks. */
let refusedKeys = 0;

const FIM_STATE = {
  kind: 'fim' as const,
  office: undefined,
  escolha: 0,
  typed: '',
  candidate: undefined,
  party: undefined,
  acceptedKeys: [],
  vote: 0,
  of: 0,
};

const DEPS = { clock: systemClock, random: cryptoRandom };

/**
 * 'oficial': the urna keeps the carga's date and hours with the computer's clock, as the real one (zerésima from
 * 07:00, voting 08:00–17:00, closing from 17:00), and only the mesário terminal releases voters. 'treinamento':
 * no schedule, and a button releases the next voter without identification (practice, classes).
 */
export type UrnaMode = 'oficial' | 'treinamento';
let mode: UrnaMode = 'oficial';

const urnaOptions = (m: UrnaMode): UrnaOptions => ({ enforceSchedule: m === 'oficial' });

/** The seção this urna is assigned to (`?secao=<município>-<zona>-<seção>`, as the cable names it), if given. */
const assignedSecao = new URLSearchParams(location.search).get('secao')?.trim() || undefined;

/** A carga (from a file or from the memory) of another seção than the one this page is assigned to. */
function secaoProblem(file: string, carga: CargaContent): Problem | undefined {
  const secao = secaoKey(carga.secao);
  if (assignedSecao === undefined || secao === assignedSecao) return undefined;
  return {
    file,
    path: 'secao',
    expected: `a carga da seção ${assignedSecao}, a desta urna`,
    found: `a carga da seção ${secao} (${carga.secao.municipioName}/${carga.secao.uf})`,
  };
}

/**
 * Takes an urna — freshly loaded, or restored from memory — to open voting (zerésima and opening as needed), saves
 * it, and shows it. `fresh` carries what a new load adds: the carga file, key and mode to store with the first
 * snapshot, and the mesários present at the opening.
 */
async function start(
  u: Urna,
  fresh?: { carga: StoredCarga; electionKey: string; mode: UrnaMode; opening: Mesario[] },
): Promise<void> {
  const carga: CargaContent = u.carga;
  if (u.state === 'carregada') {
    // Before 07:00 of the election day (oficial) the urna refuses even the zerésima: nothing is stored.
    const z = u.zeresima();
    if (!z.ok) {
      const expected =
        mode === 'oficial'
          ? 'a zerésima no dia da eleição, a partir das 07:00 (para praticar em outro dia ou horário, escolha o modo Treinamento)'
          : 'a zerésima';
      return showProblems([{ file: 'urna', path: 'zerésima', expected, found: z.error.message }]);
    }
  }
  // Printed as the urna prints it: the body, then its SHA-512 and the urna's signature. A restarted urna reprints
  // the zerésima it kept. (Past the check above, every urna has printed one.)
  const printed = u.printedZeresima();
  if (fresh && fresh.opening.length > 0) {
    const r = u.registerMesarios('abertura', fresh.opening);
    if (!r.ok) {
      return showProblems([
        { file: 'mesários na abertura', path: '', expected: 'um mesário por linha', found: r.error.message },
      ]);
    }
  }
  // Before 08:00 the urna stays with its zerésima printed and opens itself at the hour (waitForOpening).
  const opening = u.state === 'zeresima-emitida' ? u.open() : undefined;
  try {
    await memoryPut({
      ...(fresh ? { carga: fresh.carga, electionKey: fresh.electionKey, mode: fresh.mode } : {}),
      snapshot: u.snapshot(),
    });
  } catch (e) {
    return showProblems([{ file: 'IndexedDB', path: 'urna', expected: 'the urna memory saved', found: String(e) }]);
  }
  urna = u;
  terminal = new MesarioTerminal(u);
  nextVoter = 0;
  shown = 'bloqueada';
  if (printed) showZeresima(printSigned(printed));
  const s = carga.secao;
  byId('mesa-info').textContent =
    `${s.municipioName}/${s.uf} — Zona ${s.zona}, Seção ${s.secao} — urna ${carga.urna.numeroInternoUrna}`;
  byId('mode-label').textContent =
    mode === 'oficial'
      ? `Votação oficial — ${brDate(carga.election.date)}, ` +
        `${carga.election.hours.open} às ${carga.election.hours.close}`
      : 'Modo de treinamento';
  // In an official election only the mesário terminal releases a voter, after identifying them.
  byId('release').hidden = mode === 'oficial';
  byId('carga').hidden = true;
  byId('urna-view').hidden = false;
  render();
  const n = u.counts().compareceram;
  updateMesa(
    u.state === 'encerrada'
      ? 'Votação encerrada.'
      : u.state !== 'aberta'
        ? opening && !opening.ok
          ? opening.error.message
          : 'Aguardando a abertura da votação.'
        : n === 0
          ? 'Votação aberta. Libere o primeiro eleitor.'
          : `Votação aberta. Comparecimento: ${n}.`,
  );
  if (u.state === 'zeresima-emitida') waitForOpening();
  connectCable(secaoKey(s));
  if (u.state === 'encerrada') {
    const r = u.results();
    if (r.ok) showClosed(r.value);
  }
}

/**
 * Before the opening hour the urna waits with its zerésima printed, and opens itself at the hour (checked every
 * second against the clock, which the core reads). After the closing hour it cannot open: the refusal stays shown.
 */
function waitForOpening(): void {
  const timer = setInterval(() => {
    const u = urna;
    if (!u || u.state !== 'zeresima-emitida') return clearInterval(timer);
    const o = u.open();
    if (!o.ok) {
      if (o.error.code !== 'too-early') clearInterval(timer);
      return updateMesa(o.error.message);
    }
    clearInterval(timer);
    void save().then(
      () => {
        updateMesa('Votação aberta. Libere o primeiro eleitor.');
        render();
        sendStatus('');
      },
      (e: unknown) => memoryFailed(e),
    );
  }, 1000);
}

// ---------------------------------------------------------------------------------------------------- memory
// The urna's memory survives a reload or a closed tab (web/urna/memory.ts, IndexedDB). Saved after everything the
// urna must not forget: the opening, each confirmed vote, each justificativa, the closing. A voter in the booth is
// never saved (the snapshot does not hold one): after a power loss that ballot is gone and the voter has not voted.

/** Saves run one after another, each with the snapshot taken when it was asked for. */
let saving: Promise<void> = Promise.resolve();
/** Snapshots saved so far (test hook). */
let saves = 0;

function save(): Promise<void> {
  const u = urna;
  if (!u) return Promise.resolve();
  const snapshot = u.snapshot();
  const next = saving.then(() => memoryPut({ snapshot })).then(() => void saves++);
  // A failed save must not block the ones after it; the caller of this one sees the failure.
  saving = next.catch(() => undefined);
  return next;
}

function memoryFailed(e: unknown): void {
  updateMesa(`FALHA AO GRAVAR A MEMÓRIA DA URNA: ${e instanceof Error ? e.message : String(e)}`);
}

/**
 * On page load: the urna kept in memory, if any. Nothing stored is trusted: the carga's signatures are checked again
 * with the stored key, and restoreUrna checks the snapshot against the carga.
 */
async function restoreFromMemory(): Promise<void> {
  let carga: StoredCarga | undefined;
  let key: string | undefined;
  let snapshot: UrnaSnapshot | undefined;
  let stored: UrnaMode | undefined;
  try {
    [carga, key, snapshot, stored] = await Promise.all([
      memoryGet<StoredCarga>('carga'),
      memoryGet<string>('electionKey'),
      memoryGet<UrnaSnapshot>('snapshot'),
      memoryGet<UrnaMode>('mode'),
    ]);
  } catch (e) {
    return showProblems([{ file: 'IndexedDB', path: 'urna', expected: 'the urna memory', found: String(e) }]);
  }
  if (!carga || !key || !snapshot) return;
  const banner = restoreBanner();
  const k = parsePublicKey(key, 'memória da urna (chave)');
  if (!(k instanceof Uint8Array)) return showProblems([k]);
  const opened = openCarga(carga.text, `memória da urna (${carga.name})`, { electionPublicKey: k });
  if (!opened.ok) return showProblems(opened.problems);
  const problem = secaoProblem(`memória da urna (${carga.name})`, opened.value);
  if (problem) return showProblems([problem]);
  // A memory written before the modes existed was a training urna.
  mode = stored === 'oficial' ? 'oficial' : 'treinamento';
  const restored = restoreUrna(opened.value, snapshot, DEPS, urnaOptions(mode));
  if (!restored.ok) return showProblems(restored.problems);
  const n = restored.value.counts().compareceram;
  banner.querySelector('.restore-text')!.textContent = `Urna restaurada: ${n} ${n === 1 ? 'voto' : 'votos'}`;
  await start(restored.value);
}

/** "Urna restaurada: N votos" and the way out: discard the memory and load another carga. */
function restoreBanner(): HTMLElement {
  const banner = el('section', 'panel restore');
  banner.id = 'restore';
  const discard = el('button', '', 'Descartar e carregar outra carga') as HTMLButtonElement;
  discard.id = 'restore-discard';
  discard.type = 'button';
  discard.addEventListener('click', () => {
    void memoryClear().then(
      () => location.reload(),
      (e: unknown) => memoryFailed(e),
    );
  });
  banner.append(el('strong', 'restore-text', 'Memória da urna encontrada'), ' ', discard);
  byId('carga').before(banner);
  return banner;
}

/**
 * Training mode's stand-in for the mesário terminal: releases the next voter of the caderno who has not voted,
 * as if the fingerprint matched (or the year of birth was right for voters without biometrics). The mesário
 * terminal (a later step) replaces this function with the identification it sends over the cable.
 */
export function releaseNextVoter(): string {
  const u = urna;
  if (!u) return 'Nenhuma urna carregada';
  const voters = u.carga.voters;
  while (nextVoter < voters.length && u.hasVoted(voters[nextVoter]!.titulo)) nextVoter++;
  const voter = voters[nextVoter];
  if (!voter) return 'Todos os eleitores da seção já votaram';
  const id = u.identify(voter.titulo);
  if (!id.ok) return id.error.message;
  const step = id.value.step === 'fingerprint' ? u.fingerprint(true) : u.yearOfBirth(voter.birthDate.slice(0, 4));
  if (!step.ok) return step.error.message;
  shown = u.screen() ?? 'bloqueada';
  render();
  sendStatus('');
  return `Eleitor(a) ${id.value.seq} liberado(a): ${voter.name}`;
}

function updateMesa(message: string): void {
  byId('mesa-status').textContent = message;
}

function pressKey(key: Key): void {
  const u = urna;
  if (!u) return;
  const t0 = performance.now();
  const r = u.pressKey(key);
  const accepted = r.ok && r.value.accepted;
  const finished = r.ok && r.value.finished;
  if (finished) {
    // The vote is safe only once it is in memory: FIM (and its sound) wait for the save, as the real urna's FIM
    // waits for both memories. Until then the booth shows nothing to confirm.
    shown = 'gravando';
    void save().then(
      () => {
        if (shown === 'gravando') shown = buildScreen(FIM_STATE);
        render();
        updateMesa(`Voto concluído. Comparecimento: ${u.counts().compareceram}.`);
        sound.fim();
      },
      (e: unknown) => memoryFailed(e),
    );
  } else if (accepted) {
    shown = u.screen() ?? 'bloqueada';
  }
  render();
  // The terminal follows the vote ("VOTANDO PARA", votaram): after the frame's work, like the sound.
  if (accepted || finished) sendStatus('');
  // Sound after the screen: scheduling it does not delay the frame. FIM's sound waits for the save (above).
  if (accepted && !finished) sound.key();
  else if (!accepted) {
    refusedKeys++;
    sound.refused();
  }
  // The whole handler, screen, cable and sound: what must fit in one frame (16 ms).
  keyTimings.push(performance.now() - t0);
}

// ---------------------------------------------------------------------------------------------------- cable
// The mesário terminal page (web/terminal) talks to this page over the cable (web/shared/cable.ts). Each command is
// handed to the core's MesarioTerminal, and the answer is the terminal's display and counts: the rules stay in
// src/urna and src/terminal. releaseNextVoter above stays for training without a terminal.

let terminal: MesarioTerminal | undefined;
let cable: CableEnd<UrnaMessage, TerminalCommand> | undefined;

function connectCable(key: string): void {
  cable?.close();
  cable = openUrnaEnd(key);
  cable.onMessage(onCommand);
  const link = byId<HTMLAnchorElement>('terminal-link');
  link.href = `../terminal/?secao=${encodeURIComponent(key)}`;
  link.textContent = `Terminal do mesário (cabo ${key})`;
  // A terminal opened before the carga is waiting for this.
  cable.send({ type: 'hello', secao: key });
  sendRoster(key);
  sendStatus('');
}

/** The caderno's names and títulos, once per connection, for the terminal's search by name. */
function sendRoster(key: string): void {
  const u = urna;
  if (!u || !cable) return;
  const voters = u.carga.voters.map((v, i) => ({ titulo: v.titulo, name: v.name, seq: i + 1 }));
  cable.send({ type: 'roster', secao: key, voters });
}

function sendStatus(message: string, answers?: TerminalCommand['type']): void {
  const u = urna;
  const t = terminal;
  if (!u || !t || !cable) return;
  const voter = u.currentVoter();
  cable.send({
    type: 'status',
    state: u.state,
    counts: u.counts(),
    liberados: t.counts().liberados,
    ...(voter ? { voter } : {}),
    display: t.display(),
    message,
    ...(answers ? { answers } : {}),
  });
}

function onCommand(c: TerminalCommand): void {
  const u = urna;
  const t = terminal;
  if (!u || !t) return;
  let outcome: Outcome<unknown> | undefined;
  switch (c.type) {
    case 'identify':
      outcome = t.identify(c.titulo);
      break;
    case 'fingerprint':
      outcome = t.fingerprint(c.matches);
      break;
    case 'yearOfBirth':
      outcome = t.yearOfBirth(c.year);
      break;
    case 'cancel':
      outcome = t.cancel();
      break;
    case 'justify':
      outcome = t.justify(c.titulo, c.reason);
      if (outcome.ok) void save().catch(memoryFailed);
      break;
    case 'close':
      return void closeFromTerminal(c.mesarios, c.extraCopies);
    case 'requestStatus':
      sendRoster(secaoKey(u.carga.secao));
      break;
  }
  // The booth follows the terminal: the ballot once released, locked again after a cancel; FIM stays until then.
  const screen = u.screen();
  if (screen) shown = screen;
  else if (shown === 'bloqueada' || shown === 'gravando') {
    // 'gravando' stays until its save resolves.
  } else if (shown.kind !== 'fim' || c.type === 'cancel') shown = 'bloqueada';
  render();
  if (outcome?.ok && screen && c.type !== 'requestStatus') {
    updateMesa(`Eleitor(a) ${u.currentVoter()?.seq ?? ''} liberado(a) pelo terminal`);
  }
  sendStatus(outcome && !outcome.ok ? outcome.error.message : '', c.type);
}

/** The closing shown: the BU and the results media; nobody is released any more. */
function showClosed(pkg: ResultsPackage): void {
  const u = urna;
  if (!u) return;
  showClosing(pkg, u.carga, byId('urna-view'));
  byId<HTMLButtonElement>('release').disabled = true;
}

/** The terminal's "Encerrar votação" (the mesário confirmed there that the queue is done). */
async function closeFromTerminal(mesarios: readonly Mesario[], extraBuCopies: number): Promise<void> {
  const u = urna;
  const t = terminal;
  if (!u || !t) return;
  const closed = t.close(true, { extraBuCopies, mesarios });
  if (!closed.ok) {
    // Refused (before 17:00, a voter in the booth, a blank name…): said on both screens; nothing is changed.
    updateMesa(`Encerramento recusado: ${closed.error.message}`);
    return sendStatus(closed.error.message, 'close');
  }
  try {
    await save();
  } catch (e) {
    memoryFailed(e);
  }
  shown = 'bloqueada';
  render();
  updateMesa('Votação encerrada.');
  showClosed(closed.value);
  sendStatus('', 'close');
}

// ---------------------------------------------------------------------------------------------------- rendering

function renderLocked(root: HTMLElement): void {
  root.className = 'screen locked';
  const text = urna?.state === 'encerrada' ? 'Votação encerrada' : 'Aguardando liberação do eleitor';
  root.replaceChildren(el('div', 'locked-text', text));
}

function renderScreen(root: HTMLElement, s: Screen): void {
  root.className = `screen kind-${s.kind}`;
  if (s.kind === 'fim') {
    root.replaceChildren(el('div', 'fim', s.messages[0] ?? 'FIM'));
    return;
  }
  const body = el('div', 'body');
  const main = el('div', 'main');
  main.append(el('div', 'header', s.header), el('div', 'office', s.officeName));
  if (s.digitBoxes > 0) {
    const row = el('div', 'number');
    row.append(el('span', 'label', s.numberLabel));
    const boxes = el('span', 'boxes');
    for (let i = 0; i < s.digitBoxes; i++) boxes.append(el('span', 'box', s.typed[i] ?? ''));
    row.append(boxes);
    main.append(row);
  }
  for (const f of s.fields) {
    const row = el('div', 'field');
    row.append(el('span', 'label', f.label), el('span', 'value', f.value));
    main.append(row);
  }
  for (const m of s.messages) main.append(el('div', 'message', m));
  body.append(main);
  if (s.photo) {
    const photos = el('div', 'photos');
    photos.append(el('div', 'photo', 'FOTO'));
    for (const m of s.candidate?.runningMates ?? []) photos.append(el('div', 'photo small', m.label));
    body.append(photos);
  }
  root.replaceChildren(body);
  if (s.footer.length > 0) {
    const footer = el('div', 'footer');
    for (const line of s.footer) footer.append(el('div', '', line));
    root.append(footer);
  }
  // The screen is a fixed frame, like the urna's. A crowded screen (a senator with two suplentes and a message)
  // is drawn tighter rather than below the frame. One layout read per key, well inside the frame budget.
  if (root.scrollHeight > root.clientHeight) root.classList.add('dense');
}

function render(): void {
  const root = byId('screen');
  if (shown === 'bloqueada') {
    renderLocked(root);
    screenCleared();
  } else if (shown === 'gravando') {
    root.className = 'screen locked';
    root.replaceChildren(el('div', 'locked-text', 'Gravando…'));
    screenCleared();
  } else {
    renderScreen(root, shown);
    // After the DOM: the audio mode never delays the frame's drawing.
    speakScreen(shown.audio);
  }
}

// ---------------------------------------------------------------------------------------------------- input

const KEYBOARD: Record<string, Key> = { Backspace: 'CORRIGE', Enter: 'CONFIRMA', b: 'BRANCO', B: 'BRANCO' };

function keyFromEvent(e: KeyboardEvent): Key | undefined {
  if (e.key.length === 1 && e.key >= '0' && e.key <= '9') return e.key as Key;
  return KEYBOARD[e.key];
}

function wire(): void {
  byId('carga-load').addEventListener('click', () => void loadFromInputs());
  byId('release').addEventListener('click', () => {
    warmUpAudio();
    updateMesa(releaseNextVoter());
  });
  byId('keypad').addEventListener('click', (e) => {
    const key = (e.target as HTMLElement).closest<HTMLElement>('[data-key]')?.dataset.key;
    if (key) pressKey(key as Key);
  });
  wireA11y(() => (typeof shown === 'string' ? '' : shown.audio));
  trackTabbedFocus();
  document.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement | null;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return;
    const toggle = a11yShortcut(e);
    if (toggle) {
      e.preventDefault();
      return toggle.click();
    }
    if (byId('urna-view').hidden || e.ctrlKey || e.metaKey || e.altKey) return;
    // Enter on a control reached with Tab (a keypad key, the release button, a link) activates that control, as
    // everywhere else: without a mouse, Tab to CONFIRMA and Enter is the same as clicking it. A control focused by a
    // click does not take Enter: there Enter is the urna's CONFIRMA.
    if (enterActivatesControl(e, target)) return;
    const key = keyFromEvent(e);
    if (!key) return;
    e.preventDefault();
    pressKey(key);
  });
}

// ---------------------------------------------------------------------------------------------------- test hooks

/** Read-only hooks for the end-to-end tests (test/web/urna-page.test.ts). Not part of the urna's behaviour. */
export interface UrnaTestHooks {
  /** The screen on display: a ScreenKind, or 'bloqueada' while no voter is released; undefined before the carga. */
  screenKind(): ScreenKind | 'bloqueada' | 'gravando' | undefined;
  state(): UrnaState | undefined;
  mode(): UrnaMode;
  /** Snapshots saved to IndexedDB since the page loaded. */
  saves(): number;
  /** The results media's file names, once closed. */
  mediaFiles(): string[];
  counts(): UrnaCounts | undefined;
  /** Per-key handling times so far (screen, cable, sound), ms. */
  keyTimings(): number[];
  /** Keys refused so far (buzz, no change). */
  refusedKeys(): number;
  /** Texts sent to speech synthesis by the audio mode, in order. */
  spoken(): string[];
}

declare global {
  interface Window {
    __urnaTest: UrnaTestHooks;
  }
}

window.__urnaTest = Object.freeze({
  screenKind: () => (urna ? (typeof shown === 'string' ? shown : shown.kind) : undefined),
  saves: () => saves,
  mediaFiles: mediaFileNames,
  state: () => urna?.state,
  mode: () => mode,
  counts: () => urna?.counts(),
  keyTimings: () => [...keyTimings],
  refusedKeys: () => refusedKeys,
  spoken,
});

/**
 * One urna per browser: its memory (IndexedDB) is the origin's, so a second tab would be a second urna writing the
 * same memory. The first tab holds a Web Lock for as long as it lives; another tab finds it taken and stops there.
 */
function holdUrnaLock(): Promise<boolean> {
  if (!('locks' in navigator)) return Promise.resolve(true);
  return new Promise((resolve) => {
    void navigator.locks.request('urna-memoria', { ifAvailable: true }, (lock) => {
      resolve(lock !== null);
      // Held until the page goes away.
      return lock ? new Promise<void>(() => undefined) : undefined;
    });
  });
}

void holdUrnaLock().then((mine) => {
  if (!mine) {
    byId('carga').hidden = true;
    byId('elsewhere').hidden = false;
    return;
  }
  wire();
  return restoreFromMemory();
});
