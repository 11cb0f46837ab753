// The TSE's ASN.1 types (shared/tse/spec/v1-2022 and v2-2024: bu.asn1, rdv.asn1, assinatura.asn1) as TypeScript,
// with the spec's field names verbatim. Conventions, the same in every decoded object:
// - INTEGER → number (the spec's ranges are checked by the codec); ENUMERATED → the spec's name of the value.
// - OCTET STRING → Uint8Array. Decoded values are views into the bytes that were decoded (no copy: a V1 BU holds
//   ~170 signatures); copy them if the input buffer is going to be reused.
// - GeneralString → string (Latin-1), NumericString → string of digits/spaces.
// - CHOICE → an object with exactly one key, the chosen alternative's name: `{ idPleito: 407 }`.
// - OPTIONAL → the key is absent when the component is absent (never `key: undefined`), so decoded values compare
//   with deepStrictEqual after a round trip.
// V1 = Eleições 2022 (and the 2022 simulado/treinamento examples); V2 = 2024+ (TSE-FORMATS.md §0).

/** A CHOICE: exactly one of T's keys is present. */
export type Choice<T> = {
  [K in keyof T]: { [P in K]: T[P] } & { [P in Exclude<keyof T, K>]?: never };
}[keyof T];

export type Version = 'v1' | 'v2';

// ---- ENUMERATED (value tables; the codec derives code → name tables from them) ----

export const CARGO_CONSTITUCIONAL = {
  presidente: 1,
  vicePresidente: 2,
  governador: 3,
  viceGovernador: 4,
  senador: 5,
  deputadoFederal: 6,
  deputadoEstadual: 7,
  deputadoDistrital: 8,
  primeiroSuplenteSenador: 9,
  segundoSuplenteSenador: 10,
  prefeito: 11,
  vicePrefeito: 12,
  vereador: 13,
} as const;
export type CargoConstitucional = keyof typeof CARGO_CONSTITUCIONAL;

export const FASE = { simulado: 1, oficial: 2, treinamento: 3 } as const;
export type Fase = keyof typeof FASE;

export const MOTIVO_APURACAO_ELETRONICA = {
  naoFoiPossivelReuperarResultado: 1,
  urnaNaoChegouMidiaDefeituosa: 2,
  urnaNaoChegouMidiaExtraviada: 3,
  outros: 99,
} as const;
export const MOTIVO_APURACAO_MANUAL = {
  urnaComDefeito: 1,
  urnaIndisponivelInicio: 2,
  urnaOutraSecao: 3,
  outros: 99,
} as const;
export const MOTIVO_APURACAO_MISTA_COM_BU = {
  urnaDataHoraIncorreta: 1,
  urnaComDefeito: 2,
  urnaOutrasecao: 3,
  urnaPreparadaIncorretamente: 4,
  urnaChegouAposInicioVotacao: 5,
  outros: 99,
} as const;
export const MOTIVO_APURACAO_MISTA_COM_MR = {
  naoObteveExitoContingencia: 1,
  indisponibilidadeUrnaContingencia: 2,
  indisponibilidadeFlashContingencia: 3,
  problemaEnergiaEletrica: 4,
  naoFoiPossivelTrocarUrna: 5,
  naoFoiSolicitadaTrocaUrna: 6,
  outros: 99,
} as const;
export const TIPO_APURACAO = { totalmenteManual: 1, totalmenteEletronica: 2, mistaBU: 3, mistaMR: 4 } as const;
export type TipoApuracao = keyof typeof TIPO_APURACAO;

export const TIPO_ARQUIVO = {
  votacaoUE: 1,
  votacaoRED: 2,
  saMistaMRParcialCedula: 3,
  saMistaBUImpressoCedula: 4,
  saManual: 5,
  saEletronica: 6,
} as const;
export type TipoArquivo = keyof typeof TIPO_ARQUIVO;

export const TIPO_CARGO_CONSULTA = { majoritario: 1, proporcional: 2, consulta: 3 } as const;
export type TipoCargoConsulta = keyof typeof TIPO_CARGO_CONSULTA;

export const TIPO_ENVELOPE = {
  envelopeBoletimUrna: 1,
  envelopeRegistroDigitalVoto: 2,
  envelopeBoletimUrnaImpresso: 4,
  envelopeImagemBiometria: 5,
} as const;
export type TipoEnvelope = keyof typeof TIPO_ENVELOPE;

export const TIPO_URNA = { secao: 1, contingencia: 3, reservaSecao: 4, reservaEncerrandoSecao: 6 } as const;
export type TipoUrna = keyof typeof TIPO_URNA;

/** BU TipoVoto (the RDV's differs). */
export const TIPO_VOTO_BU = { nominal: 1, branco: 2, nulo: 3, legenda: 4, cargoSemCandidato: 5 } as const;
export type TipoVotoBU = keyof typeof TIPO_VOTO_BU;

/** RDV TipoVoto. */
export const TIPO_VOTO_RDV = {
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
export type TipoVotoRDV = keyof typeof TIPO_VOTO_RDV;

export const TIPO_CEDULA_SA = { majoritario: 1, proporcional: 2 } as const;
export type TipoCedulaSA = keyof typeof TIPO_CEDULA_SA;

export const ORIGEM_VOTOS_SA = { cedula: 1, rdv: 2, bu: 3 } as const;
export type OrigemVotosSA = keyof typeof ORIGEM_VOTOS_SA;

/** V1 AlgoritmoAssinatura; V2 adds eddsa(4) ("Assinatura e521 para modelos UE2020 e posteriores"). */
export const ALGORITMO_ASSINATURA_V1 = { rsa: 1, ecdsa: 2, cepesc: 3 } as const;
export const ALGORITMO_ASSINATURA_V2 = { rsa: 1, ecdsa: 2, cepesc: 3, eddsa: 4 } as const;
export type AlgoritmoAssinatura = keyof typeof ALGORITMO_ASSINATURA_V2;

export const ALGORITMO_HASH = { sha1: 1, sha256: 2, sha384: 3, sha512: 4 } as const;
export type AlgoritmoHash = keyof typeof ALGORITMO_HASH;

/** V1 ModeloUrna. */
export const MODELO_URNA = { ue2009: 9, ue2010: 10, ue2011: 11, ue2013: 13, ue2015: 15, ue2020: 20 } as const;
export type ModeloUrna = keyof typeof MODELO_URNA;

/** V2 ModeloEquipamento. */
export const MODELO_EQUIPAMENTO = {
  tpm12: 1,
  tpm20: 2,
  ue2009: 9,
  ue2010: 10,
  ue2011: 11,
  ue2013: 13,
  ue2015: 15,
  ue2020: 20,
  ue2022: 22,
} as const;
export type ModeloEquipamento = keyof typeof MODELO_EQUIPAMENTO;

// ---- common components (bu.asn1 / rdv.asn1) ----

export type IDEleitoral = Choice<{ idProcessoEleitoral: number; idPleito: number; idEleicao: number }>;

export interface CabecalhoEntidade {
  /** DataHoraJE `YYYYMMDDThhmmss`. */
  dataGeracao: string;
  idEleitoral: IDEleitoral;
}

export interface MunicipioZona {
  municipio: number;
  zona: number;
}

export interface IdentificacaoSecaoEleitoral {
  municipioZona: MunicipioZona;
  local: number;
  secao: number;
}

export interface IdentificacaoContingencia {
  municipioZona: MunicipioZona;
}

export type IdentificacaoUrna = Choice<{
  identificacaoSecaoEleitoral: IdentificacaoSecaoEleitoral;
  identificacaoContingencia: IdentificacaoContingencia;
}>;

export interface IdentificadorGeradorMidia {
  nome: string;
  serialCertificadoTPM: string;
  serialInstalacao: string;
}

export interface CargaV1 {
  numeroInternoUrna: number;
  /** NumeroSerieFlash, 4 bytes. */
  numeroSerieFC: Uint8Array;
  dataHoraCarga: string;
  codigoCarga: string;
}

export interface CargaV2 {
  numeroInternoUrna: number;
  numeroSerieFC: Uint8Array;
  identificadorGeradorMidia: IdentificadorGeradorMidia;
  dataHoraCarga: string;
  codigoCarga: string;
}

export type Carga = CargaV1 | CargaV2;

export interface CorrespondenciaResultado<C extends Carga = Carga> {
  identificacao: IdentificacaoUrna;
  carga: C;
}

export interface ApuracaoMistaMR {
  tipoApuracao: TipoApuracao;
  motivoApuracao: keyof typeof MOTIVO_APURACAO_MISTA_COM_MR;
}
export interface ApuracaoMistaBUAE {
  tipoapuracao: TipoApuracao;
  motivoApuracao: keyof typeof MOTIVO_APURACAO_MISTA_COM_BU;
}
export interface ApuracaoTotalmenteManualDigitacaoAE {
  tipoapuracao: TipoApuracao;
  motivoApuracao: keyof typeof MOTIVO_APURACAO_MANUAL;
}
export interface ApuracaoEletronica {
  tipoapuracao: TipoApuracao;
  motivoApuracao: keyof typeof MOTIVO_APURACAO_ELETRONICA;
}

export type TipoApuracaoSA = Choice<{
  apuracaoMistaMR: ApuracaoMistaMR;
  apuracaoMistaBUAE: ApuracaoMistaBUAE;
  apuracaoTotalmenteManual: ApuracaoTotalmenteManualDigitacaoAE;
  apuracaoEletronica: ApuracaoEletronica;
}>;

export interface Urna<C extends Carga = Carga> {
  tipoUrna: TipoUrna;
  versaoVotacao: string;
  correspondenciaResultado: CorrespondenciaResultado<C>;
  tipoArquivo: TipoArquivo;
  /** NumeroSerieFlash, 4 bytes. */
  numeroSerieFV: Uint8Array;
  motivoUtilizacaoSA?: TipoApuracaoSA;
}

export type CodigoCargoConsulta = Choice<{
  cargoConstitucional: CargoConstitucional;
  numeroCargoConsultaLivre: number;
}>;

// ---- envelope ----

export interface Seguranca {
  idTipoArquivo: number;
  idCriptografia: number;
  idArquivoCD: number;
  idArquivoChave: Uint8Array;
}

export interface EntidadeEnvelopeGenerico {
  cabecalho: CabecalhoEntidade;
  fase: Fase;
  /** Absent in published BUs, present in .imgbu envelopes (TSE-FORMATS.md §3.1). */
  urna?: Urna;
  identificacao: IdentificacaoUrna;
  tipoEnvelope: TipoEnvelope;
  seguranca?: Seguranca;
  conteudo: Uint8Array;
}

// ---- BU ----

export interface DadosSecao {
  dataHoraAbertura: string;
  dataHoraEncerramento: string;
  dataHoraDesligamentoVotoImpresso?: string;
}

export interface DadosSA {
  juntaApuradora: number;
  turmaApuradora: number;
  numeroInternoUrnaOrigem?: number;
}

export type DadosSecaoSA = Choice<{ dadosSecao: DadosSecao; dadosSA: DadosSA }>;

export interface IdentificacaoVotavel {
  partido: number;
  codigo: number;
}

export interface TotalVotosVotavelV1 {
  tipoVoto: TipoVotoBU;
  quantidadeVotos: number;
  identificacaoVotavel?: IdentificacaoVotavel;
  /** Ed25519 signature of the tuple (TSE-FORMATS.md §3.4). */
  assinatura: Uint8Array;
}

export interface TotalVotosVotavelV2 {
  tipoVoto: TipoVotoBU;
  quantidadeVotos: number;
  identificacaoVotavel?: IdentificacaoVotavel;
  ordemGeracaoHash: number;
  /** SHA-512 link of the tuple hash chain (TSE-FORMATS.md §3.5). */
  hash: Uint8Array;
}

export interface TotalVotosCargo<T> {
  codigoCargo: CodigoCargoConsulta;
  ordemImpressao: number;
  votosVotaveis: T[];
}

export interface ResultadoVotacao<T> {
  tipoCargo: TipoCargoConsulta;
  qtdComparecimento: number;
  totaisVotosCargo: TotalVotosCargo<T>[];
}

export interface ResultadoVotacaoPorEleicaoV1 {
  idEleicao: number;
  qtdEleitoresAptos: number;
  resultadosVotacao: ResultadoVotacao<TotalVotosVotavelV1>[];
}

export interface ResultadoVotacaoPorEleicaoV2 {
  idEleicao: number;
  qtdEleitoresAptos: number;
  qtdEleitoresAptosSecao: number;
  qtdEleitoresAptosTTE: number;
  resultadosVotacao: ResultadoVotacao<TotalVotosVotavelV2>[];
  ultimoHashVotosVotavel: Uint8Array;
  assinaturaUltimoHashVotosVotavel: Uint8Array;
}

export interface HistoricoVotoImpresso {
  idImpressoraVotos: number;
  idRepositorioVotos: number;
  dataHoraLigamento: string;
}

export interface DetalhamentoComparecimento {
  qtdEleitoresCompareceramSemBiometria: number;
  qtdEleitoresHabilitadosPorBiometria: number;
  qtdEleitoresHabilitadosPorBiografia: number;
}

export interface EntidadeBoletimUrnaV1 {
  cabecalho: CabecalhoEntidade;
  fase: Fase;
  urna: Urna<CargaV1>;
  identificacaoSecao: IdentificacaoSecaoEleitoral;
  dataHoraEmissao: string;
  dadosSecaoSA: DadosSecaoSA;
  qtdEleitoresLibCodigo?: number;
  qtdEleitoresCompBiometrico?: number;
  resultadosVotacaoPorEleicao: ResultadoVotacaoPorEleicaoV1[];
  historicoCorrespondencias?: CorrespondenciaResultado<CargaV1>[];
  historicoVotoImpresso?: HistoricoVotoImpresso[];
  /** Raw 32-byte Ed25519 public key of the tuple signatures. */
  chaveAssinaturaVotosVotavel: Uint8Array;
}

export interface EntidadeBoletimUrnaV2 {
  cabecalho: CabecalhoEntidade;
  fase: Fase;
  urna: Urna<CargaV2>;
  identificacaoSecao: IdentificacaoSecaoEleitoral;
  dataHoraEmissao: string;
  dadosSecaoSA: DadosSecaoSA;
  qtdEleitoresCompareceram: number;
  detalhamentoComparecimento?: DetalhamentoComparecimento;
  resultadosVotacaoPorEleicao: ResultadoVotacaoPorEleicaoV2[];
  historicoCodigosCarga: string[];
  historicoVotoImpresso?: HistoricoVotoImpresso[];
}

export type EntidadeBoletimUrna = EntidadeBoletimUrnaV1 | EntidadeBoletimUrnaV2;

// ---- RDV ----

export interface Voto {
  tipoVoto: TipoVotoRDV;
  /** VotoDigitado: NumericString (SIZE(1..5)). */
  digitacao?: string;
}

export interface VotosCargo {
  idCargo: CodigoCargoConsulta;
  quantidadeEscolhas: number;
  votos: Voto[];
}

export interface EleicaoVota {
  idEleicao: number;
  votosCargos: VotosCargo[];
}

export interface EleicaoSA {
  idEleicao: number;
  tipoCedulaSA: TipoCedulaSA;
  origemVotosSA: OrigemVotosSA;
  votosCargos: VotosCargo[];
}

/** Tagged [0]/[1] in V1, [1]/[2] in V2. */
export type Eleicoes = Choice<{ eleicoesVota: EleicaoVota[]; eleicoesSA: EleicaoSA[] }>;

export interface EntidadeRegistroDigitalVotoV1 {
  pleito: number;
  fase: Fase;
  identificacao: IdentificacaoSecaoEleitoral;
  eleicoes: Eleicoes;
}

export interface EntidadeRegistroDigitalVotoV2 {
  pleito: number;
  fase: Fase;
  identificacao: IdentificacaoSecaoEleitoral;
  historicoCodigosCarga: string[];
  eleicoes: Eleicoes;
}

export interface EntidadeResultadoRDVV1 {
  cabecalho: CabecalhoEntidade;
  urna: Urna<CargaV1>;
  rdv: EntidadeRegistroDigitalVotoV1;
}

export interface EntidadeResultadoRDVV2 {
  cabecalho: CabecalhoEntidade;
  urna: Urna<CargaV2>;
  rdv: EntidadeRegistroDigitalVotoV2;
}

export type EntidadeResultadoRDV = EntidadeResultadoRDVV1 | EntidadeResultadoRDVV2;

// ---- signature files (.vscmr V1, -vota.vsc V2) ----

export interface DescritorChave {
  nomeUsuario: string;
  serial: number;
}

export interface AlgoritmoHashInfo {
  algoritmo: AlgoritmoHash;
}

export interface AlgoritmoAssinaturaInfo {
  algoritmo: AlgoritmoAssinatura;
  bits: number;
}

export interface AssinaturaDigital {
  /** For a listed file: the file's size in bytes; for autoAssinado: the size of conteudoAutoAssinado. */
  tamanho: number;
  /** SHA-512 of the signed bytes. */
  hash: Uint8Array;
  assinatura: Uint8Array;
}

export interface AutoAssinaturaDigital {
  usuario: DescritorChave;
  algoritmoHash: AlgoritmoHashInfo;
  algoritmoAssinatura: AlgoritmoAssinaturaInfo;
  assinatura: AssinaturaDigital;
}

export interface AssinaturaArquivo {
  nomeArquivo: string;
  assinatura: AssinaturaDigital;
}

export interface Assinatura {
  arquivosAssinados: AssinaturaArquivo[];
}

export interface EntidadeAssinatura {
  dataHoraCriacao: string;
  versao: number;
  autoAssinado: AutoAssinaturaDigital;
  /** The BER bytes of an `Assinatura`, exactly as signed (autoAssinado.assinatura.hash = SHA-512 of them). */
  conteudoAutoAssinado: Uint8Array;
  /** DER X.509 (UE2009–2015) or PEM text (UE2020+), sometimes followed by padding bytes, kept verbatim. */
  certificadoDigital?: Uint8Array;
  conjuntoChave?: string;
  /**
   * Not a spec field: `conteudoAutoAssinado` decoded. The encoder writes `conteudoAutoAssinado` and ignores this, so
   * the signed bytes are never re-serialized behind the signer's back.
   */
  conteudo: Assinatura;
}

export interface EntidadeAssinaturaResultado {
  modeloUrna: ModeloUrna;
  assinaturaSW: EntidadeAssinatura;
  assinaturaHW: EntidadeAssinatura;
}

export interface EntidadeAssinaturaEcourna {
  modeloEquipamento: ModeloEquipamento;
  assinaturaSW: EntidadeAssinatura;
  assinaturaHW: EntidadeAssinatura;
}
