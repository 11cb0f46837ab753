// What the urna's screen shows, as data: the ballot state machine (ballot.ts) says which screen it is in, this module
// says what is written on it (pt-BR, as on the real urna) and what the audio mode would say. The terminal UI renders
// it with renderScreenText; a browser renders the same data its own way.
//
// Texts: ELECTION-RULES.md §3.3 (screen layout from public clones; audio templates from the decompiled TSE
// simulator, VOTA-decomp u06/u08/u26). Where no source gives the exact words (the "candidato inexistente", "inapto"
// and "cargo sem candidato" screens, and the hint while a party number is on screen), the text is ours and is kept
// in the constants below so it can be changed in one place.
import type { BallotCandidate, BallotOffice, BallotParty, Key } from './ballot-types.ts';

/**
 * Which screen is up:
 * - `digitos`: the number field, empty or partly typed (nothing known yet);
 * - `partido`: proportional office, the 2 digits of a valid party are typed; more digits or CONFIRMA (legenda);
 * - `numeroErrado`: proportional office, the 2 typed digits are no valid party; more digits or CONFIRMA (nulo);
 * - confirmation screens (only CONFIRMA/CORRIGE): `candidato` (nominal), `legenda` (full number of a valid party
 *   without such a candidate), `inapto` (candidate who cannot receive votes: nulo), `nulo`, `repetido` (2nd Senate
 *   vaga = 1st: nulo por repetição), `branco`;
 * - `semCandidato`: office without candidates in this urna (only CONFIRMA);
 * - `fim`: the ballot is over.
 */
export type ScreenKind =
  | 'digitos'
  | 'partido'
  | 'numeroErrado'
  | 'candidato'
  | 'legenda'
  | 'inapto'
  | 'nulo'
  | 'repetido'
  | 'branco'
  | 'semCandidato'
  | 'fim';

/** A labelled line under the number: "Nome:", "Partido:", "Vice-Prefeito:", "1º Suplente:"… */
export interface ScreenField {
  label: string;
  value: string;
}

export interface Screen {
  kind: ScreenKind;
  /** "SEU VOTO PARA" ('' on FIM). */
  header: string;
  /** The office, with the vaga when it has several choices: "Vereador", "Senador 1ª vaga" ('' on FIM). */
  officeName: string;
  /** Number of digit boxes; 0 when no number field is shown (branco, sem candidato, fim). */
  digitBoxes: number;
  /** The digits typed so far. */
  typed: string;
  /** Label of the digit boxes: "Número:". */
  numberLabel: string;
  /** Lines under the number, in display order. */
  fields: ScreenField[];
  /** Centred messages: "NÚMERO ERRADO", "VOTO NULO", "VOTO DE LEGENDA", "VOTO EM BRANCO", "FIM"… */
  messages: string[];
  /** Footer: "Aperte a tecla:", "CONFIRMA para CONFIRMAR este voto", "CORRIGE para REINICIAR este voto"… */
  footer: string[];
  /** Whether the candidate's photo (and the running mates') has its place on the screen. */
  photo: boolean;
  /** The candidate on screen, for UIs that show more (photo lookup by number). */
  candidate?: BallotCandidate;
  /** The party of the typed prefix or of the candidate, when known. */
  party?: BallotParty;
  /** Keys that do something here; any other key is "Tecla indevida" (beep, nothing changes). */
  acceptedKeys: readonly Key[];
  /** What the audio mode says on this screen (ELECTION-RULES.md §3.3 templates). */
  audio: string;
  /** "Voto {vote} de {of}": this choice's position among all the voter's choices (0 of n on FIM). */
  progress: { vote: number; of: number };
}

/** The ballot state a screen is built from (ballot.ts fills it). */
export interface ScreenState {
  kind: ScreenKind;
  /** undefined on FIM. */
  office: BallotOffice | undefined;
  /** 1-based vaga within the office. */
  escolha: number;
  typed: string;
  candidate: BallotCandidate | undefined;
  party: BallotParty | undefined;
  acceptedKeys: readonly Key[];
  vote: number;
  of: number;
}

export const TEXT = {
  header: 'SEU VOTO PARA',
  number: 'Número:',
  name: 'Nome:',
  party: 'Partido:',
  numeroErrado: 'NÚMERO ERRADO',
  votoNulo: 'VOTO NULO',
  votoLegenda: 'VOTO DE LEGENDA',
  votoBranco: 'VOTO EM BRANCO',
  candidatoInexistente: 'CANDIDATO INEXISTENTE',
  candidatoInapto: 'CANDIDATO INAPTO',
  repetido: 'CANDIDATO(A) JÁ FOI ESCOLHIDO(A) EM VOTO ANTERIOR',
  semCandidato: 'NÃO HÁ CANDIDATO PARA ESTE CARGO',
  fim: 'FIM',
  aperte: 'Aperte a tecla:',
  confirmar: 'CONFIRMA para CONFIRMAR este voto',
  prosseguir: 'CONFIRMA para PROSSEGUIR',
  legenda: 'CONFIRMA para votar na LEGENDA',
  reiniciar: 'CORRIGE para REINICIAR este voto',
} as const;

/** "Senador 1ª vaga" when the office has several choices ({cargo-atual} in the audio templates). */
export function officeTitle(office: BallotOffice, escolha: number): string {
  return office.quantidadeEscolhas > 1 ? `${office.name} ${escolha}ª vaga` : office.name;
}

/** Digits spoken one by one, as the urna's TTS does: "123" → "1, 2, 3". */
function spoken(digits: string): string {
  return digits.split('').join(', ');
}

function partyOf(office: BallotOffice, number: number): BallotParty | undefined {
  return office.parties.get(number);
}

function partyLabel(party: BallotParty | undefined, number: number): string {
  return party ? party.abbreviation : String(number);
}

/** Candidate lines: Nome, Partido, then each running mate ("Vice-Prefeito:", "1º Suplente:"). */
function candidateFields(office: BallotOffice, c: BallotCandidate): ScreenField[] {
  const fields: ScreenField[] = [
    { label: TEXT.name, value: c.ballotName },
    { label: TEXT.party, value: partyLabel(partyOf(office, c.party), c.party) },
  ];
  for (const m of c.runningMates) fields.push({ label: `${m.label}:`, value: m.ballotName });
  return fields;
}

/** {candidato-com-suplentes}: the name, then ", {label} {name}" for each running mate. */
function candidateSpoken(c: BallotCandidate, withMates: boolean): string {
  if (!withMates) return c.ballotName;
  return [c.ballotName, ...c.runningMates.map((m) => `${m.label} ${m.ballotName}`)].join(', ');
}

const FOOTER_CONFIRM = [TEXT.aperte, TEXT.confirmar, TEXT.reiniciar];
const FOOTER_NULL = [TEXT.aperte, TEXT.prosseguir, TEXT.reiniciar];

export function buildScreen(s: ScreenState): Screen {
  const progress = { vote: s.vote, of: s.of };
  const office = s.office;
  if (s.kind === 'fim' || office === undefined) {
    return {
      kind: 'fim',
      header: '',
      officeName: '',
      digitBoxes: 0,
      typed: '',
      numberLabel: '',
      fields: [],
      messages: [TEXT.fim],
      footer: [],
      photo: false,
      acceptedKeys: s.acceptedKeys,
      audio: 'Fim.',
      progress,
    };
  }
  const title = officeTitle(office, s.escolha);
  const voting = `Você está votando para ${title}`;
  const screen: Screen = {
    kind: s.kind,
    header: TEXT.header,
    officeName: title,
    digitBoxes: office.digits,
    typed: s.typed,
    numberLabel: TEXT.number,
    fields: [],
    messages: [],
    footer: [],
    photo: false,
    acceptedKeys: s.acceptedKeys,
    audio: '',
    progress,
  };
  const c = s.candidate;
  const party = s.party ?? (c ? partyOf(office, c.party) : undefined);
  if (party) screen.party = party;
  if (c) screen.candidate = c;
  const voto = spoken(s.typed);
  const legendaSpoken = party
    ? `${spoken(String(party.number).padStart(2, '0'))}, ${party.name || party.abbreviation}`
    : '';
  const majority = office.system === 'majority';

  switch (s.kind) {
    case 'digitos': {
      const n = office.digits;
      screen.audio = `${voting}. ${n} ${n === 1 ? 'dígito' : 'dígitos'}. Voto ${s.vote} de ${s.of}.`;
      break;
    }
    case 'partido':
      screen.fields = [{ label: TEXT.party, value: partyLabel(party, Number(s.typed.slice(0, 2))) }];
      // CONFIRMA now is a legenda vote with the digits typed so far (the real RDV keeps e.g. "454" for DF).
      screen.footer = [TEXT.aperte, TEXT.legenda, TEXT.reiniciar];
      screen.audio =
        `${voting}. Digite os demais dígitos do seu candidato, ou aperte confirma para votar na legenda ` +
        `${legendaSpoken}, ou corrige para reiniciar este voto.`;
      break;
    case 'numeroErrado':
      screen.messages = [TEXT.numeroErrado];
      screen.footer = FOOTER_NULL;
      screen.audio = `${voting} no candidato ${voto}. Número errado. Aperte confirma para prosseguir, ou corrige para reiniciar este voto.`;
      break;
    case 'candidato':
      if (c) screen.fields = candidateFields(office, c);
      screen.photo = true;
      screen.footer = FOOTER_CONFIRM;
      screen.audio = `${voting} no candidato ${voto}: ${c ? candidateSpoken(c, majority) : ''}. Aperte confirma ou corrige.`;
      break;
    case 'legenda':
      screen.fields = [{ label: TEXT.party, value: partyLabel(party, Number(s.typed.slice(0, 2))) }];
      screen.messages = [TEXT.candidatoInexistente, TEXT.votoLegenda];
      screen.footer = FOOTER_CONFIRM;
      screen.audio =
        `${voting} no número ${voto}. Candidato inexistente. Aperte confirma para votar na legenda ` +
        `${legendaSpoken}, ou corrige para reiniciar este voto.`;
      break;
    case 'inapto':
      screen.messages = [TEXT.candidatoInapto, TEXT.votoNulo];
      screen.footer = FOOTER_NULL;
      screen.audio = `${voting} no candidato ${voto}. Candidato não concorre. Se apertar confirma, este voto será nulo. Aperte confirma ou corrige.`;
      break;
    case 'nulo':
      screen.messages = [TEXT.numeroErrado, TEXT.votoNulo];
      screen.footer = FOOTER_NULL;
      screen.audio = `${voting} no candidato ${voto}. Número errado. Se apertar confirma, este voto será nulo. Aperte confirma ou corrige.`;
      break;
    case 'repetido':
      if (c) screen.fields = candidateFields(office, c);
      screen.photo = true;
      screen.messages = [TEXT.repetido, TEXT.votoNulo];
      screen.footer = FOOTER_NULL;
      screen.audio =
        `${voting} no candidato ${voto}: ${c ? candidateSpoken(c, majority) : ''}. Candidato já foi escolhido em voto ` +
        `anterior. Se apertar confirma, este voto será nulo. Aperte confirma ou corrige.`;
      break;
    case 'branco':
      screen.digitBoxes = 0;
      screen.messages = [TEXT.votoBranco];
      screen.footer = FOOTER_CONFIRM;
      screen.audio = `Você está votando em branco para ${title}. Aperte confirma ou corrige.`;
      break;
    case 'semCandidato':
      screen.digitBoxes = 0;
      screen.messages = [TEXT.semCandidato];
      screen.footer = [TEXT.aperte, TEXT.prosseguir];
      screen.audio = `${voting}, mas não há candidato para o cargo. Aperte confirma para prosseguir.`;
      break;
  }
  return screen;
}

// ---------------------------------------------------------------------------------------------------------------
// Text rendering for the terminal UI.

/** Length in code points (the pt-BR accents are single precomposed code points). */
function len(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function fit(s: string, width: number): string {
  if (len(s) <= width) return s + ' '.repeat(width - len(s));
  return [...s].slice(0, width).join('');
}

function centre(s: string, width: number): string {
  const pad = Math.max(0, Math.floor((width - len(s)) / 2));
  return fit(' '.repeat(pad) + s, width);
}

/** The screen as a box of `width` columns (borders included), one string with '\n' between lines. */
export function renderScreenText(screen: Screen, width = 60): string {
  const inner = Math.max(10, width - 4);
  const rows: string[] = [];
  const line = (s: string): void => void rows.push(`│ ${fit(s, inner)} │`);
  const rule = (l: string, r: string): string => `${l}${'─'.repeat(inner + 2)}${r}`;

  rows.push(rule('┌', '┐'));
  if (screen.kind === 'fim') {
    line('');
    for (const m of screen.messages) line(centre(m, inner));
    line('');
    rows.push(rule('└', '┘'));
    return rows.join('\n');
  }
  const photo = screen.photo ? '[ FOTO ]' : '';
  line(fit(screen.header, inner - len(photo)) + photo);
  line('');
  line(`  ${screen.officeName}`);
  line('');
  if (screen.digitBoxes > 0) {
    let boxes = '';
    for (let i = 0; i < screen.digitBoxes; i++) boxes += `[${screen.typed[i] ?? ' '}]`;
    line(`${screen.numberLabel} ${boxes}`);
  }
  for (const f of screen.fields) line(`${f.label} ${f.value}`);
  if (screen.messages.length > 0) {
    line('');
    for (const m of screen.messages) line(centre(m, inner));
  }
  if (screen.footer.length > 0) {
    rows.push(rule('├', '┤'));
    const [first, ...rest] = screen.footer;
    if (first !== undefined) line(first);
    for (const f of rest) line(`  ${f}`);
  }
  rows.push(rule('└', '┘'));
  return rows.join('\n');
}
