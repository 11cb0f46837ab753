// The mesário terminal (microterminal): the mesa's side of the cable to the urna (ARCHITECTURE "terminal/").
// It identifies voters by título, takes the fingerprint results and the year of birth, releases the urna, cancels a
// voter who did not finish, records justificativas of voters from elsewhere, registers the mesários, shows live
// counts and closes the voting. Every rule is enforced by the urna (src/urna/urna.ts): the terminal adds what only it
// knows — how the mesário typed the título, which other seção a voter belongs to (when given a lookup) — and the
// 4-line screen text (ELECTION-RULES.md §4.4).
import type { SecaoId } from '../election/definition.ts';
import { formatTitulo } from '../election/titulo.ts';
import { refuse, type Outcome } from '../urna/outcome.ts';
import type { Mesario } from '../urna/reports.ts';
import {
  MAX_FINGERPRINT_ATTEMPTS,
  normalizeTitulo,
  type ResultsPackage,
  type Urna,
  type UrnaCounts,
  type VoterStatus,
} from '../urna/urna.ts';

/**
 * Where a título votes, from the whole election (the carga only holds this seção's caderno, so without this the
 * terminal cannot tell "another seção" from "unknown"). The CLI builds one from the election definition.
 */
export type SecaoLookup = (titulo: string) => SecaoId | undefined;

export interface TerminalOptions {
  lookupSecao?: SecaoLookup;
}

/** The terminal's live counts. */
export interface TerminalCounts {
  aptos: number;
  /** Releases of the urna: voters who voted plus the one voting now. */
  liberados: number;
  votaram: number;
  faltosos: number;
  porBiometria: number;
  porBiografia: number;
  semBiometria: number;
  justificativas: number;
}

/** The microterminal's display: 4 lines of 40 characters. */
export const TERMINAL_COLUMNS = 40;

const pad4 = (n: number): string => String(n).padStart(4, '0');

export class MesarioTerminal {
  readonly #urna: Urna;
  readonly #lookup: SecaoLookup | undefined;
  /** The last refusal or notice, for the display. */
  #message = '';

  constructor(urna: Urna, options: TerminalOptions = {}) {
    this.#urna = urna;
    this.#lookup = options.lookupSecao;
  }

  #remember<T>(outcome: Outcome<T>, success = ''): Outcome<T> {
    this.#message = outcome.ok ? success : outcome.error.message;
    return outcome;
  }

  /** Identify a voter by título (digits, or formatted `xxxx xxxx xxxx`). */
  identify(tituloInput: string): Outcome<VoterStatus> {
    const titulo = normalizeTitulo(tituloInput);
    const outcome = this.#urna.identify(titulo);
    if (!outcome.ok && outcome.error.code === 'not-in-secao' && this.#lookup) {
      const home = this.#lookup(titulo);
      const here = this.#urna.carga.secao;
      if (!home) return this.#remember(refuse('not-found', 'Eleitor não encontrado no cadastro eleitoral'));
      if (home.municipio !== here.municipio || home.zona !== here.zona || home.secao !== here.secao) {
        return this.#remember(
          refuse(
            'other-secao',
            `Eleitor não pertence a esta seção: vota na zona ${pad4(home.zona)}, seção ${pad4(home.secao)} (${home.uf}, município ${home.municipio})`,
          ),
        );
      }
    }
    return this.#remember(outcome);
  }

  /** One fingerprint capture: recognised or not. */
  fingerprint(matches: boolean): Outcome<VoterStatus> {
    const outcome = this.#urna.fingerprint(matches);
    if (outcome.ok && !matches) {
      const s = outcome.value;
      const notice =
        s.step === 'yearOfBirth'
          ? 'Eleitor(a) não reconhecido(a): digite o ANO de nascimento'
          : `Eleitor(a) não reconhecido(a). Tentativa ${s.fingerprintFailures} de ${MAX_FINGERPRINT_ATTEMPTS}`;
      return this.#remember(outcome, notice);
    }
    return this.#remember(outcome, 'ELEITOR(A) RECONHECIDO(A): não assinar o caderno');
  }

  /** The year of birth the voter states. */
  yearOfBirth(year: number | string): Outcome<VoterStatus> {
    return this.#remember(this.#urna.yearOfBirth(year), 'Eleitor(a) habilitado(a): assinar o caderno de votação');
  }

  /** Cancel the voter being identified or voting; a partial vote is discarded and the voter has not voted. */
  cancel(): Outcome {
    return this.#remember(this.#urna.cancelCurrentVoter(), 'Eleitor cancelado: não votou');
  }

  /** A voter of another place justifies the absence (título + reason); goes to the BUJ. */
  justify(tituloInput: string, reason: string): Outcome {
    return this.#remember(this.#urna.justify(tituloInput, reason), 'Justificativa registrada');
  }

  registerMesarios(when: 'abertura' | 'encerramento', people: readonly Mesario[]): Outcome {
    return this.#remember(this.#urna.registerMesarios(when, people), 'Mesários registrados');
  }

  /** Close the voting once nobody is left in the queue (the urna also requires the closing time). */
  close(
    queueDone: boolean,
    options: { extraBuCopies?: number; mesarios?: readonly Mesario[] } = {},
  ): Outcome<ResultsPackage> {
    return this.#remember(this.#urna.close(queueDone, options), 'Votação encerrada');
  }

  counts(): TerminalCounts {
    const c: UrnaCounts = this.#urna.counts();
    const voting = this.#urna.currentVoter()?.step === 'voting' ? 1 : 0;
    return {
      aptos: c.aptos,
      liberados: c.compareceram + voting,
      votaram: c.compareceram,
      faltosos: c.faltosos,
      porBiometria: c.porBiometria,
      porBiografia: c.porBiografia,
      semBiometria: c.semBiometria,
      justificativas: c.justificativas,
    };
  }

  /** The 4 × 40 display (ELECTION-RULES.md §4.4 texts). */
  display(): string[] {
    const urna = this.#urna;
    const voter = urna.currentVoter();
    const c = urna.counts();
    let lines: string[];
    if (urna.state === 'carregada' || urna.state === 'zeresima-emitida') {
      lines = [
        'Urna aguardando abertura da votação',
        urna.state === 'carregada' ? 'Emita a zerésima' : 'Zerésima emitida',
        '',
        this.#message,
      ];
    } else if (urna.state === 'encerrada') {
      lines = [
        'VOTAÇÃO ENCERRADA',
        `Aptos: ${c.aptos}  Votaram: ${c.compareceram}`,
        `Faltosos: ${c.faltosos}`,
        this.#message,
      ];
    } else if (!voter) {
      lines = ['Digite o título do(a) eleitor(a):', '', `Aptos: ${c.aptos}  Votaram: ${c.compareceram}`, this.#message];
    } else if (voter.step === 'fingerprint') {
      lines = [
        voter.fingerprintFailures === 0
          ? 'Solicite que o(a) eleitor(a)'
          : `Não reconhecido(a): tentativa ${voter.fingerprintFailures + 1}/${MAX_FINGERPRINT_ATTEMPTS}`,
        voter.name,
        'posicione POLEGAR ou INDICADOR no sensor',
        'CORRIGE: cancelar',
      ];
    } else if (voter.step === 'yearOfBirth') {
      lines = [
        voter.name,
        'Digite o ANO de nascimento:',
        voter.yearFailures > 0 ? 'ANO DE NASCIMENTO INCORRETO' : '',
        'CONFIRMA: habilitar  CORRIGE: cancelar',
      ];
    } else {
      lines = [
        voter.name,
        `Título: ${formatTitulo(voter.titulo)} Seq: ${pad4(voter.seq)}`,
        `Seção: ${pad4(urna.carga.secao.secao)}`,
        `VOTANDO PARA: ${voter.votingFor ?? ''}`,
      ];
    }
    return lines.map((l) => (l.length > TERMINAL_COLUMNS ? l.slice(0, TERMINAL_COLUMNS) : l));
  }
}
