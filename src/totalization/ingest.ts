// TRE reception: a BU arrives (results media, an upload), is verified, and is counted once — or refused with the
// reason. ARCHITECTURE.md decisions 8 and 9: ingestion is idempotent (a BU is keyed by its seção and its hash), a
// replacement urna's BU supersedes the first only with a recorded reason, and every failure is a value (Problem)
// naming the file, the field, what was expected and what was found.
//
// What is checked before anything is stored:
//   - the tuple hash chain and the urna's signature over each eleição's last hash (verifyBuSignatures, urna/bu.ts);
//   - pleito and fase of the election; the seção exists and has its own urna (aggregated seções vote in another's);
//   - every eleição and cargo belongs to the election and to the seção's contests; nominal votes name fit
//     candidates of that contest with their party, legenda votes a party of a proportional office; no tuple twice;
//   - each cargo's votes add up to its comparecimento × the choices per voter (Senate with 2 seats: 2) — the chain
//     does not cover qtdComparecimento, this sum does; comparecimento ≤ aptos, and aptos = the seção's voter roll.
//
// The BU's identity (its "hash") is buDigest(): SHA-512 of its canonical JSON (canonicalBuJson), not of a file's
// bytes, so that it stays the same BU whether it came as our JSON file, a future BER file or an upload. The canonical
// JSON leaves out each tuple's chain hash and order: they are verified before the digest is taken and they are
// regenerated exactly from the rest (sealChain), so they add no information — and leaving them out makes the stored
// BU ~10× smaller (see src/store/migrations.ts).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { certificateProblem, keyId, type Certificate } from '../crypto/certificate.ts';
import { sha512, toHex } from '../crypto/hash.ts';
import { secaoKey, type Candidate, type Contest } from '../election/definition.ts';
import type { ElectionIndex } from '../election/lookup.ts';
import type { Problem, Result } from '../election/problem.ts';
import { readResultsMedia } from '../media/results-media-node.ts';
import type { ResultsMediaContents } from '../media/results-media.ts';
import type { BuRecord, StoreDecision, TotalizationStore } from '../store/types.ts';
import { sealChain } from '../tse/bu-hash-chain.ts';
import { verifyBuSignatures } from '../urna/bu.ts';
import {
  BU_TIPO_VOTO,
  type BoletimUrna,
  type BuTipoVoto,
  type IdentificacaoSecaoEleitoral,
  type TotalVotosVotavel,
} from '../urna/model.ts';
import { totalizationIndex } from './aggregate.ts';

// ---- The BU's canonical form and identity --------------------------------------------------------------------------

/** Bumped if the canonical form ever changes: digests of different forms must never be compared. */
export const CANONICAL_BU_VERSION = 1;

/** A tuple in canonical form: [tipoVoto code, quantidadeVotos] or [tipoVoto code, quantidadeVotos, partido, codigo]. */
type CanonicalTuple = [number, number] | [number, number, number, number];

const TIPO_BY_CODE: ReadonlyMap<number, BuTipoVoto> = new Map(
  (Object.entries(BU_TIPO_VOTO) as [BuTipoVoto, number][]).map(([name, code]) => [code, name]),
);

function ident(i: IdentificacaoSecaoEleitoral): IdentificacaoSecaoEleitoral {
  return { municipio: i.municipio, zona: i.zona, local: i.local, secao: i.secao };
}

/**
 * The BU as canonical JSON: every field of the V2 model in the ASN.1 order (whatever the key order of the object),
 * the last hash and its signature upper-case (as sealChain writes them; the model reads hex case-insensitively),
 * serial numbers as written, each tuple as an array `[tipoVoto, quantidadeVotos, partido?, codigo?]` without its chain
 * hash and order (see the module comment), and a version number first.
 */
export function canonicalBuJson(bu: BoletimUrna): string {
  const u = bu.urna;
  const cr = u.correspondenciaResultado;
  const c = cr.carga;
  const g = c.identificadorGeradorMidia;
  const d = bu.detalhamentoComparecimento;
  return JSON.stringify({
    v: CANONICAL_BU_VERSION,
    cabecalho: { dataGeracao: bu.cabecalho.dataGeracao, idPleito: bu.cabecalho.idPleito },
    fase: bu.fase,
    urna: {
      tipoUrna: u.tipoUrna,
      versaoVotacao: u.versaoVotacao,
      correspondenciaResultado: {
        identificacao: ident(cr.identificacao),
        carga: {
          numeroInternoUrna: c.numeroInternoUrna,
          numeroSerieFC: c.numeroSerieFC,
          identificadorGeradorMidia: {
            nome: g.nome,
            serialCertificadoTPM: g.serialCertificadoTPM,
            serialInstalacao: g.serialInstalacao,
          },
          dataHoraCarga: c.dataHoraCarga,
          codigoCarga: c.codigoCarga,
        },
      },
      tipoArquivo: u.tipoArquivo,
      numeroSerieFV: u.numeroSerieFV,
    },
    identificacaoSecao: ident(bu.identificacaoSecao),
    dataHoraEmissao: bu.dataHoraEmissao,
    dadosSecao: {
      dataHoraAbertura: bu.dadosSecao.dataHoraAbertura,
      dataHoraEncerramento: bu.dadosSecao.dataHoraEncerramento,
    },
    qtdEleitoresCompareceram: bu.qtdEleitoresCompareceram,
    detalhamentoComparecimento: {
      qtdEleitoresCompareceramSemBiometria: d.qtdEleitoresCompareceramSemBiometria,
      qtdEleitoresHabilitadosPorBiometria: d.qtdEleitoresHabilitadosPorBiometria,
      qtdEleitoresHabilitadosPorBiografia: d.qtdEleitoresHabilitadosPorBiografia,
    },
    resultadosVotacaoPorEleicao: bu.resultadosVotacaoPorEleicao.map((e) => ({
      idEleicao: e.idEleicao,
      qtdEleitoresAptos: e.qtdEleitoresAptos,
      qtdEleitoresAptosSecao: e.qtdEleitoresAptosSecao,
      qtdEleitoresAptosTTE: e.qtdEleitoresAptosTTE,
      resultadosVotacao: e.resultadosVotacao.map((rv) => ({
        tipoCargo: rv.tipoCargo,
        qtdComparecimento: rv.qtdComparecimento,
        totaisVotosCargo: rv.totaisVotosCargo.map((cargo) => ({
          codigoCargo: cargo.codigoCargo,
          ordemImpressao: cargo.ordemImpressao,
          votosVotaveis: cargo.votosVotaveis.map((t): CanonicalTuple =>
            t.identificacaoVotavel
              ? [
                  BU_TIPO_VOTO[t.tipoVoto],
                  t.quantidadeVotos,
                  t.identificacaoVotavel.partido,
                  t.identificacaoVotavel.codigo,
                ]
              : [BU_TIPO_VOTO[t.tipoVoto], t.quantidadeVotos],
          ),
        })),
      })),
      ultimoHashVotosVotavel: e.ultimoHashVotosVotavel.toUpperCase(),
      assinaturaUltimoHashVotosVotavel: e.assinaturaUltimoHashVotosVotavel.toUpperCase(),
    })),
    historicoCodigosCarga: [...bu.historicoCodigosCarga],
  });
}

/** The BU's identity: hex SHA-512 of its canonical JSON. */
export function buDigest(canonicalJson: string): string {
  return toHex(sha512(canonicalJson));
}

/**
 * The BU back from its canonical JSON. With `reseal` (default) the tuple chain is regenerated and must end in the
 * stored ultimoHash — a stored BU that was altered is detected here; without it the tuples' hashes stay empty (for
 * re-adding up totals, where only the counts matter).
 */
export function buFromCanonicalJson(json: string, opts: { reseal?: boolean } = {}): BoletimUrna {
  const raw = JSON.parse(json) as Omit<BoletimUrna, 'resultadosVotacaoPorEleicao'> & {
    v: number;
    resultadosVotacaoPorEleicao: (Omit<BoletimUrna['resultadosVotacaoPorEleicao'][number], 'resultadosVotacao'> & {
      resultadosVotacao: {
        tipoCargo: BoletimUrna['resultadosVotacaoPorEleicao'][number]['resultadosVotacao'][number]['tipoCargo'];
        qtdComparecimento: number;
        totaisVotosCargo: { codigoCargo: number; ordemImpressao: number; votosVotaveis: CanonicalTuple[] }[];
      }[];
    })[];
  };
  if (raw.v !== CANONICAL_BU_VERSION)
    throw new Error(`canonical BU version ${raw.v}, expected ${CANONICAL_BU_VERSION}`);
  const { v: _v, ...rest } = raw;
  const bu: BoletimUrna = {
    ...rest,
    resultadosVotacaoPorEleicao: raw.resultadosVotacaoPorEleicao.map((e) => ({
      ...e,
      resultadosVotacao: e.resultadosVotacao.map((rv) => ({
        ...rv,
        totaisVotosCargo: rv.totaisVotosCargo.map((cargo) => ({
          ...cargo,
          votosVotaveis: cargo.votosVotaveis.map((t) => {
            const tipoVoto = TIPO_BY_CODE.get(t[0]);
            if (!tipoVoto) throw new Error(`canonical BU: unknown tipoVoto ${t[0]}`);
            const tuple: TotalVotosVotavel = { tipoVoto, quantidadeVotos: t[1], ordemGeracaoHash: 0, hash: '' };
            if (t.length === 4) tuple.identificacaoVotavel = { partido: t[2], codigo: t[3] };
            return tuple;
          }),
        })),
      })),
    })),
  };
  if (opts.reseal ?? true) {
    for (const e of bu.resultadosVotacaoPorEleicao) {
      const stored = e.ultimoHashVotosVotavel;
      sealChain(bu, e);
      if (e.ultimoHashVotosVotavel !== stored) {
        throw new Error(
          `stored BU of seção ${bu.identificacaoSecao.municipio}/${bu.identificacaoSecao.zona}/` +
            `${bu.identificacaoSecao.secao}, eleição ${e.idEleicao}: its tuples chain to ${e.ultimoHashVotosVotavel}, ` +
            `not to the stored ultimoHash ${stored}`,
        );
      }
    }
  }
  return bu;
}

// ---- Checks against the election ----------------------------------------------------------------------------------

interface Checked {
  secaoKey: string;
  problems: Problem[];
}

const candidatesOf = new WeakMap<Contest, ReadonlyMap<number, Candidate>>();
function candidateMap(contest: Contest): ReadonlyMap<number, Candidate> {
  let m = candidatesOf.get(contest);
  if (!m) {
    m = new Map(contest.candidates.map((c) => [c.number, c]));
    candidatesOf.set(contest, m);
  }
  return m;
}

/** Choices per voter for a cargo: the Senate renewing two thirds has 2; every other office 1. */
function choicesOf(contest: Contest, index: ElectionIndex): number {
  return index.officeRule(contest.office)?.system === 'majority' ? contest.seats : 1;
}

/**
 * Everything about a BU that the election definition and the store can tell, without its signatures: which seção,
 * whether the BU belongs to this election there, and whether its counts are coherent.
 */
function checkAgainstElection(
  bu: BoletimUrna,
  store: TotalizationStore,
  index: ElectionIndex,
  file: string,
  expectSecao: { uf: string; municipio: number; zona: number; secao: number } | undefined,
): Checked {
  const def = index.def;
  const problems: Problem[] = [];
  const add = (path: string, expected: string, found: string): void => {
    problems.push({ file, path, expected, found });
  };
  if (bu.cabecalho.idPleito !== def.pleito)
    add('cabecalho.idPleito', `pleito ${def.pleito}`, String(bu.cabecalho.idPleito));
  if (bu.fase !== def.fase) add('fase', def.fase, bu.fase);

  const s = bu.identificacaoSecao;
  const key = store.secaoKeyOf(s.municipio, s.zona, s.secao);
  const where = `município ${s.municipio}, zona ${s.zona}, seção ${s.secao}`;
  if (key === undefined) {
    add('identificacaoSecao', `a seção of election "${def.name}"`, `${where}, which the election does not have`);
    return { secaoKey: '', problems };
  }
  if (expectSecao && secaoKey(expectSecao) !== key) {
    add('identificacaoSecao', `seção ${secaoKey(expectSecao)} (as the results media say)`, key);
  }
  const row = store.secao(key)!;
  if (row.agregadaA !== null) {
    add('identificacaoSecao', `a seção with its own urna (${key} votes in the urna of ${row.agregadaA})`, key);
    return { secaoKey: key, problems };
  }
  const contests = index.contestsForSecao(row);
  const seenEleicao = new Set<number>();
  bu.resultadosVotacaoPorEleicao.forEach((e, i) => {
    const at = `resultadosVotacaoPorEleicao[${i}]`;
    if (!def.eleicoes.some((el) => el.id === e.idEleicao)) {
      add(
        `${at}.idEleicao`,
        `one of the election's eleições (${def.eleicoes.map((el) => el.id).join(', ')})`,
        String(e.idEleicao),
      );
      return;
    }
    if (seenEleicao.has(e.idEleicao)) add(`${at}.idEleicao`, 'each eleição once', `${e.idEleicao} again`);
    seenEleicao.add(e.idEleicao);
    if (row.aptos !== null && e.qtdEleitoresAptos !== row.aptos) {
      add(`${at}.qtdEleitoresAptos`, `${row.aptos} (the seção's voter roll)`, String(e.qtdEleitoresAptos));
    }
    const seenCargo = new Set<number>();
    e.resultadosVotacao.forEach((rv, j) => {
      const rvAt = `${at}.resultadosVotacao[${j}]`;
      if (
        !Number.isSafeInteger(rv.qtdComparecimento) ||
        rv.qtdComparecimento < 0 ||
        rv.qtdComparecimento > e.qtdEleitoresAptos
      ) {
        add(
          `${rvAt}.qtdComparecimento`,
          `a count from 0 to the ${e.qtdEleitoresAptos} aptos`,
          String(rv.qtdComparecimento),
        );
      }
      rv.totaisVotosCargo.forEach((cargo, k) => {
        const cAt = `${rvAt}.totaisVotosCargo[${k}]`;
        const code = cargo.codigoCargo;
        if (index.eleicaoOfOffice(code) !== e.idEleicao) {
          add(`${cAt}.codigoCargo`, `an office of eleição ${e.idEleicao}`, String(code));
          return;
        }
        if (seenCargo.has(code)) add(`${cAt}.codigoCargo`, 'each cargo once per eleição', `${code} again`);
        seenCargo.add(code);
        const contest = contests.find((c) => c.office === code);
        if (!contest) {
          add(`${cAt}.codigoCargo`, `an office voted in seção ${key}`, `${code}, which has no contest there`);
          return;
        }
        const proportional = index.officeRule(code)?.system === 'proportional';
        const candidates = candidateMap(contest);
        const seen = new Set<number>();
        let sum = 0;
        // The hot loop (~300 tuples a BU): no string is built unless there is a problem to report.
        cargo.votosVotaveis.forEach((t, n) => {
          const tAt = (field = ''): string => `${cAt}.votosVotaveis[${n}]${field}`;
          const q = t.quantidadeVotos;
          if (!Number.isSafeInteger(q) || q < 0) {
            add(tAt('.quantidadeVotos'), 'a whole number of votes', String(q));
            return;
          }
          sum += q;
          const id = t.identificacaoVotavel;
          const tipo = BU_TIPO_VOTO[t.tipoVoto];
          if (tipo === undefined) {
            add(tAt('.tipoVoto'), 'nominal, branco, nulo, legenda or cargoSemCandidato', String(t.tipoVoto));
            return;
          }
          // One tuple per (tipo, votável): the same key twice would be counted twice.
          const dedupe = tipo * 1_000_000 + (id ? id.codigo : 0);
          if (seen.has(dedupe))
            add(tAt(), 'each votável once per cargo', `${t.tipoVoto} ${id?.codigo ?? ''} again`.trim());
          seen.add(dedupe);
          if (t.tipoVoto === 'nominal') {
            const cand = id ? candidates.get(id.codigo) : undefined;
            if (!id || !cand) {
              add(
                tAt('.identificacaoVotavel'),
                `a candidate for cargo ${code} in seção ${key}`,
                id ? String(id.codigo) : 'none',
              );
            } else if (cand.party !== id.partido) {
              add(
                tAt('.identificacaoVotavel.partido'),
                `${cand.party} (candidate ${cand.number}'s party)`,
                String(id.partido),
              );
            } else if (!cand.fit) {
              add(
                tAt('.identificacaoVotavel'),
                `a candidate fit to receive votes (${cand.number} is not: null votes)`,
                String(cand.number),
              );
            }
          } else if (t.tipoVoto === 'legenda') {
            if (!proportional) add(tAt('.tipoVoto'), `no legenda votes for majority cargo ${code}`, 'legenda');
            else if (!id || id.partido !== id.codigo || index.party(id.partido) === undefined) {
              add(
                tAt('.identificacaoVotavel'),
                'a party of the election (partido = codigo)',
                id ? `${id.partido}/${id.codigo}` : 'none',
              );
            }
          } else if (id) {
            add(tAt('.identificacaoVotavel'), `none for a ${t.tipoVoto} vote`, `${id.partido}/${id.codigo}`);
          }
        });
        const expected = rv.qtdComparecimento * choicesOf(contest, index);
        if (sum !== expected) {
          add(
            `${cAt}.votosVotaveis`,
            `votes adding up to ${expected} (comparecimento ${rv.qtdComparecimento} × ${choicesOf(contest, index)} choice(s))`,
            String(sum),
          );
        }
      });
    });
  });
  if (!Number.isSafeInteger(bu.qtdEleitoresCompareceram) || bu.qtdEleitoresCompareceram < 0) {
    add('qtdEleitoresCompareceram', 'a whole number', String(bu.qtdEleitoresCompareceram));
  }
  return { secaoKey: key, problems };
}

// ---- Ingestion -------------------------------------------------------------------------------------------------

export interface IngestInput {
  bu: BoletimUrna;
  /** The urna's public key, already trusted (results media: its certificate was checked against the election key). */
  urnaPublicKey: Uint8Array;
  /** Where the BU came from (a folder, an upload id): named in problems and kept with the BU. */
  source: string;
  /** When given, checked to certify urnaPublicKey with the election key of the store. */
  certificate?: Certificate;
  /** The seção the envelope (file names, upload form) says, checked against the BU's. */
  secao?: { uf: string; municipio: number; zona: number; secao: number };
}

export interface IngestOptions {
  /** Why the urna was replaced: allows this BU to supersede a different one already counted for its seção. */
  replacementReason?: string;
  /** Clock for `received_at` (injected for reproducible tests). */
  now?: () => Date;
}

interface OutcomeBase {
  source: string;
  /** Seção key, when the BU's seção is known. */
  secao?: string;
  /** buDigest of the BU, when it could be computed. */
  buHash?: string;
  numeroInternoUrna?: number;
}

export type IngestOutcome =
  | (OutcomeBase & { status: 'totalizado'; secao: string; buHash: string })
  /** The same BU again: nothing changed, it is counted once. */
  | (OutcomeBase & { status: 'ja-totalizado'; secao: string; buHash: string })
  | (OutcomeBase & {
      status: 'substituido';
      secao: string;
      buHash: string;
      replaced: { buHash: string; numeroInternoUrna: number };
      reason: string;
    })
  | (OutcomeBase & { status: 'recusado'; problems: Problem[] });

interface Prepared {
  record?: BuRecord;
  outcome?: IngestOutcome;
}

function refuse(source: string, problems: Problem[], extra: Omit<OutcomeBase, 'source'> = {}): IngestOutcome {
  return { status: 'recusado', source, problems, ...extra };
}

/** Verifies one input and, when it passes, turns it into the record the store takes. */
function prepare(store: TotalizationStore, input: IngestInput, opts: IngestOptions): Prepared {
  const file = input.source;
  const election = store.election();
  if (!election) {
    return { outcome: refuse(file, [{ file, path: '', expected: 'a store with an election loaded', found: 'none' }]) };
  }
  const index = totalizationIndex(election.definition);
  let numeroInternoUrna: number | undefined;
  try {
    numeroInternoUrna = input.bu.urna.correspondenciaResultado.carga.numeroInternoUrna;
    if (input.certificate) {
      const problem = certificateProblem(input.certificate, election.publicKey);
      if (problem) {
        const expected = `a certificate issued by election key ${keyId(election.publicKey)}`;
        return {
          outcome: refuse(file, [{ file, path: 'certificate', expected, found: problem }], { numeroInternoUrna }),
        };
      }
      if (input.certificate.publicKey.toLowerCase() !== toHex(input.urnaPublicKey)) {
        const found = `a certificate for key ${input.certificate.publicKey}`;
        const expected = `a certificate for urna key ${toHex(input.urnaPublicKey)}`;
        return {
          outcome: refuse(file, [{ file, path: 'certificate.publicKey', expected, found }], { numeroInternoUrna }),
        };
      }
    }
    const checked = checkAgainstElection(input.bu, store, index, file, input.secao);
    const secao = checked.secaoKey || undefined;
    // The signatures last: they are the expensive part, and pointless for a BU of another election.
    const problems =
      checked.problems.length > 0 ? checked.problems : verifyBuSignatures(input.bu, input.urnaPublicKey, file);
    if (problems.length > 0) return { outcome: refuse(file, problems, { secao, numeroInternoUrna }) };
    const json = canonicalBuJson(input.bu);
    const record: BuRecord = {
      secaoKey: checked.secaoKey,
      hash: buDigest(json),
      json,
      bu: input.bu,
      receivedAt: (opts.now ?? (() => new Date()))().toISOString(),
      source: input.source,
    };
    if (opts.replacementReason !== undefined && opts.replacementReason.trim() !== '') {
      record.replacementReason = opts.replacementReason.trim();
    }
    return { record };
  } catch (e) {
    // A BU that is not shaped like the model (a missing field, a wrong type) fails somewhere above.
    const found = `a malformed BU (${(e as Error).message})`;
    return {
      outcome: refuse(file, [{ file, path: '', expected: 'a BoletimUrna (V2 model)', found }], { numeroInternoUrna }),
    };
  }
}

function outcomeOf(record: BuRecord, d: StoreDecision): IngestOutcome {
  const base = { source: record.source, secao: record.secaoKey, buHash: record.hash };
  const urna = record.bu.urna.correspondenciaResultado.carga.numeroInternoUrna;
  switch (d.kind) {
    case 'totalizado':
      return { ...base, status: 'totalizado', numeroInternoUrna: urna };
    case 'ja-totalizado':
      return { ...base, status: 'ja-totalizado', numeroInternoUrna: urna };
    case 'substituido':
      return {
        ...base,
        status: 'substituido',
        numeroInternoUrna: urna,
        replaced: { buHash: d.replaced.hash, numeroInternoUrna: d.replaced.numeroInternoUrna },
        reason: record.replacementReason ?? '',
      };
    case 'conflito':
      return refuse(
        record.source,
        [
          {
            file: record.source,
            path: 'identificacaoSecao',
            expected:
              `the BU already counted for seção ${record.secaoKey} (hash ${d.current.hash}, urna ` +
              `${d.current.numeroInternoUrna}, from ${d.current.source}), or a replacement reason (urna replaced)`,
            found: `a different BU (hash ${record.hash}, urna ${urna}) without a replacement reason`,
          },
        ],
        { ...base, numeroInternoUrna: urna },
      );
    case 'ja-substituido':
      return refuse(
        record.source,
        [
          {
            file: record.source,
            path: 'identificacaoSecao',
            expected: `the current BU of seção ${record.secaoKey}`,
            found:
              `BU ${record.hash} (urna ${urna}), which was superseded by BU id ${d.superseded.supersededBy} ` +
              `(reason: ${d.superseded.replacementReason ?? ''})`,
          },
        ],
        { ...base, numeroInternoUrna: urna },
      );
  }
}

/** Verifies and counts one BU, in one transaction. Never throws for a bad BU: the outcome says what happened. */
export function ingestResults(store: TotalizationStore, input: IngestInput, opts: IngestOptions = {}): IngestOutcome {
  const p = prepare(store, input, opts);
  if (p.outcome) return p.outcome;
  return outcomeOf(p.record!, store.ingest(p.record!));
}

/**
 * The bulk path: verifies every input, then stores all that passed in ONE transaction (all or nothing if the store
 * fails). Outcomes in input order. `replacementReason` per input, when an urna was replaced.
 */
export function ingestResultsMany(
  store: TotalizationStore,
  inputs: readonly (IngestInput & { replacementReason?: string })[],
  opts: Omit<IngestOptions, 'replacementReason'> = {},
): IngestOutcome[] {
  const prepared = inputs.map((input) =>
    prepare(store, input, { ...opts, replacementReason: input.replacementReason }),
  );
  const records = prepared.flatMap((p) => (p.record ? [p.record] : []));
  const decisions = records.length > 0 ? store.ingestMany(records) : [];
  let next = 0;
  return prepared.map((p) => p.outcome ?? outcomeOf(p.record!, decisions[next++]!));
}

// ---- A folder of results media ---------------------------------------------------------------------------------

export interface FolderOutcome {
  /** The sub-folder (one seção's results media). */
  folder: string;
  outcome: IngestOutcome;
}

export interface IngestFolderOptions {
  /** Called after each sub-folder is decided (for the CLI's progress bar). */
  onProgress?: (done: number, total: number, last: FolderOutcome) => void;
  /** The replacement reason for a sub-folder's BU (the TRE records it when an urna was replaced). */
  replacementReason?: (folder: string) => string | undefined;
  /** BUs stored per transaction (default 500): a crash loses at most one batch, which a re-run ingests again. */
  batchSize?: number;
  now?: () => Date;
  /** Reads one seção's media (default: readResultsMedia from src/media/results-media-node.ts). */
  readMedia?: (dir: string, electionPublicKey: Uint8Array) => Result<ResultsMediaContents>;
}

/**
 * Ingests every sub-folder of `dir` (one seção's results media each, in name order): reads and verifies the media,
 * verifies and counts each BU. A bad folder never stops the others; each gets its outcome.
 */
export function ingestFolder(
  store: TotalizationStore,
  dir: string,
  electionPublicKey: Uint8Array,
  opts: IngestFolderOptions = {},
): FolderOutcome[] {
  const election = store.election();
  if (!election) throw new Error(`${dir}: the store has no election loaded; load the election before its results`);
  if (toHex(election.publicKey) !== toHex(electionPublicKey)) {
    throw new Error(
      `${dir}: election key ${keyId(electionPublicKey)} is not the key of the election in the store ` +
        `(${keyId(election.publicKey)})`,
    );
  }
  const folders = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const read = opts.readMedia ?? readResultsMedia;
  const batchSize = Math.max(1, opts.batchSize ?? 500);
  const results: FolderOutcome[] = [];
  let pending: { folder: string; input: IngestInput & { replacementReason?: string } }[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    const outcomes = ingestResultsMany(
      store,
      pending.map((p) => p.input),
      { now: opts.now },
    );
    pending.forEach((p, i) => {
      const r = { folder: p.folder, outcome: outcomes[i]! };
      results.push(r);
      opts.onProgress?.(results.length, folders.length, r);
    });
    pending = [];
  };
  for (const folder of folders) {
    const path = join(dir, folder);
    let media: Result<ResultsMediaContents>;
    try {
      media = read(path, electionPublicKey);
    } catch (e) {
      media = {
        ok: false,
        problems: [{ file: path, path: '', expected: 'readable results media', found: (e as Error).message }],
      };
    }
    if (!media.ok) {
      // Keep the order of the folders in the outcomes: store what is pending before this one's refusal.
      flush();
      const r = { folder, outcome: refuse(path, media.problems) };
      results.push(r);
      opts.onProgress?.(results.length, folders.length, r);
      continue;
    }
    const m = media.value;
    pending.push({
      folder,
      input: {
        bu: m.bu,
        urnaPublicKey: m.urnaPublicKey,
        certificate: m.certificate,
        secao: m.secao,
        source: path,
        replacementReason: opts.replacementReason?.(folder),
      },
    });
    if (pending.length >= batchSize) flush();
  }
  flush();
  return results;
}
