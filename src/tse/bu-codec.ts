// The Boletim de Urna: EntidadeBoletimUrna V1 (2022) and V2 (2024+) inside its EntidadeEnvelopeGenerico
// (TSE-FORMATS.md §3), decoded to typed objects and encoded back; and the V2 ⇄ our urna's model (src/urna/model.ts)
// conversion with which the urna writes its BU in the TSE's format.
//
// Version: the first component whose layout differs is urna.correspondenciaResultado.carga (V2 adds
// identificadorGeradorMidia), so one pass decides the version there and reads the rest with that version's layout
// (equivalent to "try V2, then V1" of TSE-FORMATS.md §0, without decoding twice). A caller that knows the version
// (from the file name) can force it; a mismatch is then reported at the Carga.
import {
  BerReader,
  type BerWriter,
  type DecodeOptions,
  ctx,
  ctxC,
  encodeWith,
  enumDef,
  hexToBytes,
  hexUpper,
  TAG_ENUMERATED,
  TAG_INTEGER,
  TAG_OCTET_STRING,
  TAG_SEQUENCE,
} from './ber.ts';
import {
  CARGO_CONSTITUCIONAL,
  TIPO_CARGO_CONSULTA,
  TIPO_VOTO_BU,
  type CargaV1,
  type CargaV2,
  type CargoConstitucional,
  type CodigoCargoConsulta,
  type CorrespondenciaResultado,
  type DadosSecaoSA,
  type DetalhamentoComparecimento,
  type EntidadeBoletimUrna,
  type EntidadeBoletimUrnaV1,
  type EntidadeBoletimUrnaV2,
  type EntidadeEnvelopeGenerico,
  type HistoricoVotoImpresso,
  type IdentificacaoVotavel,
  type ResultadoVotacao,
  type ResultadoVotacaoPorEleicaoV1,
  type ResultadoVotacaoPorEleicaoV2,
  type TotalVotosCargo,
  type TotalVotosVotavelV1,
  type TotalVotosVotavelV2,
  type Urna,
  type Version,
} from './asn1-types.ts';
import {
  conteudoOffset,
  decodeEnvelope,
  decodeInner,
  E,
  R,
  readCabecalho,
  readCodigoCargo,
  readCorrespondencia,
  readDataHora,
  readIdentificacaoSecao,
  readStrings,
  readUrna,
  versionNumber,
  writeCabecalho,
  writeCodigoCargo,
  writeCorrespondencia,
  writeDataHora,
  writeEnvelope,
  writeIdentificacaoSecao,
  writeStrings,
  writeUrna,
} from './envelope.ts';
import type { Problem, Result } from '../election/problem.ts';
import type * as M from '../urna/model.ts';

const TIPO_VOTO = enumDef('TipoVoto', TIPO_VOTO_BU);
const TIPO_CARGO = enumDef('TipoCargoConsulta', TIPO_CARGO_CONSULTA);

export type DecodedBu = { version: 'v1'; bu: EntidadeBoletimUrnaV1 } | { version: 'v2'; bu: EntidadeBoletimUrnaV2 };

export type BuFile =
  | { version: 'v1'; envelope: EntidadeEnvelopeGenerico; bu: EntidadeBoletimUrnaV1 }
  | { version: 'v2'; envelope: EntidadeEnvelopeGenerico; bu: EntidadeBoletimUrnaV2 };

export interface BuDecodeOptions extends DecodeOptions {
  /** Force a version (e.g. from the file name); by default the content decides. */
  version?: Version;
}

// ---- reading ----

function readDadosSecaoSA(r: BerReader): DadosSecaoSA {
  const t = r.peek();
  if (t === ctxC(0)) {
    r.enter(t, 'dadosSecaoSA.dadosSecao');
    const dataHoraAbertura = readDataHora(r, 'dataHoraAbertura');
    const dataHoraEncerramento = readDataHora(r, 'dataHoraEncerramento');
    const dadosSecao = r.atEnd()
      ? { dataHoraAbertura, dataHoraEncerramento }
      : {
          dataHoraAbertura,
          dataHoraEncerramento,
          dataHoraDesligamentoVotoImpresso: readDataHora(r, 'dataHoraDesligamentoVotoImpresso'),
        };
    r.leave();
    return { dadosSecao };
  }
  if (t === ctxC(1)) {
    r.enter(t, 'dadosSecaoSA.dadosSA');
    const juntaApuradora = r.int(TAG_INTEGER, 'juntaApuradora', R.JuntaTurma);
    const turmaApuradora = r.int(TAG_INTEGER, 'turmaApuradora', R.JuntaTurma);
    const dadosSA = r.atEnd()
      ? { juntaApuradora, turmaApuradora }
      : {
          juntaApuradora,
          turmaApuradora,
          numeroInternoUrnaOrigem: r.int(TAG_INTEGER, 'numeroInternoUrnaOrigem', R.NumeroInternoUrna),
        };
    r.leave();
    return { dadosSA };
  }
  return r.fail('dadosSecaoSA', 'DadosSecaoSA: [0] dadosSecao (0xA0) or [1] dadosSA (0xA1)', tagAt(r));
}

function tagAt(r: BerReader): string {
  const t = r.peek();
  return t < 0 ? 'the end of the enclosing element' : `tag 0x${t.toString(16).toUpperCase().padStart(2, '0')}`;
}

function readIdentificacaoVotavel(r: BerReader): IdentificacaoVotavel {
  r.enter(ctxC(3), 'identificacaoVotavel');
  const partido = r.int(TAG_INTEGER, 'partido', R.NumeroPartido);
  const codigo = r.int(TAG_INTEGER, 'codigo', R.NumeroVotavel);
  r.leave();
  return { partido, codigo };
}

// The tuple loops are the hot path (a 2022 1º turno BU has ~170 tuples): one function per version, no closures.
function readTuplesV1(r: BerReader): TotalVotosVotavelV1[] {
  r.enter(TAG_SEQUENCE, 'votosVotaveis');
  const out: TotalVotosVotavelV1[] = [];
  for (let i = 0; !r.atEnd(); i++) {
    r.item(i);
    r.enter(TAG_SEQUENCE, '');
    const tipoVoto = r.enumerated(ctx(1), 'tipoVoto', TIPO_VOTO);
    const quantidadeVotos = r.int(ctx(2), 'quantidadeVotos', R.QtdEleitores);
    if (r.peek() === ctxC(3)) {
      const identificacaoVotavel = readIdentificacaoVotavel(r);
      out.push({
        tipoVoto,
        quantidadeVotos,
        identificacaoVotavel,
        assinatura: r.octets(TAG_OCTET_STRING, 'assinatura'),
      });
    } else {
      out.push({ tipoVoto, quantidadeVotos, assinatura: r.octets(TAG_OCTET_STRING, 'assinatura') });
    }
    r.leave();
    r.pop();
  }
  r.leave();
  return out;
}

function readTuplesV2(r: BerReader): TotalVotosVotavelV2[] {
  r.enter(TAG_SEQUENCE, 'votosVotaveis');
  const out: TotalVotosVotavelV2[] = [];
  for (let i = 0; !r.atEnd(); i++) {
    r.item(i);
    r.enter(TAG_SEQUENCE, '');
    const tipoVoto = r.enumerated(ctx(1), 'tipoVoto', TIPO_VOTO);
    const quantidadeVotos = r.int(ctx(2), 'quantidadeVotos', R.QtdEleitores);
    if (r.peek() === ctxC(3)) {
      const identificacaoVotavel = readIdentificacaoVotavel(r);
      const ordemGeracaoHash = r.int(TAG_INTEGER, 'ordemGeracaoHash', R.QtdEleitores);
      const hash = r.octets(TAG_OCTET_STRING, 'hash');
      out.push({ tipoVoto, quantidadeVotos, identificacaoVotavel, ordemGeracaoHash, hash });
    } else {
      const ordemGeracaoHash = r.int(TAG_INTEGER, 'ordemGeracaoHash', R.QtdEleitores);
      const hash = r.octets(TAG_OCTET_STRING, 'hash');
      out.push({ tipoVoto, quantidadeVotos, ordemGeracaoHash, hash });
    }
    r.leave();
    r.pop();
  }
  r.leave();
  return out;
}

function readResultados<T>(r: BerReader, readTuples: (r: BerReader) => T[]): ResultadoVotacao<T>[] {
  r.enter(TAG_SEQUENCE, 'resultadosVotacao');
  const out: ResultadoVotacao<T>[] = [];
  for (let i = 0; !r.atEnd(); i++) {
    r.item(i);
    r.enter(TAG_SEQUENCE, '');
    const tipoCargo = r.enumerated(TAG_ENUMERATED, 'tipoCargo', TIPO_CARGO);
    const qtdComparecimento = r.int(TAG_INTEGER, 'qtdComparecimento', R.QtdEleitores);
    r.enter(TAG_SEQUENCE, 'totaisVotosCargo');
    const totaisVotosCargo: TotalVotosCargo<T>[] = [];
    for (let j = 0; !r.atEnd(); j++) {
      r.item(j);
      r.enter(TAG_SEQUENCE, '');
      const codigoCargo = readCodigoCargo(r, 'codigoCargo');
      const ordemImpressao = r.int(TAG_INTEGER, 'ordemImpressao', R.OrdemImpressao);
      const votosVotaveis = readTuples(r);
      r.leave();
      r.pop();
      totaisVotosCargo.push({ codigoCargo, ordemImpressao, votosVotaveis });
    }
    r.leave();
    r.leave();
    r.pop();
    out.push({ tipoCargo, qtdComparecimento, totaisVotosCargo });
  }
  r.leave();
  return out;
}

function readHistoricoVotoImpresso(r: BerReader, tag: number): HistoricoVotoImpresso[] {
  r.enter(tag, 'historicoVotoImpresso');
  const out: HistoricoVotoImpresso[] = [];
  for (let i = 0; !r.atEnd(); i++) {
    r.item(i);
    r.enter(TAG_SEQUENCE, '');
    const idImpressoraVotos = r.int(TAG_INTEGER, 'idImpressoraVotos', R.Id8);
    const idRepositorioVotos = r.int(TAG_INTEGER, 'idRepositorioVotos', R.Id8);
    const dataHoraLigamento = readDataHora(r, 'dataHoraLigamento');
    r.leave();
    r.pop();
    out.push({ idImpressoraVotos, idRepositorioVotos, dataHoraLigamento });
  }
  r.leave();
  return out;
}

function readEleicoesV1(r: BerReader): ResultadoVotacaoPorEleicaoV1[] {
  r.enter(ctxC(3), 'resultadosVotacaoPorEleicao');
  const out: ResultadoVotacaoPorEleicaoV1[] = [];
  for (let i = 0; !r.atEnd(); i++) {
    r.item(i);
    r.enter(TAG_SEQUENCE, '');
    const idEleicao = r.int(TAG_INTEGER, 'idEleicao', R.IDEleicao);
    const qtdEleitoresAptos = r.int(TAG_INTEGER, 'qtdEleitoresAptos', R.QtdEleitores);
    const resultadosVotacao = readResultados(r, readTuplesV1);
    r.leave();
    r.pop();
    out.push({ idEleicao, qtdEleitoresAptos, resultadosVotacao });
  }
  r.leave();
  return out;
}

function readEleicoesV2(r: BerReader): ResultadoVotacaoPorEleicaoV2[] {
  r.enter(TAG_SEQUENCE, 'resultadosVotacaoPorEleicao');
  const out: ResultadoVotacaoPorEleicaoV2[] = [];
  for (let i = 0; !r.atEnd(); i++) {
    r.item(i);
    r.enter(TAG_SEQUENCE, '');
    const idEleicao = r.int(TAG_INTEGER, 'idEleicao', R.IDEleicao);
    const qtdEleitoresAptos = r.int(TAG_INTEGER, 'qtdEleitoresAptos', R.QtdEleitores);
    const qtdEleitoresAptosSecao = r.int(TAG_INTEGER, 'qtdEleitoresAptosSecao', R.QtdEleitores);
    const qtdEleitoresAptosTTE = r.int(TAG_INTEGER, 'qtdEleitoresAptosTTE', R.QtdEleitores);
    const resultadosVotacao = readResultados(r, readTuplesV2);
    const ultimoHashVotosVotavel = r.octets(TAG_OCTET_STRING, 'ultimoHashVotosVotavel');
    const assinaturaUltimoHashVotosVotavel = r.octets(TAG_OCTET_STRING, 'assinaturaUltimoHashVotosVotavel');
    r.leave();
    r.pop();
    out.push({
      idEleicao,
      qtdEleitoresAptos,
      qtdEleitoresAptosSecao,
      qtdEleitoresAptosTTE,
      resultadosVotacao,
      ultimoHashVotosVotavel,
      assinaturaUltimoHashVotosVotavel,
    });
  }
  r.leave();
  return out;
}

/** Schema function for EntidadeBoletimUrna (either version; `r.version` 0 = decide at the Carga). */
export function readBoletimUrna(r: BerReader): DecodedBu {
  r.enter(TAG_SEQUENCE, '');
  const cabecalho = readCabecalho(r);
  const fase = r.enumerated(TAG_ENUMERATED, 'fase', E.fase);
  const urna = readUrna(r);
  const identificacaoSecao = readIdentificacaoSecao(r, TAG_SEQUENCE, 'identificacaoSecao');
  const dataHoraEmissao = readDataHora(r, 'dataHoraEmissao');
  const dadosSecaoSA = readDadosSecaoSA(r);
  if (r.version === 1) {
    const bu = {
      cabecalho,
      fase,
      urna: urna as Urna<CargaV1>,
      identificacaoSecao,
      dataHoraEmissao,
      dadosSecaoSA,
    } as EntidadeBoletimUrnaV1;
    if (r.peek() === ctx(1)) bu.qtdEleitoresLibCodigo = r.int(ctx(1), 'qtdEleitoresLibCodigo', R.QtdEleitores);
    if (r.peek() === ctx(2)) {
      bu.qtdEleitoresCompBiometrico = r.int(ctx(2), 'qtdEleitoresCompBiometrico', R.QtdEleitores);
    }
    bu.resultadosVotacaoPorEleicao = readEleicoesV1(r);
    if (r.peek() === ctxC(4)) {
      r.enter(ctxC(4), 'historicoCorrespondencias');
      const hist: CorrespondenciaResultado<CargaV1>[] = [];
      for (let i = 0; !r.atEnd(); i++) {
        r.item(i);
        hist.push(readCorrespondencia(r, '') as CorrespondenciaResultado<CargaV1>);
        r.pop();
      }
      r.leave();
      bu.historicoCorrespondencias = hist;
    }
    if (r.peek() === ctxC(5)) bu.historicoVotoImpresso = readHistoricoVotoImpresso(r, ctxC(5));
    bu.chaveAssinaturaVotosVotavel = r.octets(TAG_OCTET_STRING, 'chaveAssinaturaVotosVotavel');
    r.leave();
    return { version: 'v1', bu };
  }
  const bu = {
    cabecalho,
    fase,
    urna: urna as Urna<CargaV2>,
    identificacaoSecao,
    dataHoraEmissao,
    dadosSecaoSA,
  } as EntidadeBoletimUrnaV2;
  bu.qtdEleitoresCompareceram = r.int(TAG_INTEGER, 'qtdEleitoresCompareceram', R.QtdEleitores);
  if (r.peek() === ctxC(1)) {
    r.enter(ctxC(1), 'detalhamentoComparecimento');
    bu.detalhamentoComparecimento = {
      qtdEleitoresCompareceramSemBiometria: r.int(TAG_INTEGER, 'qtdEleitoresCompareceramSemBiometria', R.QtdEleitores),
      qtdEleitoresHabilitadosPorBiometria: r.int(TAG_INTEGER, 'qtdEleitoresHabilitadosPorBiometria', R.QtdEleitores),
      qtdEleitoresHabilitadosPorBiografia: r.int(TAG_INTEGER, 'qtdEleitoresHabilitadosPorBiografia', R.QtdEleitores),
    };
    r.leave();
  }
  bu.resultadosVotacaoPorEleicao = readEleicoesV2(r);
  bu.historicoCodigosCarga = readStrings(r, 'historicoCodigosCarga');
  if (!r.atEnd()) bu.historicoVotoImpresso = readHistoricoVotoImpresso(r, TAG_SEQUENCE);
  r.leave();
  return { version: 'v2', bu };
}

/** Decodes an EntidadeBoletimUrna (the envelope's conteudo), V1 or V2. */
export function decodeBoletimUrna(
  bytes: Uint8Array,
  file = 'BU',
  opts: BuDecodeOptions = {},
  base = 0,
  root = 'EntidadeBoletimUrna',
): Result<DecodedBu> {
  return decodeInner(
    bytes,
    file,
    root,
    base,
    (r) => {
      if (opts.version) r.version = versionNumber(opts.version);
      return readBoletimUrna(r);
    },
    opts,
  );
}

/** Decodes a whole BU file (.bu / -bu.dat): the envelope, then its conteudo. */
export function decodeBuFile(bytes: Uint8Array, file = 'BU', opts: BuDecodeOptions = {}): Result<BuFile> {
  const env = decodeEnvelope(bytes, file, opts);
  if (!env.ok) return env;
  const envelope = env.value;
  if (envelope.tipoEnvelope !== 'envelopeBoletimUrna') {
    return {
      ok: false,
      problems: [
        {
          file,
          path: 'EntidadeEnvelopeGenerico.tipoEnvelope',
          expected: 'envelopeBoletimUrna (1): a BU',
          found: `${envelope.tipoEnvelope} (${E.tipoEnvelope.codes[envelope.tipoEnvelope]})`,
        },
      ],
    };
  }
  if (envelope.seguranca !== undefined) {
    return {
      ok: false,
      problems: [
        {
          file,
          path: 'EntidadeEnvelopeGenerico.seguranca',
          expected: 'a published BU (no seguranca: conteudo in clear)',
          found: 'seguranca present: conteudo is encrypted for the totalizer (CEPESC), not decodable',
        },
      ],
    };
  }
  const content = decodeBoletimUrna(
    envelope.conteudo,
    file,
    opts,
    conteudoOffset(envelope),
    'EntidadeEnvelopeGenerico.conteudo:EntidadeBoletimUrna',
  );
  if (!content.ok) return content;
  return content.value.version === 'v1'
    ? { ok: true, value: { version: 'v1', envelope, bu: content.value.bu } }
    : { ok: true, value: { version: 'v2', envelope, bu: content.value.bu } };
}

// ---- writing ----

function writeIdentificacaoVotavel(w: BerWriter, v: IdentificacaoVotavel): void {
  w.push('identificacaoVotavel');
  const m = w.mark();
  w.int(TAG_INTEGER, v.codigo, 'codigo', R.NumeroVotavel);
  w.int(TAG_INTEGER, v.partido, 'partido', R.NumeroPartido);
  w.wrap(ctxC(3), m);
  w.pop();
}

function writeTuple(w: BerWriter, t: TotalVotosVotavelV1 | TotalVotosVotavelV2, v2: boolean): void {
  const m = w.mark();
  if (v2) {
    const t2 = t as TotalVotosVotavelV2;
    w.octets(TAG_OCTET_STRING, t2.hash, 'hash');
    w.int(TAG_INTEGER, t2.ordemGeracaoHash, 'ordemGeracaoHash', R.QtdEleitores);
  } else {
    w.octets(TAG_OCTET_STRING, (t as TotalVotosVotavelV1).assinatura, 'assinatura');
  }
  if (t.identificacaoVotavel !== undefined) writeIdentificacaoVotavel(w, t.identificacaoVotavel);
  w.int(ctx(2), t.quantidadeVotos, 'quantidadeVotos', R.QtdEleitores);
  w.enumerated(ctx(1), t.tipoVoto, TIPO_VOTO, 'tipoVoto');
  w.wrap(TAG_SEQUENCE, m);
}

function writeResultados(
  w: BerWriter,
  list: readonly ResultadoVotacao<TotalVotosVotavelV1 | TotalVotosVotavelV2>[],
  v2: boolean,
): void {
  w.push('resultadosVotacao');
  const m = w.mark();
  for (let i = list.length - 1; i >= 0; i--) {
    const rv = list[i]!;
    w.push(i);
    const mr = w.mark();
    w.push('totaisVotosCargo');
    const mt = w.mark();
    for (let j = rv.totaisVotosCargo.length - 1; j >= 0; j--) {
      const c = rv.totaisVotosCargo[j]!;
      w.push(j);
      const mc = w.mark();
      w.push('votosVotaveis');
      const mv = w.mark();
      for (let k = c.votosVotaveis.length - 1; k >= 0; k--) {
        w.push(k);
        writeTuple(w, c.votosVotaveis[k]!, v2);
        w.pop();
      }
      w.wrap(TAG_SEQUENCE, mv);
      w.pop();
      w.int(TAG_INTEGER, c.ordemImpressao, 'ordemImpressao', R.OrdemImpressao);
      writeCodigoCargo(w, c.codigoCargo, 'codigoCargo');
      w.wrap(TAG_SEQUENCE, mc);
      w.pop();
    }
    w.wrap(TAG_SEQUENCE, mt);
    w.pop();
    w.int(TAG_INTEGER, rv.qtdComparecimento, 'qtdComparecimento', R.QtdEleitores);
    w.enumerated(TAG_ENUMERATED, rv.tipoCargo, TIPO_CARGO, 'tipoCargo');
    w.wrap(TAG_SEQUENCE, mr);
    w.pop();
  }
  w.wrap(TAG_SEQUENCE, m);
  w.pop();
}

function writeHistoricoVotoImpresso(w: BerWriter, list: readonly HistoricoVotoImpresso[], tag: number): void {
  w.push('historicoVotoImpresso');
  const m = w.mark();
  for (let i = list.length - 1; i >= 0; i--) {
    const h = list[i]!;
    w.push(i);
    const mh = w.mark();
    writeDataHora(w, h.dataHoraLigamento, 'dataHoraLigamento');
    w.int(TAG_INTEGER, h.idRepositorioVotos, 'idRepositorioVotos', R.Id8);
    w.int(TAG_INTEGER, h.idImpressoraVotos, 'idImpressoraVotos', R.Id8);
    w.wrap(TAG_SEQUENCE, mh);
    w.pop();
  }
  w.wrap(tag, m);
  w.pop();
}

function writeDadosSecaoSA(w: BerWriter, v: DadosSecaoSA): void {
  const m = w.mark();
  if (v.dadosSecao) {
    const d = v.dadosSecao;
    w.push('dadosSecaoSA.dadosSecao');
    if (d.dataHoraDesligamentoVotoImpresso !== undefined) {
      writeDataHora(w, d.dataHoraDesligamentoVotoImpresso, 'dataHoraDesligamentoVotoImpresso');
    }
    writeDataHora(w, d.dataHoraEncerramento, 'dataHoraEncerramento');
    writeDataHora(w, d.dataHoraAbertura, 'dataHoraAbertura');
    w.wrap(ctxC(0), m);
    w.pop();
  } else if (v.dadosSA) {
    const d = v.dadosSA;
    w.push('dadosSecaoSA.dadosSA');
    if (d.numeroInternoUrnaOrigem !== undefined) {
      w.int(TAG_INTEGER, d.numeroInternoUrnaOrigem, 'numeroInternoUrnaOrigem', R.NumeroInternoUrna);
    }
    w.int(TAG_INTEGER, d.turmaApuradora, 'turmaApuradora', R.JuntaTurma);
    w.int(TAG_INTEGER, d.juntaApuradora, 'juntaApuradora', R.JuntaTurma);
    w.wrap(ctxC(1), m);
    w.pop();
  } else w.fail('dadosSecaoSA', 'dadosSecao or dadosSA', 'neither');
}

function isV1(bu: EntidadeBoletimUrna): bu is EntidadeBoletimUrnaV1 {
  return 'chaveAssinaturaVotosVotavel' in bu;
}

/** Schema writer for EntidadeBoletimUrna; the version follows the object's shape (V1 has the tuple key). */
export function writeBoletimUrna(w: BerWriter, bu: EntidadeBoletimUrna): void {
  const m = w.mark();
  if (isV1(bu)) {
    w.octets(TAG_OCTET_STRING, bu.chaveAssinaturaVotosVotavel, 'chaveAssinaturaVotosVotavel');
    if (bu.historicoVotoImpresso !== undefined) writeHistoricoVotoImpresso(w, bu.historicoVotoImpresso, ctxC(5));
    if (bu.historicoCorrespondencias !== undefined) {
      w.push('historicoCorrespondencias');
      const mh = w.mark();
      for (let i = bu.historicoCorrespondencias.length - 1; i >= 0; i--) {
        w.push(i);
        if ('identificadorGeradorMidia' in bu.historicoCorrespondencias[i]!.carga) {
          w.fail('carga', 'a V1 Carga (4 components) in a V1 BU', 'a V2 Carga');
        }
        writeCorrespondencia(w, bu.historicoCorrespondencias[i]!, '');
        w.pop();
      }
      w.wrap(ctxC(4), mh);
      w.pop();
    }
    w.push('resultadosVotacaoPorEleicao');
    const me = w.mark();
    for (let i = bu.resultadosVotacaoPorEleicao.length - 1; i >= 0; i--) {
      const e = bu.resultadosVotacaoPorEleicao[i]!;
      w.push(i);
      const mi = w.mark();
      writeResultados(w, e.resultadosVotacao, false);
      w.int(TAG_INTEGER, e.qtdEleitoresAptos, 'qtdEleitoresAptos', R.QtdEleitores);
      w.int(TAG_INTEGER, e.idEleicao, 'idEleicao', R.IDEleicao);
      w.wrap(TAG_SEQUENCE, mi);
      w.pop();
    }
    w.wrap(ctxC(3), me);
    w.pop();
    if (bu.qtdEleitoresCompBiometrico !== undefined) {
      w.int(ctx(2), bu.qtdEleitoresCompBiometrico, 'qtdEleitoresCompBiometrico', R.QtdEleitores);
    }
    if (bu.qtdEleitoresLibCodigo !== undefined) {
      w.int(ctx(1), bu.qtdEleitoresLibCodigo, 'qtdEleitoresLibCodigo', R.QtdEleitores);
    }
    if ('identificadorGeradorMidia' in bu.urna.correspondenciaResultado.carga) {
      w.fail('urna.correspondenciaResultado.carga', 'a V1 Carga (4 components) in a V1 BU', 'a V2 Carga');
    }
  } else {
    if (bu.historicoVotoImpresso !== undefined) writeHistoricoVotoImpresso(w, bu.historicoVotoImpresso, TAG_SEQUENCE);
    writeStrings(w, bu.historicoCodigosCarga, 'historicoCodigosCarga');
    w.push('resultadosVotacaoPorEleicao');
    const me = w.mark();
    for (let i = bu.resultadosVotacaoPorEleicao.length - 1; i >= 0; i--) {
      const e = bu.resultadosVotacaoPorEleicao[i]!;
      w.push(i);
      const mi = w.mark();
      w.octets(TAG_OCTET_STRING, e.assinaturaUltimoHashVotosVotavel, 'assinaturaUltimoHashVotosVotavel');
      w.octets(TAG_OCTET_STRING, e.ultimoHashVotosVotavel, 'ultimoHashVotosVotavel');
      writeResultados(w, e.resultadosVotacao, true);
      w.int(TAG_INTEGER, e.qtdEleitoresAptosTTE, 'qtdEleitoresAptosTTE', R.QtdEleitores);
      w.int(TAG_INTEGER, e.qtdEleitoresAptosSecao, 'qtdEleitoresAptosSecao', R.QtdEleitores);
      w.int(TAG_INTEGER, e.qtdEleitoresAptos, 'qtdEleitoresAptos', R.QtdEleitores);
      w.int(TAG_INTEGER, e.idEleicao, 'idEleicao', R.IDEleicao);
      w.wrap(TAG_SEQUENCE, mi);
      w.pop();
    }
    w.wrap(TAG_SEQUENCE, me);
    w.pop();
    if (bu.detalhamentoComparecimento !== undefined) {
      const d: DetalhamentoComparecimento = bu.detalhamentoComparecimento;
      w.push('detalhamentoComparecimento');
      const md = w.mark();
      w.int(TAG_INTEGER, d.qtdEleitoresHabilitadosPorBiografia, 'qtdEleitoresHabilitadosPorBiografia', R.QtdEleitores);
      w.int(TAG_INTEGER, d.qtdEleitoresHabilitadosPorBiometria, 'qtdEleitoresHabilitadosPorBiometria', R.QtdEleitores);
      w.int(
        TAG_INTEGER,
        d.qtdEleitoresCompareceramSemBiometria,
        'qtdEleitoresCompareceramSemBiometria',
        R.QtdEleitores,
      );
      w.wrap(ctxC(1), md);
      w.pop();
    }
    w.int(TAG_INTEGER, bu.qtdEleitoresCompareceram, 'qtdEleitoresCompareceram', R.QtdEleitores);
    if (!('identificadorGeradorMidia' in bu.urna.correspondenciaResultado.carga)) {
      w.fail(
        'urna.correspondenciaResultado.carga',
        'a V2 Carga (with identificadorGeradorMidia) in a V2 BU',
        'a V1 Carga',
      );
    }
  }
  writeDadosSecaoSA(w, bu.dadosSecaoSA);
  writeDataHora(w, bu.dataHoraEmissao, 'dataHoraEmissao');
  writeIdentificacaoSecao(w, bu.identificacaoSecao, TAG_SEQUENCE, 'identificacaoSecao');
  writeUrna(w, bu.urna);
  w.enumerated(TAG_ENUMERATED, bu.fase, E.fase, 'fase');
  writeCabecalho(w, bu.cabecalho);
  w.wrap(TAG_SEQUENCE, m);
}

/** Bytes of an EntidadeBoletimUrna (V1 or V2 by shape): the envelope's conteudo. */
export function encodeBoletimUrna(bu: EntidadeBoletimUrna, file = 'BU'): Result<Uint8Array> {
  return encodeWith(file, 'EntidadeBoletimUrna', (w) => writeBoletimUrna(w, bu));
}

/**
 * Bytes of a whole BU file: `envelope` (its `conteudo` is ignored) wrapping the encoded `bu`. Written in one pass
 * into one buffer (the BU first, then the envelope around it).
 */
export function encodeBuFile(
  envelope: Omit<EntidadeEnvelopeGenerico, 'conteudo'>,
  bu: EntidadeBoletimUrna,
  file = 'BU',
): Result<Uint8Array> {
  const content = encodeBoletimUrna(bu, file);
  if (!content.ok) return content;
  return encodeWith(file, 'EntidadeEnvelopeGenerico', (w) =>
    writeEnvelope(w, { ...envelope, conteudo: content.value }),
  );
}

// ---- our urna's model (src/urna/model.ts) ⇄ V2 ----

const CARGO_BY_CODE = enumDef('CargoConstitucional', CARGO_CONSTITUCIONAL).names;

/** Our model's codigoCargo (a number) as the CHOICE: 1..13 constitutional, 25..99 a free consulta number. */
export function codigoCargoFromNumber(n: number): CodigoCargoConsulta | null {
  const name = Number.isInteger(n) && n >= 1 ? CARGO_BY_CODE[n] : undefined;
  if (name !== undefined) return { cargoConstitucional: name };
  if (Number.isInteger(n) && n >= 25 && n <= 99) return { numeroCargoConsultaLivre: n };
  return null;
}

/** The CHOICE as the number the hash chain, the QR code and our model use. */
export function codigoCargoNumber(c: CodigoCargoConsulta): number {
  return c.cargoConstitucional !== undefined
    ? CARGO_CONSTITUCIONAL[c.cargoConstitucional as CargoConstitucional]
    : c.numeroCargoConsultaLivre;
}

/** A model field that does not fit the TSE type (or the reverse); `convert` turns it into a Problem. */
export class ModelFailure {
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly found: string,
  ) {}
}

function bytesOf(hex: string, path: string, size?: number): Uint8Array {
  const b = typeof hex === 'string' ? hexToBytes(hex) : null;
  if (b === null) throw new ModelFailure(path, 'a hex string', JSON.stringify(hex)?.slice(0, 40) ?? String(hex));
  if (size !== undefined && b.length !== size) throw new ModelFailure(path, `${size} bytes of hex`, `${b.length}`);
  return b;
}

function cargoChoice(n: number, path: string): CodigoCargoConsulta {
  const c = codigoCargoFromNumber(n);
  if (c === null) throw new ModelFailure(path, 'a cargo code 1..13 or a consulta number 25..99', String(n));
  return c;
}

/** Runs a model conversion; a field that does not fit becomes a Problem. */
export function convert<T>(file: string, root: string, f: () => T): Result<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (e instanceof ModelFailure) {
      return { ok: false, problems: [{ file, path: `${root}.${e.path}`, expected: e.expected, found: e.found }] };
    }
    const msg = e instanceof Error ? e.message : String(e);
    return { ok: false, problems: [{ file, path: root, expected: `a convertible ${root}`, found: msg }] };
  }
}

/** Our model's Urna block as the TSE's V2 Urna. */
export function urnaFromModel(u: M.Urna, path = 'urna'): Urna<CargaV2> {
  const c = u.correspondenciaResultado;
  const s = c.identificacao;
  return {
    tipoUrna: u.tipoUrna,
    versaoVotacao: u.versaoVotacao,
    correspondenciaResultado: {
      identificacao: {
        identificacaoSecaoEleitoral: {
          municipioZona: { municipio: s.municipio, zona: s.zona },
          local: s.local,
          secao: s.secao,
        },
      },
      carga: {
        numeroInternoUrna: c.carga.numeroInternoUrna,
        numeroSerieFC: bytesOf(c.carga.numeroSerieFC, `${path}.correspondenciaResultado.carga.numeroSerieFC`, 4),
        identificadorGeradorMidia: { ...c.carga.identificadorGeradorMidia },
        dataHoraCarga: c.carga.dataHoraCarga,
        codigoCarga: c.carga.codigoCarga,
      },
    },
    tipoArquivo: u.tipoArquivo,
    numeroSerieFV: bytesOf(u.numeroSerieFV, `${path}.numeroSerieFV`, 4),
  };
}

/** The TSE's V2 Urna as our model's; throws ModelFailure for what the model cannot hold. */
export function urnaToModel(u: Urna<CargaV2>, path = 'urna'): M.Urna {
  const c = u.correspondenciaResultado;
  const id = c.identificacao.identificacaoSecaoEleitoral;
  if (id === undefined) {
    throw new ModelFailure(
      `${path}.correspondenciaResultado.identificacao`,
      'identificacaoSecaoEleitoral (our model has no contingency urna)',
      'identificacaoContingencia',
    );
  }
  if (u.tipoArquivo !== 'votacaoUE') {
    throw new ModelFailure(`${path}.tipoArquivo`, 'votacaoUE (the only kind our urna writes)', u.tipoArquivo);
  }
  if (u.motivoUtilizacaoSA !== undefined) {
    throw new ModelFailure(`${path}.motivoUtilizacaoSA`, 'absent (our model has no SA)', 'present');
  }
  if (!('identificadorGeradorMidia' in c.carga)) {
    throw new ModelFailure(`${path}.correspondenciaResultado.carga`, 'a V2 Carga', 'a V1 Carga');
  }
  return {
    tipoUrna: u.tipoUrna,
    versaoVotacao: u.versaoVotacao,
    correspondenciaResultado: {
      identificacao: {
        municipio: id.municipioZona.municipio,
        zona: id.municipioZona.zona,
        local: id.local,
        secao: id.secao,
      },
      carga: {
        numeroInternoUrna: c.carga.numeroInternoUrna,
        numeroSerieFC: hexUpper(c.carga.numeroSerieFC),
        identificadorGeradorMidia: { ...c.carga.identificadorGeradorMidia },
        dataHoraCarga: c.carga.dataHoraCarga,
        codigoCarga: c.carga.codigoCarga,
      },
    },
    tipoArquivo: 'votacaoUE',
    numeroSerieFV: hexUpper(u.numeroSerieFV),
  };
}

/** Our urna's BoletimUrna as the TSE's V2 EntidadeBoletimUrna (hex → bytes, codigoCargo → CHOICE). */
export function buV2FromModel(bu: M.BoletimUrna, file = 'BU'): Result<EntidadeBoletimUrnaV2> {
  return convert(file, 'BoletimUrna', () => {
    const s = bu.identificacaoSecao;
    return {
      cabecalho: { dataGeracao: bu.cabecalho.dataGeracao, idEleitoral: { idPleito: bu.cabecalho.idPleito } },
      fase: bu.fase,
      urna: urnaFromModel(bu.urna),
      identificacaoSecao: {
        municipioZona: { municipio: s.municipio, zona: s.zona },
        local: s.local,
        secao: s.secao,
      },
      dataHoraEmissao: bu.dataHoraEmissao,
      dadosSecaoSA: {
        dadosSecao: {
          dataHoraAbertura: bu.dadosSecao.dataHoraAbertura,
          dataHoraEncerramento: bu.dadosSecao.dataHoraEncerramento,
        },
      },
      qtdEleitoresCompareceram: bu.qtdEleitoresCompareceram,
      detalhamentoComparecimento: { ...bu.detalhamentoComparecimento },
      resultadosVotacaoPorEleicao: bu.resultadosVotacaoPorEleicao.map((e, i) => {
        const p = `resultadosVotacaoPorEleicao[${i}]`;
        return {
          idEleicao: e.idEleicao,
          qtdEleitoresAptos: e.qtdEleitoresAptos,
          qtdEleitoresAptosSecao: e.qtdEleitoresAptosSecao,
          qtdEleitoresAptosTTE: e.qtdEleitoresAptosTTE,
          resultadosVotacao: e.resultadosVotacao.map((rv, j) => ({
            tipoCargo: rv.tipoCargo,
            qtdComparecimento: rv.qtdComparecimento,
            totaisVotosCargo: rv.totaisVotosCargo.map((c, k) => {
              const pc = `${p}.resultadosVotacao[${j}].totaisVotosCargo[${k}]`;
              return {
                codigoCargo: cargoChoice(c.codigoCargo, `${pc}.codigoCargo`),
                ordemImpressao: c.ordemImpressao,
                votosVotaveis: c.votosVotaveis.map((t, l) => {
                  const tuple: TotalVotosVotavelV2 = t.identificacaoVotavel
                    ? {
                        tipoVoto: t.tipoVoto,
                        quantidadeVotos: t.quantidadeVotos,
                        identificacaoVotavel: {
                          partido: t.identificacaoVotavel.partido,
                          codigo: t.identificacaoVotavel.codigo,
                        },
                        ordemGeracaoHash: t.ordemGeracaoHash,
                        hash: bytesOf(t.hash, `${pc}.votosVotaveis[${l}].hash`),
                      }
                    : {
                        tipoVoto: t.tipoVoto,
                        quantidadeVotos: t.quantidadeVotos,
                        ordemGeracaoHash: t.ordemGeracaoHash,
                        hash: bytesOf(t.hash, `${pc}.votosVotaveis[${l}].hash`),
                      };
                  return tuple;
                }),
              };
            }),
          })),
          ultimoHashVotosVotavel: bytesOf(e.ultimoHashVotosVotavel, `${p}.ultimoHashVotosVotavel`),
          assinaturaUltimoHashVotosVotavel: bytesOf(
            e.assinaturaUltimoHashVotosVotavel,
            `${p}.assinaturaUltimoHashVotosVotavel`,
          ),
        };
      }),
      historicoCodigosCarga: [...bu.historicoCodigosCarga],
    };
  });
}

/**
 * The TSE's V2 EntidadeBoletimUrna as our model (bytes → upper-case hex). Problems name what the model cannot
 * hold: a contingency or SA BU, printed-vote history, a header by processo/eleição, no detalhamentoComparecimento.
 */
export function buV2ToModel(bu: EntidadeBoletimUrnaV2, file = 'BU'): Result<M.BoletimUrna> {
  return convert(file, 'EntidadeBoletimUrna', () => {
    const idPleito = bu.cabecalho.idEleitoral.idPleito;
    if (idPleito === undefined) {
      throw new ModelFailure('cabecalho.idEleitoral', 'idPleito', Object.keys(bu.cabecalho.idEleitoral).join());
    }
    const dados = bu.dadosSecaoSA.dadosSecao;
    if (dados === undefined) throw new ModelFailure('dadosSecaoSA', 'dadosSecao (our model has no SA)', 'dadosSA');
    if (dados.dataHoraDesligamentoVotoImpresso !== undefined) {
      throw new ModelFailure('dadosSecaoSA.dadosSecao.dataHoraDesligamentoVotoImpresso', 'absent', 'present');
    }
    if (bu.detalhamentoComparecimento === undefined) {
      throw new ModelFailure('detalhamentoComparecimento', 'present (our model always has it)', 'absent');
    }
    if (bu.historicoVotoImpresso !== undefined) {
      throw new ModelFailure('historicoVotoImpresso', 'absent (our model has no printed vote)', 'present');
    }
    const s = bu.identificacaoSecao;
    return {
      cabecalho: { dataGeracao: bu.cabecalho.dataGeracao, idPleito },
      fase: bu.fase,
      urna: urnaToModel(bu.urna),
      identificacaoSecao: {
        municipio: s.municipioZona.municipio,
        zona: s.municipioZona.zona,
        local: s.local,
        secao: s.secao,
      },
      dataHoraEmissao: bu.dataHoraEmissao,
      dadosSecao: { dataHoraAbertura: dados.dataHoraAbertura, dataHoraEncerramento: dados.dataHoraEncerramento },
      qtdEleitoresCompareceram: bu.qtdEleitoresCompareceram,
      detalhamentoComparecimento: { ...bu.detalhamentoComparecimento },
      resultadosVotacaoPorEleicao: bu.resultadosVotacaoPorEleicao.map((e) => ({
        idEleicao: e.idEleicao,
        qtdEleitoresAptos: e.qtdEleitoresAptos,
        qtdEleitoresAptosSecao: e.qtdEleitoresAptosSecao,
        qtdEleitoresAptosTTE: e.qtdEleitoresAptosTTE,
        resultadosVotacao: e.resultadosVotacao.map((rv) => ({
          tipoCargo: rv.tipoCargo,
          qtdComparecimento: rv.qtdComparecimento,
          totaisVotosCargo: rv.totaisVotosCargo.map((c) => ({
            codigoCargo: codigoCargoNumber(c.codigoCargo),
            ordemImpressao: c.ordemImpressao,
            votosVotaveis: c.votosVotaveis.map((t): M.TotalVotosVotavel => {
              const id = t.identificacaoVotavel;
              return id
                ? {
                    tipoVoto: t.tipoVoto,
                    quantidadeVotos: t.quantidadeVotos,
                    identificacaoVotavel: { partido: id.partido, codigo: id.codigo },
                    ordemGeracaoHash: t.ordemGeracaoHash,
                    hash: hexUpper(t.hash),
                  }
                : {
                    tipoVoto: t.tipoVoto,
                    quantidadeVotos: t.quantidadeVotos,
                    ordemGeracaoHash: t.ordemGeracaoHash,
                    hash: hexUpper(t.hash),
                  };
            }),
          })),
        })),
        ultimoHashVotosVotavel: hexUpper(e.ultimoHashVotosVotavel),
        assinaturaUltimoHashVotosVotavel: hexUpper(e.assinaturaUltimoHashVotosVotavel),
      })),
      historicoCodigosCarga: [...bu.historicoCodigosCarga],
    };
  });
}

/** The envelope our urna puts around its BU: the BU's own header, fase and seção, as in the TSE's published BUs. */
export function buEnvelopeFor(
  bu: EntidadeBoletimUrnaV2,
  dataGeracao?: string,
): Omit<EntidadeEnvelopeGenerico, 'conteudo'> {
  return {
    cabecalho: { dataGeracao: dataGeracao ?? bu.cabecalho.dataGeracao, idEleitoral: bu.cabecalho.idEleitoral },
    fase: bu.fase,
    identificacao: { identificacaoSecaoEleitoral: bu.identificacaoSecao },
    tipoEnvelope: 'envelopeBoletimUrna',
  };
}

export interface EncodeBuOptions {
  /** The envelope's cabecalho.dataGeracao (default: the BU's). */
  envelopeDataGeracao?: string;
  /** File name for problems. */
  file?: string;
}

/** Our urna's BU as the bytes of a V2 `-bu.dat` file (envelope + EntidadeBoletimUrna). */
export function encodeBuV2(bu: M.BoletimUrna, opts: EncodeBuOptions = {}): Result<Uint8Array> {
  const file = opts.file ?? 'BU';
  const tse = buV2FromModel(bu, file);
  if (!tse.ok) return tse;
  return encodeBuFile(buEnvelopeFor(tse.value, opts.envelopeDataGeracao), tse.value, file);
}

/** A V2 `-bu.dat` file back to our model (decode, then buV2ToModel). A V1 file is a problem. */
export function decodeBuV2ToModel(bytes: Uint8Array, file = 'BU', opts: DecodeOptions = {}): Result<M.BoletimUrna> {
  const dec = decodeBuFile(bytes, file, { ...opts, version: 'v2' });
  if (!dec.ok) return dec;
  if (dec.value.version !== 'v2') {
    const p: Problem = { file, path: 'EntidadeBoletimUrna', expected: 'a V2 BU', found: 'a V1 BU' };
    return { ok: false, problems: [p] };
  }
  return buV2ToModel(dec.value.bu, file);
}
