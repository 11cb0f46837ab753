// The "cable" between the mesário terminal page and the urna page: a typed message protocol over a
// BroadcastChannel, which reaches only pages of the same origin in the same browser on the same machine — no
// network. The urna page owns the state machine and the MesarioTerminal (src/terminal/terminal.ts); the terminal page
// is a remote keyboard and display that sends commands and draws the status the urna sends back. No rule lives here.
import type { Mesario } from '../../src/urna/reports.ts';
import type { UrnaCounts, UrnaState, VoterStatus } from '../../src/urna/urna.ts';

/** Terminal → urna. */
export type TerminalCommand =
  | { type: 'identify'; titulo: string }
  | { type: 'fingerprint'; matches: boolean }
  | { type: 'yearOfBirth'; year: string }
  | { type: 'cancel' }
  | { type: 'justify'; titulo: string; reason: string }
  /**
   * The mesário closes the voting (the queue is done), naming the mesários present and the BU copies wanted beyond
   * the 5 obligatory: the urna prints the BU and writes the results media.
   */
  | { type: 'close'; mesarios: Mesario[]; extraCopies: number }
  | { type: 'requestStatus' };

/** One line of the caderno for the terminal's search by name (sent once, on connect). */
export interface RosterEntry {
  titulo: string;
  name: string;
  seq: number;
}

export interface UrnaStatus {
  type: 'status';
  state: UrnaState;
  counts: UrnaCounts;
  /** The terminal's "liberados": voters who voted plus the one voting now (MesarioTerminal.counts()). */
  liberados: number;
  voter?: VoterStatus;
  /** MesarioTerminal.display(): 4 lines of at most 40 characters. */
  display: string[];
  /** The refusal of the last command, '' when it succeeded. */
  message: string;
  /** The command this status answers, when it answers one. */
  answers?: TerminalCommand['type'];
}

/** Urna → terminal. */
export type UrnaMessage =
  UrnaStatus | { type: 'roster'; secao: string; voters: RosterEntry[] } | { type: 'hello'; secao: string };

export interface SecaoRef {
  municipio: number;
  zona: number;
  secao: number;
}

/** The key that names one urna's cable: município, zona and seção. */
export function secaoKey(s: SecaoRef): string {
  return `${s.municipio}-${s.zona}-${s.secao}`;
}

export const channelName = (key: string): string => `urna-cabo-${key}`;

const COMMANDS = new Set<string>([
  'identify',
  'fingerprint',
  'yearOfBirth',
  'cancel',
  'justify',
  'close',
  'requestStatus',
]);
const URNA_MESSAGES = new Set<string>(['status', 'roster', 'hello']);

function typeOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const t = (data as { type?: unknown }).type;
  return typeof t === 'string' ? t : undefined;
}

/** A message from the cable is a command only if it says so: anything else on the channel is ignored. */
export function isTerminalCommand(data: unknown): data is TerminalCommand {
  const t = typeOf(data);
  if (t === undefined || !COMMANDS.has(t)) return false;
  const d = data as Record<string, unknown>;
  switch (t) {
    case 'identify':
      return typeof d.titulo === 'string';
    case 'fingerprint':
      return typeof d.matches === 'boolean';
    case 'yearOfBirth':
      return typeof d.year === 'string';
    case 'justify':
      return typeof d.titulo === 'string' && typeof d.reason === 'string';
    case 'close':
      return (
        Number.isInteger(d.extraCopies) &&
        Array.isArray(d.mesarios) &&
        d.mesarios.every(
          (m: unknown) =>
            typeof m === 'object' &&
            m !== null &&
            typeof (m as Mesario).name === 'string' &&
            ((m as Mesario).role === undefined || typeof (m as Mesario).role === 'string'),
        )
      );
    default:
      return true;
  }
}

export function isUrnaMessage(data: unknown): data is UrnaMessage {
  const t = typeOf(data);
  return t !== undefined && URNA_MESSAGES.has(t);
}

/** One end of the cable, typed by what it sends and what it receives. */
export interface CableEnd<Send, Receive> {
  send(message: Send): void;
  close(): void;
  readonly onMessage: (handler: (message: Receive) => void) => void;
}

function open<Send, Receive>(key: string, accept: (d: unknown) => d is Receive): CableEnd<Send, Receive> {
  const channel = new BroadcastChannel(channelName(key));
  return {
    send: (m) => channel.postMessage(m),
    close: () => channel.close(),
    onMessage: (handler) => {
      channel.onmessage = (e: MessageEvent) => {
        if (accept(e.data)) handler(e.data);
      };
    },
  };
}

/** The urna's end: receives commands, sends status. */
export const openUrnaEnd = (key: string): CableEnd<UrnaMessage, TerminalCommand> => open(key, isTerminalCommand);

/** The terminal's end: sends commands, receives status. */
export const openTerminalEnd = (key: string): CableEnd<TerminalCommand, UrnaMessage> => open(key, isUrnaMessage);
