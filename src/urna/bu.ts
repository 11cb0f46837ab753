// The Boletim de Urna the urna emits at closing: the V2 (2024+) structure of model.ts, its tuple hash chain
// (TSE-FORMATS.md §3.5, sealChain) and the urna key's signature over each eleição's last hash.
//
// Tuple order follows the real files (decoded 2022 V1 and 2024 V2 BUs in shared/tse/samples): per cargo, nominal
// votes by candidate number (which also groups a proportional office's candidates by party, the number starting
// with the party's), then branco, then nulo, then — proportional offices only — the legenda votes by party number.
// Zero-vote tuples are omitted. Cargos carry `ordemImpressao` in screen order, counted across eleições; eleições
// and their tipoCargo groups come in the order of their first office on the screens (2024: vereador → prefeito,
// so proporcional before majoritario).
import { keyId } from '../crypto/certificate.ts';
import { verifyEd25519, type Signer } from '../crypto/ed25519.ts';
import { fromHex, sha512, toHex } from '../crypto/hash.ts';
import type { Problem } from '../election/problem.ts';
import type { CargaContent } from '../media/carga-types.ts';
import { checkChain, sealChain } from '../tse/bu-hash-chain.ts';
import { officeInfo, partyOfCandidates } from './ballot-offices.ts';
import { ZonedFormatter } from './clock.ts';
import type {
  BoletimUrna,
  EleicaoVota,
  IdentificacaoSecaoEleitoral,
  ResultadoVotacao,
  ResultadoVotacaoPorEleicao,
  RdvTipoVoto,
  TipoCargo,
  TotalVotosCargo,
  TotalVotosVotavel,
  Urna,
  Voto,
} from './model.ts';

/** `versaoVotacao` of our BUs and RDVs (the TSE writes e.g. "9.30.0.0 - Tupiniquim"). */
export const URNA_SOFTWARE_VERSION = 'urna-ts 0.1.0';

/** Who voted, by how they were released (TSE V2 `detalhamentoComparecimento`). */
export interface AttendanceCounts {
  compareceram: number;
  /** Voters without registered fingerprints, released by year of birth. */
  semBiometria: number;
  /** Released by a matching fingerprint. */
  porBiometria: number;
  /** Fingerprints registered but not recognised after every attempt; released by year of birth. */
  porBiografia: number;
}

export interface BuTimes {
  abertura: Date;
  encerramento: Date;
  /** When the BU is generated (cabecalho.dataGeracao and dataHoraEmissao). */
  emissao: Date;
}

export interface BuInput {
  carga: CargaContent;
  /** The RDV as exported (`Rdv.export()`): the BU is the sum of this table (ELECTION-RULES.md §5.6). */
  votes: readonly EleicaoVota[];
  counts: AttendanceCounts;
  times: BuTimes;
  /** The urna key (carga.urna.privateKey). */
  signer: Signer;
  versaoVotacao?: string;
  formatter?: ZonedFormatter;
}

export function identificacaoSecao(carga: CargaContent): IdentificacaoSecaoEleitoral {
  const s = carga.secao;
  return { municipio: s.municipio, zona: s.zona, local: s.local.number, secao: s.secao };
}

/**
 * The `Urna` block the BU and the RDV both carry. The serial numbers are bytes in the TSE's files (OCTET STRING),
 * read back as upper-case hex: written upper-case here so that the BU decoded from our `-bu.dat` equals this one.
 */
export function urnaBlock(carga: CargaContent, versaoVotacao = URNA_SOFTWARE_VERSION): Urna {
  const c = carga.carga;
  return {
    tipoUrna: 'secao',
    versaoVotacao,
    correspondenciaResultado: {
      identificacao: identificacaoSecao(carga),
      carga: { ...c, numeroSerieFC: c.numeroSerieFC.toUpperCase() },
    },
    tipoArquivo: 'votacaoUE',
    numeroSerieFV: carga.urna.numeroSerieFV.toUpperCase(),
  };
}

const BRANCO_KINDS: ReadonlySet<RdvTipoVoto> = new Set(['branco', 'brancoAposSuspensao']);
const SEM_CANDIDATO_KINDS: ReadonlySet<RdvTipoVoto> = new Set([
  'nuloCargoSemCandidato',
  'nuloAposSuspensaoCargoSemCandidato',
]);

function digitsOf(v: Voto, idCargo: number): number {
  const n = v.digitacao === undefined || v.digitacao === '' ? Number.NaN : Number(v.digitacao);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`RDV: cargo ${idCargo} has a ${v.tipoVoto} vote typed "${v.digitacao ?? ''}"`);
  return n;
}

function blankTuple(
  tipoVoto: TotalVotosVotavel['tipoVoto'],
  quantidadeVotos: number,
  ident?: { partido: number; codigo: number },
): TotalVotosVotavel {
  // Field order as in the ASN.1 (and so in the JSON): ordemGeracaoHash and hash are filled by sealChain.
  return ident
    ? { tipoVoto, quantidadeVotos, identificacaoVotavel: ident, ordemGeracaoHash: 0, hash: '' }
    : { tipoVoto, quantidadeVotos, ordemGeracaoHash: 0, hash: '' };
}

/**
 * One cargo's tuples from its RDV votes. `partyOf` maps candidate numbers to parties. A legenda vote is credited to
 * the party of its first two typed digits: that covers both the 2-digit legenda and the full number of a
 * non-existent candidate of a valid party (LE art. 59 §2), which the RDV records as legenda with all the digits.
 */
export function cargoTuples(
  idCargo: number,
  votos: readonly Voto[],
  partyOf: ReadonlyMap<number, number>,
): TotalVotosVotavel[] {
  const nominal = new Map<number, number>();
  const legenda = new Map<number, number>();
  let branco = 0;
  let nulo = 0;
  let semCandidato = 0;
  for (const v of votos) {
    const tipo = v.tipoVoto;
    if (tipo === 'nominal') {
      const n = digitsOf(v, idCargo);
      nominal.set(n, (nominal.get(n) ?? 0) + 1);
    } else if (tipo === 'legenda') {
      const p = Number((v.digitacao ?? '').slice(0, 2));
      if (!(p >= 10 && p <= 99))
        throw new Error(`RDV: cargo ${idCargo} has a legenda vote typed "${v.digitacao ?? ''}"`);
      legenda.set(p, (legenda.get(p) ?? 0) + 1);
    } else if (BRANCO_KINDS.has(tipo)) branco++;
    else if (SEM_CANDIDATO_KINDS.has(tipo)) semCandidato++;
    else nulo++; // nulo, nuloPorRepeticao, nuloAposSuspensao
  }
  const tuples: TotalVotosVotavel[] = [];
  for (const n of [...nominal.keys()].sort((a, b) => a - b)) {
    const partido = partyOf.get(n) ?? Number(String(n).slice(0, 2));
    tuples.push(blankTuple('nominal', nominal.get(n) ?? 0, { partido, codigo: n }));
  }
  if (branco > 0) tuples.push(blankTuple('branco', branco));
  if (nulo > 0) tuples.push(blankTuple('nulo', nulo));
  for (const p of [...legenda.keys()].sort((a, b) => a - b)) {
    tuples.push(blankTuple('legenda', legenda.get(p) ?? 0, { partido: p, codigo: p }));
  }
  if (semCandidato > 0) tuples.push(blankTuple('cargoSemCandidato', semCandidato));
  return tuples;
}

/** Builds, chains and signs the BU. */
export function buildBu(input: BuInput): BoletimUrna {
  const { carga, votes, counts, times, signer } = input;
  const fmt = input.formatter ?? new ZonedFormatter(carga.election.timezone);
  const aptos = carga.voters.length;

  const votesByCargo = new Map<string, readonly Voto[]>();
  for (const e of votes) for (const vc of e.votosCargos) votesByCargo.set(`${e.idEleicao}:${vc.idCargo}`, vc.votos);

  const eleicoes = new Map<number, ResultadoVotacaoPorEleicao>();
  const groups = new Map<string, ResultadoVotacao>();
  let ordemImpressao = 0;
  for (const contest of carga.contests) {
    const info = officeInfo(carga, contest);
    let eleicao = eleicoes.get(info.idEleicao);
    if (!eleicao) {
      eleicao = {
        idEleicao: info.idEleicao,
        qtdEleitoresAptos: aptos,
        qtdEleitoresAptosSecao: aptos,
        qtdEleitoresAptosTTE: 0,
        resultadosVotacao: [],
        ultimoHashVotosVotavel: '',
        assinaturaUltimoHashVotosVotavel: '',
      };
      eleicoes.set(info.idEleicao, eleicao);
    }
    const tipoCargo: TipoCargo = info.system === 'majority' ? 'majoritario' : 'proporcional';
    const groupKey = `${info.idEleicao}:${tipoCargo}`;
    let group = groups.get(groupKey);
    if (!group) {
      group = { tipoCargo, qtdComparecimento: counts.compareceram, totaisVotosCargo: [] };
      groups.set(groupKey, group);
      eleicao.resultadosVotacao.push(group);
    }
    const cargo: TotalVotosCargo = {
      codigoCargo: info.code,
      ordemImpressao: ++ordemImpressao,
      votosVotaveis: cargoTuples(
        info.code,
        votesByCargo.get(`${info.idEleicao}:${info.code}`) ?? [],
        partyOfCandidates(contest),
      ),
    };
    group.totaisVotosCargo.push(cargo);
  }

  const emissao = fmt.dataHoraJE(times.emissao);
  const codigoCarga = carga.carga.codigoCarga;
  const bu: BoletimUrna = {
    cabecalho: { dataGeracao: emissao, idPleito: carga.election.pleito },
    fase: carga.election.fase,
    urna: urnaBlock(carga, input.versaoVotacao),
    identificacaoSecao: identificacaoSecao(carga),
    dataHoraEmissao: emissao,
    dadosSecao: {
      dataHoraAbertura: fmt.dataHoraJE(times.abertura),
      dataHoraEncerramento: fmt.dataHoraJE(times.encerramento),
    },
    qtdEleitoresCompareceram: counts.compareceram,
    detalhamentoComparecimento: {
      qtdEleitoresCompareceramSemBiometria: counts.semBiometria,
      qtdEleitoresHabilitadosPorBiometria: counts.porBiometria,
      qtdEleitoresHabilitadosPorBiografia: counts.porBiografia,
    },
    resultadosVotacaoPorEleicao: [...eleicoes.values()],
    historicoCodigosCarga: [codigoCarga],
  };
  for (const eleicao of bu.resultadosVotacaoPorEleicao) {
    const last = sealChain(bu, eleicao);
    eleicao.assinaturaUltimoHashVotosVotavel = toHex(signer.sign(sha512(last))).toUpperCase();
  }
  return bu;
}

/**
 * Checks a BU's tuple hash chain (checkChain) and each eleição's signature by the urna key. Empty when intact.
 * The totalization calls this on every BU it ingests.
 */
export function verifyBuSignatures(bu: BoletimUrna, urnaPublicKey: Uint8Array | string, file = 'BU'): Problem[] {
  const problems: Problem[] = [];
  for (const c of checkChain(bu)) {
    problems.push({
      file,
      path: `resultadosVotacaoPorEleicao[idEleicao=${c.idEleicao}] ${c.place}`,
      expected: c.expected,
      found: c.found,
    });
  }
  let key: Uint8Array;
  try {
    key = typeof urnaPublicKey === 'string' ? fromHex(urnaPublicKey) : urnaPublicKey;
  } catch {
    return [
      ...problems,
      {
        file,
        path: '(urna public key)',
        expected: 'a 32-byte Ed25519 key in hex',
        found: String(urnaPublicKey).slice(0, 40),
      },
    ];
  }
  bu.resultadosVotacaoPorEleicao.forEach((e, i) => {
    const path = `resultadosVotacaoPorEleicao[${i}].assinaturaUltimoHashVotosVotavel`;
    let last: Uint8Array;
    let sig: Uint8Array;
    try {
      last = fromHex(e.ultimoHashVotosVotavel);
      sig = fromHex(e.assinaturaUltimoHashVotosVotavel);
    } catch {
      problems.push({ file, path, expected: 'hex strings', found: 'a value that is not hex' });
      return;
    }
    if (!verifyEd25519(key, sha512(last), sig)) {
      problems.push({
        file,
        path,
        expected: `an Ed25519 signature by urna key ${key.length === 32 ? keyId(key) : '(invalid key)'} over SHA-512(ultimoHashVotosVotavel)`,
        found: 'a signature that does not verify',
      });
    }
  });
  return problems;
}

/** Sum of a cargo's tuples (= comparecimento × choices per voter when every voter voted for it). */
export function cargoTotal(cargo: TotalVotosCargo): number {
  let n = 0;
  for (const t of cargo.votosVotaveis) n += t.quantidadeVotos;
  return n;
}
