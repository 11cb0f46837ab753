// The mesário terminal in the browser (issue #4): a remote keyboard and display for the urna page, over the cable
// (web/shared/cable.ts, a same-machine BroadcastChannel). It holds no rule: every command goes to the urna page,
// whose MesarioTerminal (src/terminal/terminal.ts) and Urna (src/urna/urna.ts) decide; this page draws the 4 × 40
// display and the counts they send back. What it adds is input: digits typed on its keypad, and the search of the
// caderno by name (the urna sends the names and títulos once on connect).
import { formatTitulo } from '../../src/election/titulo.ts';
import type { UrnaState, VoterStatus } from '../../src/urna/urna.ts';
import {
  openTerminalEnd,
  type CableEnd,
  type RosterEntry,
  type TerminalCommand,
  type UrnaMessage,
  type UrnaStatus,
} from '../shared/cable.ts';
import { byId, el } from '../shared/dom.ts';
import { enterActivatesControl, trackTabbedFocus } from '../shared/focus.ts';
import { parseMesarios } from '../shared/mesarios.ts';

// ---------------------------------------------------------------------------------------------------- state

let cable: CableEnd<TerminalCommand, UrnaMessage> | undefined;
let status: UrnaStatus | undefined;
/** Digits typed on the keypad: a título while nobody is identified, the year of birth when the urna asks for it. */
let typed = '';
/** The título of the last identify sent, to name it in a refusal. */
let lastTitulo = '';
/** The caderno with its names normalised once, for the search as the name is typed. */
let roster: { entry: RosterEntry; key: string }[] = [];
/** Time to filter and draw the matches for each keystroke in the name field, ms (test hook). */
const searchTimings: number[] = [];

const MAX_MATCHES = 12;
const TITULO_DIGITS = 12;
const YEAR_DIGITS = 4;

/** Upper case without accents: "joão" finds "JOÃO" and "JOAO". */
function searchKey(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();
}

const STATE_LABELS: Record<UrnaState, string> = {
  carregada: 'carga aberta',
  'zeresima-emitida': 'zerésima impressa, aguardando o horário de abertura',
  aberta: 'votação aberta',
  encerrada: 'votação encerrada',
};

type Mode = 'titulo' | 'year' | 'busy';

function mode(): Mode {
  const v: VoterStatus | undefined = status?.voter;
  if (!v) return 'titulo';
  return v.step === 'yearOfBirth' ? 'year' : 'busy';
}

// ---------------------------------------------------------------------------------------------------- commands

function send(c: TerminalCommand): void {
  if (!cable) return;
  if (c.type === 'identify') lastTitulo = c.titulo;
  cable.send(c);
}

function identify(titulo: string): void {
  typed = '';
  send({ type: 'identify', titulo });
  renderEntry();
}

function pressKey(key: string): void {
  const m = mode();
  if (key >= '0' && key <= '9' && key.length === 1) {
    const max = m === 'year' ? YEAR_DIGITS : m === 'titulo' ? TITULO_DIGITS : 0;
    if (typed.length < max) typed += key;
  } else if (key === 'CORRIGE') {
    // The real terminal's CORRIGE: erase what was typed; with nothing typed, cancel the voter in identification.
    if (typed !== '') typed = '';
    else if (status?.voter) send({ type: 'cancel' });
  } else if (key === 'CONFIRMA') {
    if (m === 'titulo' && typed !== '') identify(typed);
    else if (m === 'year' && typed !== '') {
      send({ type: 'yearOfBirth', year: typed });
      typed = '';
    }
  }
  renderEntry();
}

// ---------------------------------------------------------------------------------------------------- rendering

function renderEntry(): void {
  const m = mode();
  const busy = status?.voter?.step === 'fingerprint' ? 'Aguardando a biometria' : 'Eleitor(a) liberado(a): votando';
  byId('entry').textContent =
    m === 'titulo' ? `Título: ${typed}_` : m === 'year' ? `Ano de nascimento: ${typed}_` : busy;
}

function renderStatus(s: UrnaStatus): void {
  status = s;
  const lines = byId('display').children;
  for (let i = 0; i < lines.length; i++) (lines[i] as HTMLElement).textContent = s.display[i] ?? '';
  byId('count-liberados').textContent = String(s.liberados);
  byId('count-votaram').textContent = String(s.counts.compareceram);
  byId('count-aptos').textContent = String(s.counts.aptos);
  const fingerprint = s.voter?.step === 'fingerprint';
  byId<HTMLButtonElement>('fp-ok').disabled = !fingerprint;
  byId<HTMLButtonElement>('fp-fail').disabled = !fingerprint;
  byId<HTMLButtonElement>('cancel').disabled = !s.voter;
  // The urna refuses to close with a voter in the booth; the button says so before the mesário tries.
  byId<HTMLButtonElement>('close-voting').disabled = s.state !== 'aberta' || !!s.voter;
  // A refusal names what it refuses: the título typed, for an identification.
  const message =
    s.message !== '' && s.answers === 'identify' ? `Título ${formatTitulo(lastTitulo)}: ${s.message}` : s.message;
  if (s.answers !== undefined) byId('message').textContent = message;
  byId('cable-status').textContent = `Conectado à urna: ${STATE_LABELS[s.state]}`;
  if (s.state === 'encerrada') byId('closing-form').hidden = true;
  if (mode() === 'busy') typed = '';
  renderEntry();
}

function setRoster(voters: RosterEntry[]): void {
  roster = voters.map((entry) => ({ entry, key: searchKey(entry.name) }));
  renderMatches();
}

function renderMatches(): void {
  const t0 = performance.now();
  const words = searchKey(byId<HTMLInputElement>('name-search').value).split(/\s+/).filter(Boolean);
  const list = byId('name-matches');
  const found: RosterEntry[] = [];
  if (words.join('').length >= 2) {
    for (const r of roster) {
      if (words.every((w) => r.key.includes(w))) {
        found.push(r.entry);
        if (found.length === MAX_MATCHES) break;
      }
    }
  }
  list.replaceChildren(
    ...found.map((v) => {
      const li = el('li', '');
      const b = el('button', 'match');
      b.dataset.titulo = v.titulo;
      b.append(el('span', 'name', v.name), ' ', el('span', 'titulo', `${formatTitulo(v.titulo)} · seq ${v.seq}`));
      li.append(b);
      return li;
    }),
  );
  searchTimings.push(performance.now() - t0);
}

// ---------------------------------------------------------------------------------------------------- wiring

function connect(key: string): void {
  byId('connect').hidden = true;
  byId('terminal-view').hidden = false;
  byId('cable-status').textContent = `Aguardando a urna (cabo ${key})…`;
  cable = openTerminalEnd(key);
  cable.onMessage((m) => {
    if (m.type === 'status') renderStatus(m);
    else if (m.type === 'roster') setRoster(m.voters);
  });
  // The urna answers with the caderno and its status; if it is not loaded yet, its 'hello' brings them later.
  send({ type: 'requestStatus' });
  renderEntry();
}

const KEYBOARD: Record<string, string> = { Backspace: 'CORRIGE', Enter: 'CONFIRMA' };

function wire(): void {
  byId('secao-connect').addEventListener('click', () => {
    const key = byId<HTMLInputElement>('secao-key').value.trim();
    if (key !== '') connect(key);
  });
  byId('tkeypad').addEventListener('click', (e) => {
    const key = (e.target as HTMLElement).closest<HTMLElement>('[data-key]')?.dataset.key;
    if (key) pressKey(key);
  });
  byId('name-search').addEventListener('input', renderMatches);
  byId('name-matches').addEventListener('click', (e) => {
    const titulo = (e.target as HTMLElement).closest<HTMLElement>('[data-titulo]')?.dataset.titulo;
    if (!titulo) return;
    byId<HTMLInputElement>('name-search').value = '';
    renderMatches();
    identify(titulo);
  });
  byId('fp-ok').addEventListener('click', () => send({ type: 'fingerprint', matches: true }));
  byId('fp-fail').addEventListener('click', () => send({ type: 'fingerprint', matches: false }));
  byId('cancel').addEventListener('click', () => send({ type: 'cancel' }));
  // "Encerrar votação" cannot be undone: it opens the closing form (mesários, extra BU copies) and asks again there.
  byId('close-voting').addEventListener('click', () => {
    byId('closing-form').hidden = false;
    byId('close-mesarios').focus();
  });
  byId('close-back').addEventListener('click', () => {
    byId('closing-form').hidden = true;
  });
  byId('close-confirm').addEventListener('click', () => {
    // The urna decides what it accepts (0 to its limit) and says so; here only digits become a number.
    const copies = byId<HTMLInputElement>('close-extra-copies').value.trim();
    const extraCopies = copies === '' ? 0 : /^\d{1,3}$/.test(copies) ? Number(copies) : -1;
    send({ type: 'close', mesarios: parseMesarios(byId<HTMLTextAreaElement>('close-mesarios').value), extraCopies });
  });
  byId('just-send').addEventListener('click', () => {
    send({
      type: 'justify',
      titulo: byId<HTMLInputElement>('just-titulo').value,
      reason: byId<HTMLInputElement>('just-reason').value,
    });
  });
  trackTabbedFocus();
  document.addEventListener('keydown', (e) => {
    if (byId('terminal-view').hidden || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target as HTMLElement | null;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA')) return;
    // A button reached with Tab (Digital reconhecida, Cancelar eleitor…) takes its Enter; otherwise Enter is CONFIRMA.
    if (enterActivatesControl(e, target)) return;
    const key = e.key.length === 1 && e.key >= '0' && e.key <= '9' ? e.key : KEYBOARD[e.key];
    if (!key) return;
    e.preventDefault();
    pressKey(key);
  });
}

// ---------------------------------------------------------------------------------------------------- test hooks

/** Read-only hooks for the end-to-end tests (test/web/terminal-cable.test.ts). Not part of the terminal's behaviour. */
export interface TerminalTestHooks {
  status(): UrnaStatus | undefined;
  rosterSize(): number;
  /** Name-search filter-and-draw times so far, ms. */
  searchTimings(): number[];
}

declare global {
  interface Window {
    __terminalTest: TerminalTestHooks;
  }
}

window.__terminalTest = Object.freeze({
  status: () => status,
  rosterSize: () => roster.length,
  searchTimings: () => [...searchTimings],
});

wire();
const key = new URLSearchParams(location.search).get('secao');
if (key) connect(key);
else byId('connect').hidden = false;
