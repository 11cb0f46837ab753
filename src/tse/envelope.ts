// EntidadeEnvelopeGenerico (TSE-FORMATS.md §3.1, the same in V1 and V2) and the components every TSE file shares:
// CabecalhoEntidade, IdentificacaoUrna, Urna, Carga (the first place where V1 and V2 differ: V2 adds
// identificadorGeradorMidia), the spec's named INTEGER ranges and the ENUMERATED tables. The BU, RDV and imgbu
// codecs build on these.
import {
  ANY_INT,
  BerReader,
  type BerWriter,
  type DecodeOptions,
  ctx,
  ctxC,
  decodeWith,
  encodeWith,
  enumDef,
  type EnumDef,
  type IntRange,
  TAG_ENUMERATED,
  TAG_GENERAL_STRING,
  TAG_INTEGER,
  TAG_OCTET_STRING,
  TAG_SEQUENCE,
} from './ber.ts';
import {
  CARGO_CONSTITUCIONAL,
  FASE,
  MOTIVO_APURACAO_ELETRONICA,
  MOTIVO_APURACAO_MANUAL,
  MOTIVO_APURACAO_MISTA_COM_BU,
  MOTIVO_APURACAO_MISTA_COM_MR,
  TIPO_APURACAO,
  TIPO_ARQUIVO,
  TIPO_ENVELOPE,
  TIPO_URNA,
  type CabecalhoEntidade,
  type Carga,
  type CargaV2,
  type CodigoCargoConsulta,
  type CorrespondenciaResultado,
  type EntidadeEnvelopeGenerico,
  type IDEleitoral,
  type IdentificacaoSecaoEleitoral,
  type IdentificacaoUrna,
  type MunicipioZona,
  type Seguranca,
  type TipoApuracao,
  type TipoApuracaoSA,
  type Urna,
  type Version,
} from './asn1-types.ts';
import type { Result } from '../election/problem.ts';

// ---- the spec's named INTEGER types ----
const range = (min: number, max: number): IntRange => ({ min, max });
export const R = {
  CodigoMunicipio: range(1, 99999),
  IDEleicao: range(0, 99999),
  IDPleito: range(0, 99999),
  IDProcessoEleitoral: range(0, 99999),
  NumeroCargoConsultaLivre: range(25, 99),
  NumeroInternoUrna: range(0, 99999999),
  NumeroLocal: range(1, 9999),
  NumeroPartido: range(0, 99),
  NumeroSecao: range(1, 9999),
  NumeroVotavel: range(0, 99999),
  NumeroZona: range(1, 9999),
  QtdEleitores: range(0, 9999),
  OrdemImpressao: range(1, 99),
  JuntaTurma: range(0, 9999),
  Id8: range(0, 99999999),
  QuantidadeEscolhas: range(1, 50),
  Any: ANY_INT,
} as const;

/** DataHoraJE ::= GeneralString(SIZE(15)). */
export const DATA_HORA_LEN = 15;

// ---- ENUMERATED tables ----
export const E = {
  cargo: enumDef('CargoConstitucional', CARGO_CONSTITUCIONAL),
  fase: enumDef('Fase', FASE),
  tipoApuracao: enumDef('TipoApuracao', TIPO_APURACAO),
  motivoEletronica: enumDef('MotivoApuracaoEletronica', MOTIVO_APURACAO_ELETRONICA),
  motivoManual: enumDef('MotivoApuracaoManual', MOTIVO_APURACAO_MANUAL),
  motivoMistaBU: enumDef('MotivoApuracaoMistaComBU', MOTIVO_APURACAO_MISTA_COM_BU),
  motivoMistaMR: enumDef('MotivoApuracaoMistaComMR', MOTIVO_APURACAO_MISTA_COM_MR),
  tipoArquivo: enumDef('TipoArquivo', TIPO_ARQUIVO),
  tipoEnvelope: enumDef('TipoEnvelope', TIPO_ENVELOPE),
  tipoUrna: enumDef('TipoUrna', TIPO_URNA),
} as const;

export const versionNumber = (v: Version): 1 | 2 => (v === 'v1' ? 1 : 2);
export const versionName = (v: 1 | 2): Version => (v === 1 ? 'v1' : 'v2');

/** V2 Carga has identificadorGeradorMidia; V1's has not. */
export function cargaVersion(carga: Carga): Version {
  return 'identificadorGeradorMidia' in carga ? 'v2' : 'v1';
}

// ---- readers ----

export function readDataHora(r: BerReader, name: string): string {
  return r.latin1(TAG_GENERAL_STRING, name, DATA_HORA_LEN, DATA_HORA_LEN);
}

export function readCabecalho(r: BerReader, name = 'cabecalho'): CabecalhoEntidade {
  r.enter(TAG_SEQUENCE, name);
  const dataGeracao = readDataHora(r, 'dataGeracao');
  const t = r.peek();
  let idEleitoral: IDEleitoral;
  if (t === ctx(2)) idEleitoral = { idPleito: r.int(ctx(2), 'idEleitoral.idPleito', R.IDPleito) };
  else if (t === ctx(3)) idEleitoral = { idEleicao: r.int(ctx(3), 'idEleitoral.idEleicao', R.IDEleicao) };
  else if (t === ctx(1)) {
    idEleitoral = { idProcessoEleitoral: r.int(ctx(1), 'idEleitoral.idProcessoEleitoral', R.IDProcessoEleitoral) };
  } else r.fail('idEleitoral', 'IDEleitoral: [1] idProcessoEleitoral, [2] idPleito or [3] idEleicao', found(r, t));
  r.leave();
  return { dataGeracao, idEleitoral };
}

/** What is at the current position, for messages. */
export function found(r: BerReader, t: number): string {
  return t < 0 ? 'the end of the enclosing element' : `tag 0x${t.toString(16).toUpperCase().padStart(2, '0')}`;
}

export function readMunicipioZona(r: BerReader, name = 'municipioZona'): MunicipioZona {
  r.enter(TAG_SEQUENCE, name);
  const municipio = r.int(TAG_INTEGER, 'municipio', R.CodigoMunicipio);
  const zona = r.int(TAG_INTEGER, 'zona', R.NumeroZona);
  r.leave();
  return { municipio, zona };
}

export function readIdentificacaoSecao(r: BerReader, tag: number, name: string): IdentificacaoSecaoEleitoral {
  r.enter(tag, name);
  const municipioZona = readMunicipioZona(r);
  const local = r.int(TAG_INTEGER, 'local', R.NumeroLocal);
  const secao = r.int(TAG_INTEGER, 'secao', R.NumeroSecao);
  r.leave();
  return { municipioZona, local, secao };
}

export function readIdentificacaoUrna(r: BerReader, name = 'identificacao'): IdentificacaoUrna {
  const t = r.peek();
  if (t === ctxC(0)) return { identificacaoSecaoEleitoral: readIdentificacaoSecao(r, ctxC(0), name) };
  if (t === ctxC(1)) {
    r.enter(ctxC(1), name);
    const municipioZona = readMunicipioZona(r);
    r.leave();
    return { identificacaoContingencia: { municipioZona } };
  }
  return r.fail(
    name,
    'IdentificacaoUrna: [0] identificacaoSecaoEleitoral (0xA0) or [1] identificacaoContingencia (0xA1)',
    found(r, t),
  );
}

/**
 * Carga: V1 {numeroInternoUrna, numeroSerieFC, dataHoraCarga, codigoCarga}; V2 adds identificadorGeradorMidia after
 * numeroSerieFC. When the reader's version is not known yet, this decides it (TSE-FORMATS.md §0: V2 Carga has 5
 * components, V1 has 4).
 */
export function readCarga(r: BerReader, name = 'carga'): Carga {
  r.enter(TAG_SEQUENCE, name);
  const numeroInternoUrna = r.int(TAG_INTEGER, 'numeroInternoUrna', R.NumeroInternoUrna);
  const numeroSerieFC = r.octets(TAG_OCTET_STRING, 'numeroSerieFC', 4);
  const t = r.peek();
  if (r.version === 0) r.version = t === TAG_SEQUENCE ? 2 : 1;
  let carga: Carga;
  if (r.version === 2) {
    if (t !== TAG_SEQUENCE) {
      r.fail(
        'identificadorGeradorMidia',
        'SEQUENCE (0x30): a V2 (2024+) Carga',
        t === TAG_GENERAL_STRING ? 'GeneralString (0x1B): a V1 (2022) Carga, 4 components' : found(r, t),
      );
    }
    r.enter(TAG_SEQUENCE, 'identificadorGeradorMidia');
    const nome = r.latin1(TAG_GENERAL_STRING, 'nome');
    const serialCertificadoTPM = r.latin1(TAG_GENERAL_STRING, 'serialCertificadoTPM');
    const serialInstalacao = r.latin1(TAG_GENERAL_STRING, 'serialInstalacao');
    r.leave();
    const dataHoraCarga = readDataHora(r, 'dataHoraCarga');
    const codigoCarga = r.latin1(TAG_GENERAL_STRING, 'codigoCarga');
    carga = {
      numeroInternoUrna,
      numeroSerieFC,
      identificadorGeradorMidia: { nome, serialCertificadoTPM, serialInstalacao },
      dataHoraCarga,
      codigoCarga,
    };
  } else {
    if (t === TAG_SEQUENCE) {
      r.fail('dataHoraCarga', 'GeneralString (0x1B): a V1 (2022) Carga', 'SEQUENCE (0x30): a V2 (2024+) Carga');
    }
    const dataHoraCarga = readDataHora(r, 'dataHoraCarga');
    const codigoCarga = r.latin1(TAG_GENERAL_STRING, 'codigoCarga');
    carga = { numeroInternoUrna, numeroSerieFC, dataHoraCarga, codigoCarga };
  }
  r.leave();
  return carga;
}

export function readCorrespondencia(r: BerReader, name: string): CorrespondenciaResultado {
  r.enter(TAG_SEQUENCE, name);
  const identificacao = readIdentificacaoUrna(r, 'identificacao');
  const carga = readCarga(r, 'carga');
  r.leave();
  return { identificacao, carga };
}

/** The two ENUMERATED of an Apuracao* SEQUENCE. */
function readApuracao<M extends string>(
  r: BerReader,
  tag: number,
  name: string,
  tipoField: 'tipoApuracao' | 'tipoapuracao',
  motivo: EnumDef<M>,
): [TipoApuracao, M] {
  r.enter(tag, name);
  const tipo = r.enumerated(TAG_ENUMERATED, tipoField, E.tipoApuracao);
  const motivoApuracao = r.enumerated(TAG_ENUMERATED, 'motivoApuracao', motivo);
  r.leave();
  return [tipo, motivoApuracao];
}

export function readTipoApuracaoSA(r: BerReader, name = 'motivoUtilizacaoSA'): TipoApuracaoSA {
  const t = r.peek();
  if (t === ctxC(0)) {
    const [tipoApuracao, motivoApuracao] = readApuracao(r, t, name, 'tipoApuracao', E.motivoMistaMR);
    return { apuracaoMistaMR: { tipoApuracao, motivoApuracao } };
  }
  if (t === ctxC(1)) {
    const [tipoapuracao, motivoApuracao] = readApuracao(r, t, name, 'tipoapuracao', E.motivoMistaBU);
    return { apuracaoMistaBUAE: { tipoapuracao, motivoApuracao } };
  }
  if (t === ctxC(2)) {
    const [tipoapuracao, motivoApuracao] = readApuracao(r, t, name, 'tipoapuracao', E.motivoManual);
    return { apuracaoTotalmenteManual: { tipoapuracao, motivoApuracao } };
  }
  if (t === ctxC(3)) {
    const [tipoapuracao, motivoApuracao] = readApuracao(r, t, name, 'tipoapuracao', E.motivoEletronica);
    return { apuracaoEletronica: { tipoapuracao, motivoApuracao } };
  }
  return r.fail(name, 'TipoApuracaoSA: [0]..[3] (0xA0..0xA3)', found(r, t));
}

export function readUrna(r: BerReader, name = 'urna'): Urna {
  r.enter(TAG_SEQUENCE, name);
  const tipoUrna = r.enumerated(TAG_ENUMERATED, 'tipoUrna', E.tipoUrna);
  const versaoVotacao = r.latin1(TAG_GENERAL_STRING, 'versaoVotacao');
  const correspondenciaResultado = readCorrespondencia(r, 'correspondenciaResultado');
  const tipoArquivo = r.enumerated(TAG_ENUMERATED, 'tipoArquivo', E.tipoArquivo);
  const numeroSerieFV = r.octets(TAG_OCTET_STRING, 'numeroSerieFV', 4);
  const urna: Urna = { tipoUrna, versaoVotacao, correspondenciaResultado, tipoArquivo, numeroSerieFV };
  if (!r.atEnd()) urna.motivoUtilizacaoSA = readTipoApuracaoSA(r);
  r.leave();
  return urna;
}

export function readCodigoCargo(r: BerReader, name: string): CodigoCargoConsulta {
  const t = r.peek();
  if (t === ctx(1)) return { cargoConstitucional: r.enumerated(ctx(1), `${name}.cargoConstitucional`, E.cargo) };
  if (t === ctx(2)) {
    return {
      numeroCargoConsultaLivre: r.int(ctx(2), `${name}.numeroCargoConsultaLivre`, R.NumeroCargoConsultaLivre),
    };
  }
  return r.fail(
    name,
    'CodigoCargoConsulta: [1] cargoConstitucional (0x81) or [2] numeroCargoConsultaLivre (0x82)',
    found(r, t),
  );
}

/** SEQUENCE OF GeneralString (historicoCodigosCarga). */
export function readStrings(r: BerReader, name: string): string[] {
  r.enter(TAG_SEQUENCE, name);
  const out: string[] = [];
  for (let i = 0; !r.atEnd(); i++) {
    r.item(i);
    out.push(r.latin1(TAG_GENERAL_STRING, ''));
    r.pop();
  }
  r.leave();
  return out;
}

export function readEnvelope(r: BerReader): EntidadeEnvelopeGenerico {
  r.enter(TAG_SEQUENCE, '');
  const cabecalho = readCabecalho(r);
  const fase = r.enumerated(TAG_ENUMERATED, 'fase', E.fase);
  const urna = r.peek() === TAG_SEQUENCE ? readUrna(r) : undefined;
  const identificacao = readIdentificacaoUrna(r);
  const tipoEnvelope = r.enumerated(TAG_ENUMERATED, 'tipoEnvelope', E.tipoEnvelope);
  let seguranca: Seguranca | undefined;
  if (r.peek() === TAG_SEQUENCE) {
    r.enter(TAG_SEQUENCE, 'seguranca');
    seguranca = {
      idTipoArquivo: r.int(TAG_INTEGER, 'idTipoArquivo', range(0, 2)),
      idCriptografia: r.int(TAG_INTEGER, 'idCriptografia', range(1, 3)),
      idArquivoCD: r.int(TAG_INTEGER, 'idArquivoCD', range(0, 255)),
      idArquivoChave: r.octets(TAG_OCTET_STRING, 'idArquivoChave'),
    };
    r.leave();
  }
  const conteudo = r.octets(TAG_OCTET_STRING, 'conteudo');
  const conteudoAt = r.base + r.pos - conteudo.length;
  r.leave();
  const env: EntidadeEnvelopeGenerico = urna
    ? { cabecalho, fase, urna, identificacao, tipoEnvelope, conteudo }
    : { cabecalho, fase, identificacao, tipoEnvelope, conteudo };
  if (seguranca) env.seguranca = seguranca;
  contentOffsets.set(env, conteudoAt);
  return env;
}

// Where each decoded envelope's conteudo starts in its file, so problems inside the content name file offsets.
// A WeakMap keeps the decoded object free of non-spec fields.
const contentOffsets = new WeakMap<EntidadeEnvelopeGenerico, number>();

/** File offset of `conteudo`'s first byte for an envelope returned by `decodeEnvelope` (0 when unknown). */
export function conteudoOffset(env: EntidadeEnvelopeGenerico): number {
  return contentOffsets.get(env) ?? 0;
}

/** Decodes an EntidadeEnvelopeGenerico (BU, imgbu, or any other envelope); `conteudo` is returned undecoded. */
export function decodeEnvelope(
  bytes: Uint8Array,
  file = 'envelope',
  opts: DecodeOptions = {},
): Result<EntidadeEnvelopeGenerico> {
  return decodeWith(bytes, file, 'EntidadeEnvelopeGenerico', readEnvelope, opts);
}

/**
 * Decodes a BER value that sits inside another file's OCTET STRING (the envelope's conteudo), with offsets and
 * paths that point into the outer file.
 */
export function decodeInner<T>(
  bytes: Uint8Array,
  file: string,
  root: string,
  base: number,
  read: (r: BerReader) => T,
  opts: DecodeOptions = {},
): Result<T> {
  const res = decodeWith(bytes, file, root, read, opts);
  if (res.ok || base === 0) return res;
  return {
    ok: false,
    problems: res.problems.map((p) => {
      const dp = p as typeof p & { asnPath?: string; offset?: number };
      if (dp.offset === undefined || dp.asnPath === undefined) return p;
      const offset = dp.offset + base;
      return { ...dp, offset, path: `${dp.asnPath} at byte ${offset}` };
    }),
  };
}

// ---- writers (backwards: last component first; see BerWriter) ----

export function writeDataHora(w: BerWriter, v: string, name: string): void {
  w.latin1(TAG_GENERAL_STRING, v, name, DATA_HORA_LEN, DATA_HORA_LEN);
}

export function writeCabecalho(w: BerWriter, v: CabecalhoEntidade, name = 'cabecalho'): void {
  w.push(name);
  const m = w.mark();
  const id = v.idEleitoral;
  if (id.idPleito !== undefined) w.int(ctx(2), id.idPleito, 'idEleitoral.idPleito', R.IDPleito);
  else if (id.idEleicao !== undefined) w.int(ctx(3), id.idEleicao, 'idEleitoral.idEleicao', R.IDEleicao);
  else if (id.idProcessoEleitoral !== undefined) {
    w.int(ctx(1), id.idProcessoEleitoral, 'idEleitoral.idProcessoEleitoral', R.IDProcessoEleitoral);
  } else w.fail('idEleitoral', 'one of idProcessoEleitoral, idPleito, idEleicao', JSON.stringify(id));
  writeDataHora(w, v.dataGeracao, 'dataGeracao');
  w.wrap(TAG_SEQUENCE, m);
  w.pop();
}

export function writeMunicipioZona(w: BerWriter, v: MunicipioZona, name = 'municipioZona'): void {
  w.push(name);
  const m = w.mark();
  w.int(TAG_INTEGER, v.zona, 'zona', R.NumeroZona);
  w.int(TAG_INTEGER, v.municipio, 'municipio', R.CodigoMunicipio);
  w.wrap(TAG_SEQUENCE, m);
  w.pop();
}

export function writeIdentificacaoSecao(w: BerWriter, v: IdentificacaoSecaoEleitoral, tag: number, name: string): void {
  w.push(name);
  const m = w.mark();
  w.int(TAG_INTEGER, v.secao, 'secao', R.NumeroSecao);
  w.int(TAG_INTEGER, v.local, 'local', R.NumeroLocal);
  writeMunicipioZona(w, v.municipioZona);
  w.wrap(tag, m);
  w.pop();
}

export function writeIdentificacaoUrna(w: BerWriter, v: IdentificacaoUrna, name = 'identificacao'): void {
  if (v.identificacaoSecaoEleitoral) {
    writeIdentificacaoSecao(w, v.identificacaoSecaoEleitoral, ctxC(0), name);
  } else if (v.identificacaoContingencia) {
    w.push(name);
    const m = w.mark();
    writeMunicipioZona(w, v.identificacaoContingencia.municipioZona);
    w.wrap(ctxC(1), m);
    w.pop();
  } else w.fail(name, 'identificacaoSecaoEleitoral or identificacaoContingencia', 'neither');
}

export function writeCarga(w: BerWriter, v: Carga, name = 'carga'): void {
  w.push(name);
  const m = w.mark();
  w.latin1(TAG_GENERAL_STRING, v.codigoCarga, 'codigoCarga');
  writeDataHora(w, v.dataHoraCarga, 'dataHoraCarga');
  if ('identificadorGeradorMidia' in v) {
    const g = (v as CargaV2).identificadorGeradorMidia;
    w.push('identificadorGeradorMidia');
    const mg = w.mark();
    w.latin1(TAG_GENERAL_STRING, g.serialInstalacao, 'serialInstalacao');
    w.latin1(TAG_GENERAL_STRING, g.serialCertificadoTPM, 'serialCertificadoTPM');
    w.latin1(TAG_GENERAL_STRING, g.nome, 'nome');
    w.wrap(TAG_SEQUENCE, mg);
    w.pop();
  }
  w.octets(TAG_OCTET_STRING, v.numeroSerieFC, 'numeroSerieFC', 4);
  w.int(TAG_INTEGER, v.numeroInternoUrna, 'numeroInternoUrna', R.NumeroInternoUrna);
  w.wrap(TAG_SEQUENCE, m);
  w.pop();
}

export function writeCorrespondencia(w: BerWriter, v: CorrespondenciaResultado, name: string): void {
  w.push(name);
  const m = w.mark();
  writeCarga(w, v.carga);
  writeIdentificacaoUrna(w, v.identificacao);
  w.wrap(TAG_SEQUENCE, m);
  w.pop();
}

export function writeTipoApuracaoSA(w: BerWriter, v: TipoApuracaoSA, name = 'motivoUtilizacaoSA'): void {
  w.push(name);
  const m = w.mark();
  if (v.apuracaoMistaMR) {
    w.enumerated(TAG_ENUMERATED, v.apuracaoMistaMR.motivoApuracao, E.motivoMistaMR, 'motivoApuracao');
    w.enumerated(TAG_ENUMERATED, v.apuracaoMistaMR.tipoApuracao, E.tipoApuracao, 'tipoApuracao');
    w.wrap(ctxC(0), m);
  } else if (v.apuracaoMistaBUAE) {
    w.enumerated(TAG_ENUMERATED, v.apuracaoMistaBUAE.motivoApuracao, E.motivoMistaBU, 'motivoApuracao');
    w.enumerated(TAG_ENUMERATED, v.apuracaoMistaBUAE.tipoapuracao, E.tipoApuracao, 'tipoapuracao');
    w.wrap(ctxC(1), m);
  } else if (v.apuracaoTotalmenteManual) {
    w.enumerated(TAG_ENUMERATED, v.apuracaoTotalmenteManual.motivoApuracao, E.motivoManual, 'motivoApuracao');
    w.enumerated(TAG_ENUMERATED, v.apuracaoTotalmenteManual.tipoapuracao, E.tipoApuracao, 'tipoapuracao');
    w.wrap(ctxC(2), m);
  } else if (v.apuracaoEletronica) {
    w.enumerated(TAG_ENUMERATED, v.apuracaoEletronica.motivoApuracao, E.motivoEletronica, 'motivoApuracao');
    w.enumerated(TAG_ENUMERATED, v.apuracaoEletronica.tipoapuracao, E.tipoApuracao, 'tipoapuracao');
    w.wrap(ctxC(3), m);
  } else w.fail('', 'one TipoApuracaoSA alternative', 'none');
  w.pop();
}

export function writeUrna(w: BerWriter, v: Urna, name = 'urna'): void {
  w.push(name);
  const m = w.mark();
  if (v.motivoUtilizacaoSA !== undefined) writeTipoApuracaoSA(w, v.motivoUtilizacaoSA);
  w.octets(TAG_OCTET_STRING, v.numeroSerieFV, 'numeroSerieFV', 4);
  w.enumerated(TAG_ENUMERATED, v.tipoArquivo, E.tipoArquivo, 'tipoArquivo');
  writeCorrespondencia(w, v.correspondenciaResultado, 'correspondenciaResultado');
  w.latin1(TAG_GENERAL_STRING, v.versaoVotacao, 'versaoVotacao');
  w.enumerated(TAG_ENUMERATED, v.tipoUrna, E.tipoUrna, 'tipoUrna');
  w.wrap(TAG_SEQUENCE, m);
  w.pop();
}

export function writeCodigoCargo(w: BerWriter, v: CodigoCargoConsulta, name: string): void {
  if (v.cargoConstitucional !== undefined) {
    w.enumerated(ctx(1), v.cargoConstitucional, E.cargo, `${name}.cargoConstitucional`);
  } else if (v.numeroCargoConsultaLivre !== undefined) {
    w.int(ctx(2), v.numeroCargoConsultaLivre, `${name}.numeroCargoConsultaLivre`, R.NumeroCargoConsultaLivre);
  } else w.fail(name, 'cargoConstitucional or numeroCargoConsultaLivre', 'neither');
}

export function writeStrings(w: BerWriter, v: readonly string[], name: string): void {
  w.push(name);
  const m = w.mark();
  for (let i = v.length - 1; i >= 0; i--) {
    w.push(i);
    w.latin1(TAG_GENERAL_STRING, v[i]!, '');
    w.pop();
  }
  w.wrap(TAG_SEQUENCE, m);
  w.pop();
}

export function writeEnvelope(w: BerWriter, v: EntidadeEnvelopeGenerico): void {
  const m = w.mark();
  w.octets(TAG_OCTET_STRING, v.conteudo, 'conteudo');
  if (v.seguranca !== undefined) {
    const s = v.seguranca;
    w.push('seguranca');
    const ms = w.mark();
    w.octets(TAG_OCTET_STRING, s.idArquivoChave, 'idArquivoChave');
    w.int(TAG_INTEGER, s.idArquivoCD, 'idArquivoCD', range(0, 255));
    w.int(TAG_INTEGER, s.idCriptografia, 'idCriptografia', range(1, 3));
    w.int(TAG_INTEGER, s.idTipoArquivo, 'idTipoArquivo', range(0, 2));
    w.wrap(TAG_SEQUENCE, ms);
    w.pop();
  }
  w.enumerated(TAG_ENUMERATED, v.tipoEnvelope, E.tipoEnvelope, 'tipoEnvelope');
  writeIdentificacaoUrna(w, v.identificacao);
  if (v.urna !== undefined) writeUrna(w, v.urna);
  w.enumerated(TAG_ENUMERATED, v.fase, E.fase, 'fase');
  writeCabecalho(w, v.cabecalho);
  w.wrap(TAG_SEQUENCE, m);
}

/** Bytes of an EntidadeEnvelopeGenerico (conteudo written as given). */
export function encodeEnvelope(v: EntidadeEnvelopeGenerico, file = 'envelope'): Result<Uint8Array> {
  return encodeWith(file, 'EntidadeEnvelopeGenerico', (w) => writeEnvelope(w, v));
}
