// The urna's event log, in the TSE's line format (TSE-FORMATS.md §6): TAB-separated
// `DD/MM/YYYY HH:MM:SS ⇥ INFO|ALERTA|ERRO ⇥ ID_UE ⇥ application ⇥ message`. We have no secret key for the TSE's
// per-line MAC column, so it is left out; the results media signs the whole log file instead.
//
// Ballot secrecy (ARCHITECTURE decision 4): the line that says a vote was stored carries no time stamp and no
// identity — its date/time field is empty — so the log cannot be lined up with who entered the booth when.
import type { ZonedFormatter } from './clock.ts';

export type LogSeverity = 'INFO' | 'ALERTA' | 'ERRO';

export const VOTE_LOG_MESSAGE = 'Voto computado';

export class UrnaLog {
  readonly #lines: string[];
  readonly #idUe: string;
  readonly #fmt: ZonedFormatter;
  readonly #voteLine: string;

  constructor(numeroInternoUrna: number, formatter: ZonedFormatter, lines: readonly string[] = []) {
    this.#idUe = String(numeroInternoUrna);
    this.#fmt = formatter;
    this.#lines = [...lines];
    this.#voteLine = `\tINFO\t${this.#idUe}\tVOTA\t${VOTE_LOG_MESSAGE}`;
  }

  event(at: Date, message: string, severity: LogSeverity = 'INFO', app = 'VOTA'): void {
    this.#lines.push(`${this.#fmt.stamp(at)}\t${severity}\t${this.#idUe}\t${app}\t${message}`);
  }

  /** A confirmed vote: deliberately without time (see the module comment). */
  voteComputed(): void {
    this.#lines.push(this.#voteLine);
  }

  get lines(): readonly string[] {
    return this.#lines;
  }

  toJSON(): string[] {
    return [...this.#lines];
  }
}
