// The BU (boletim de urna) and RDV (registro digital do voto) as the urna produces them, shaped like the TSE's V2
// (2024+) ASN.1 modules (TSE-FORMATS.md §3.3, §4) with the spec's field names, so that the BER codec of the TSE
// formats maps them one to one. Hashes and signatures are uppercase/lowercase-insensitive hex strings here; the
// codec turns them into OCTET STRINGs.

import { ZonedFormatter } from './clock.ts';

export type FaseTSE = 'simulado' | 'oficial' | 'treinamento';
export const FASE_CODE: Readonly<Record<FaseTSE, number>> = { simulado: 1, oficial: 2, treinamento: 3 };

/** BU TipoVoto (differs from the RDV's). */
export const BU_TIPO_VOTO = { nominal: 1, branco: 2, nulo: 3, legenda: 4, cargoSemCandidato: 5 } as const;
export type BuTipoVoto = keyof typeof BU_TIPO_VOTO;

/** RDV TipoVoto. */
export const RDV_TIPO_VOTO = {
  legenda: 1,
  nominal: 2,
  branco: 3,
  nulo: 4,
  brancoAposSuspensao: 5,
  nuloAposSuspensao: 6,
  nuloPorRepeticao: 7,
  nuloCargoSemCandidato: 8,
  nuloAposSuspensaoCargoSemCandidato: 9,
} as const;
export type RdvTipoVoto = keyof typeof RDV_TIPO_VOTO;

export const TIPO_CARGO = { majoritario: 1, proporcional: 2, consulta: 3 } as const;
export type TipoCargo = keyof typeof TIPO_CARGO;

export interface IdentificacaoSecaoEleitoral {
  municipio: number;
  zona: number;
  local: number;
  secao: number;
}

export interface Carga {
  numeroInternoUrna: number;
  /** Serial of the flash card (4 bytes, hex). */
  numeroSerieFC: string;
  identificadorGeradorMidia: { nome: string; serialCertificadoTPM: string; serialInstalacao: string };
  /** DataHoraJE: `YYYYMMDDThhmmss`, local time. */
  dataHoraCarga: string;
  /** 24 decimal digits. */
  codigoCarga: string;
}

export interface Urna {
  tipoUrna: 'secao' | 'contingencia' | 'reservaSecao' | 'reservaEncerrandoSecao';
  versaoVotacao: string;
  correspondenciaResultado: { identificacao: IdentificacaoSecaoEleitoral; carga: Carga };
  tipoArquivo: 'votacaoUE';
  /** Serial of the urna's motherboard (4 bytes, hex). */
  numeroSerieFV: string;
}

export interface IdentificacaoVotavel {
  partido: number;
  codigo: number;
}

export interface TotalVotosVotavel {
  tipoVoto: BuTipoVoto;
  quantidadeVotos: number;
  identificacaoVotavel?: IdentificacaoVotavel;
  ordemGeracaoHash: number;
  /** SHA-512 link of the tuple hash chain (TSE-FORMATS.md §3.5), hex. */
  hash: string;
}

export interface TotalVotosCargo {
  codigoCargo: number;
  ordemImpressao: number;
  votosVotaveis: TotalVotosVotavel[];
}

export interface ResultadoVotacao {
  tipoCargo: TipoCargo;
  qtdComparecimento: number;
  totaisVotosCargo: TotalVotosCargo[];
}

export interface ResultadoVotacaoPorEleicao {
  idEleicao: number;
  qtdEleitoresAptos: number;
  qtdEleitoresAptosSecao: number;
  qtdEleitoresAptosTTE: number;
  resultadosVotacao: ResultadoVotacao[];
  /** Last link of the chain, hex. */
  ultimoHashVotosVotavel: string;
  /** The urna key's signature over SHA-512(ultimoHash bytes), hex. */
  assinaturaUltimoHashVotosVotavel: string;
}

export interface BoletimUrna {
  cabecalho: { dataGeracao: string; idPleito: number };
  fase: FaseTSE;
  urna: Urna;
  identificacaoSecao: IdentificacaoSecaoEleitoral;
  dataHoraEmissao: string;
  dadosSecao: { dataHoraAbertura: string; dataHoraEncerramento: string };
  qtdEleitoresCompareceram: number;
  detalhamentoComparecimento: {
    qtdEleitoresCompareceramSemBiometria: number;
    qtdEleitoresHabilitadosPorBiometria: number;
    qtdEleitoresHabilitadosPorBiografia: number;
  };
  resultadosVotacaoPorEleicao: ResultadoVotacaoPorEleicao[];
  historicoCodigosCarga: string[];
}

/** One confirmed choice in the RDV. `digitacao` is what was typed (absent for branco). */
export interface Voto {
  tipoVoto: RdvTipoVoto;
  digitacao?: string;
}

export interface VotosCargo {
  idCargo: number;
  quantidadeEscolhas: number;
  /** Sorted by (tipoVoto code, digitacao): the order of voting is destroyed. */
  votos: Voto[];
}

export interface EleicaoVota {
  idEleicao: number;
  votosCargos: VotosCargo[];
}

export interface EntidadeResultadoRDV {
  cabecalho: { dataGeracao: string; idPleito: number };
  urna: Urna;
  rdv: {
    pleito: number;
    fase: FaseTSE;
    identificacao: IdentificacaoSecaoEleitoral;
    historicoCodigosCarga: string[];
    eleicoes: EleicaoVota[];
  };
}

/** `YYYYMMDDThhmmss` in a time zone (DataHoraJE): one ZonedFormatter per zone, the urna's own clock arithmetic. */
const formatters = new Map<string, ZonedFormatter>();
export function dataHoraJE(date: Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new ZonedFormatter(timeZone);
    formatters.set(timeZone, f);
  }
  return f.dataHoraJE(date);
}
