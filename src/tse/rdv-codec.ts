// The Registro Digital do Voto: EntidadeResultadoRDV V1 (2022) and V2 (2024+), not enveloped (TSE-FORMATS.md §4),
// decoded to typed objects and encoded back; and the V2 ⇄ our urna's model conversion.
// V2 differs from V1 in the Carga (decides the version, as for the BU), in `historicoCodigosCarga` and in the tags
// of the `Eleicoes` CHOICE: [0]/[1] in V1, [1]/[2] in V2.
import {
  BerReader,
  type BerWriter,
  type DecodeOptions,
  ctxC,
  decodeWith,
  encodeWith,
  enumDef,
  TAG_ENUMERATED,
  TAG_INTEGER,
  TAG_NUMERIC_STRING,
  TAG_SEQUENCE,
} from './ber.ts';
import {
  ORIGEM_VOTOS_SA,
  TIPO_CEDULA_SA,
  TIPO_VOTO_RDV,
  type CargaV1,
  type CargaV2,
  type CodigoCargoConsulta,
  type EleicaoSA,
  type EleicaoVota,
  type Eleicoes,
  type EntidadeResultadoRDV,
  type EntidadeResultadoRDVV1,
  type EntidadeResultadoRDVV2,
  type Urna,
  type Version,
  type Voto,
  type VotosCargo,
} from './asn1-types.ts';
import {
  E,
  R,
  readCabecalho,
  readCodigoCargo,
  readIdentificacaoSecao,
  readStrings,
  readUrna,
  versionNumber,
  writeCabecalho,
  writeCodigoCargo,
  writeIdentificacaoSecao,
  writeStrings,
  writeUrna,
} from './envelope.ts';
import {
  codigoCargoFromNumber,
  codigoCargoNumber,
  convert,
  ModelFailure,
  urnaFromModel,
  urnaToModel,
} from './bu-codec.ts';
import type { Result } from '../election/problem.ts';
import type * as M from '../urna/model.ts';

const TIPO_VOTO = enumDef('TipoVoto', TIPO_VOTO_RDV);
const TIPO_CEDULA = enumDef('TipoCedulaSA', TIPO_CEDULA_SA);
const ORIGEM = enumDef('OrigemVotosSA', ORIGEM_VOTOS_SA);
/** VotoDigitado ::= NumericString (SIZE(1..5)). */
const DIGITACAO_MAX = 5;

export type DecodedRdv =
  { version: 'v1'; rdv: EntidadeResultadoRDVV1 } | { version: 'v2'; rdv: EntidadeResultadoRDVV2 };

export interface RdvDecodeOptions extends DecodeOptions {
  version?: Version;
}

// ---- reading ----

function readVotosCargos(r: BerReader): VotosCargo[] {
  r.enter(TAG_SEQUENCE, 'votosCargos');
  const out: VotosCargo[] = [];
  for (let i = 0; !r.atEnd(); i++) {
    r.item(i);
    r.enter(TAG_SEQUENCE, '');
    const idCargo = readCodigoCargo(r, 'idCargo');
    const quantidadeEscolhas = r.int(TAG_INTEGER, 'quantidadeEscolhas', R.QuantidadeEscolhas);
    r.enter(TAG_SEQUENCE, 'votos');
    const votos: Voto[] = [];
    for (let j = 0; !r.atEnd(); j++) {
      r.item(j);
      r.enter(TAG_SEQUENCE, '');
      const tipoVoto = r.enumerated(TAG_ENUMERATED, 'tipoVoto', TIPO_VOTO);
      votos.push(
        r.atEnd()
          ? { tipoVoto }
          : { tipoVoto, digitacao: r.numeric(TAG_NUMERIC_STRING, 'digitacao', 1, DIGITACAO_MAX) },
      );
      r.leave();
      r.pop();
    }
    r.leave();
    r.leave();
    r.pop();
    out.push({ idCargo, quantidadeEscolhas, votos });
  }
  r.leave();
  return out;
}

function readEleicoes(r: BerReader): Eleicoes {
  const v2 = r.version === 2;
  const tagVota = ctxC(v2 ? 1 : 0);
  const tagSA = ctxC(v2 ? 2 : 1);
  const t = r.peek();
  if (t === tagVota) {
    r.enter(t, 'eleicoes.eleicoesVota');
    const list: EleicaoVota[] = [];
    for (let i = 0; !r.atEnd(); i++) {
      r.item(i);
      r.enter(TAG_SEQUENCE, '');
      const idEleicao = r.int(TAG_INTEGER, 'idEleicao', R.IDEleicao);
      const votosCargos = readVotosCargos(r);
      r.leave();
      r.pop();
      list.push({ idEleicao, votosCargos });
    }
    r.leave();
    return { eleicoesVota: list };
  }
  if (t === tagSA) {
    r.enter(t, 'eleicoes.eleicoesSA');
    const list: EleicaoSA[] = [];
    for (let i = 0; !r.atEnd(); i++) {
      r.item(i);
      r.enter(TAG_SEQUENCE, '');
      const idEleicao = r.int(TAG_INTEGER, 'idEleicao', R.IDEleicao);
      const tipoCedulaSA = r.enumerated(TAG_ENUMERATED, 'tipoCedulaSA', TIPO_CEDULA);
      const origemVotosSA = r.enumerated(TAG_ENUMERATED, 'origemVotosSA', ORIGEM);
      const votosCargos = readVotosCargos(r);
      r.leave();
      r.pop();
      list.push({ idEleicao, tipoCedulaSA, origemVotosSA, votosCargos });
    }
    r.leave();
    return { eleicoesSA: list };
  }
  const hex = (n: number): string => `0x${n.toString(16).toUpperCase()}`;
  return r.fail(
    'eleicoes',
    `Eleicoes (${v2 ? 'V2' : 'V1'}): eleicoesVota ${hex(tagVota)} or eleicoesSA ${hex(tagSA)}`,
    t < 0 ? 'the end of the enclosing element' : `tag ${hex(t)}`,
  );
}

/** Schema function for EntidadeResultadoRDV (either version; the urna's Carga decides when not forced). */
export function readResultadoRDV(r: BerReader): DecodedRdv {
  r.enter(TAG_SEQUENCE, '');
  const cabecalho = readCabecalho(r);
  const urna = readUrna(r);
  r.enter(TAG_SEQUENCE, 'rdv');
  const pleito = r.int(TAG_INTEGER, 'pleito', R.IDPleito);
  const fase = r.enumerated(TAG_ENUMERATED, 'fase', E.fase);
  const identificacao = readIdentificacaoSecao(r, TAG_SEQUENCE, 'identificacao');
  let out: DecodedRdv;
  if (r.version === 2) {
    const historicoCodigosCarga = readStrings(r, 'historicoCodigosCarga');
    const eleicoes = readEleicoes(r);
    out = {
      version: 'v2',
      rdv: {
        cabecalho,
        urna: urna as Urna<CargaV2>,
        rdv: { pleito, fase, identificacao, historicoCodigosCarga, eleicoes },
      },
    };
  } else {
    const eleicoes = readEleicoes(r);
    out = {
      version: 'v1',
      rdv: { cabecalho, urna: urna as Urna<CargaV1>, rdv: { pleito, fase, identificacao, eleicoes } },
    };
  }
  r.leave();
  r.leave();
  return out;
}

/** Decodes a .rdv / -rdv.dat file. */
export function decodeResultadoRDV(bytes: Uint8Array, file = 'RDV', opts: RdvDecodeOptions = {}): Result<DecodedRdv> {
  return decodeWith(
    bytes,
    file,
    'EntidadeResultadoRDV',
    (r) => {
      if (opts.version) r.version = versionNumber(opts.version);
      return readResultadoRDV(r);
    },
    opts,
  );
}

// ---- writing ----

function writeVotosCargos(w: BerWriter, list: readonly VotosCargo[]): void {
  w.push('votosCargos');
  const m = w.mark();
  for (let i = list.length - 1; i >= 0; i--) {
    const vc = list[i]!;
    w.push(i);
    const mc = w.mark();
    w.push('votos');
    const mv = w.mark();
    for (let j = vc.votos.length - 1; j >= 0; j--) {
      const v = vc.votos[j]!;
      w.push(j);
      const mj = w.mark();
      if (v.digitacao !== undefined) w.numeric(TAG_NUMERIC_STRING, v.digitacao, 'digitacao', 1, DIGITACAO_MAX);
      w.enumerated(TAG_ENUMERATED, v.tipoVoto, TIPO_VOTO, 'tipoVoto');
      w.wrap(TAG_SEQUENCE, mj);
      w.pop();
    }
    w.wrap(TAG_SEQUENCE, mv);
    w.pop();
    w.int(TAG_INTEGER, vc.quantidadeEscolhas, 'quantidadeEscolhas', R.QuantidadeEscolhas);
    writeCodigoCargo(w, vc.idCargo, 'idCargo');
    w.wrap(TAG_SEQUENCE, mc);
    w.pop();
  }
  w.wrap(TAG_SEQUENCE, m);
  w.pop();
}

function writeEleicoes(w: BerWriter, e: Eleicoes, v2: boolean): void {
  const m = w.mark();
  if (e.eleicoesVota) {
    w.push('eleicoes.eleicoesVota');
    for (let i = e.eleicoesVota.length - 1; i >= 0; i--) {
      const el = e.eleicoesVota[i]!;
      w.push(i);
      const mi = w.mark();
      writeVotosCargos(w, el.votosCargos);
      w.int(TAG_INTEGER, el.idEleicao, 'idEleicao', R.IDEleicao);
      w.wrap(TAG_SEQUENCE, mi);
      w.pop();
    }
    w.wrap(ctxC(v2 ? 1 : 0), m);
    w.pop();
  } else if (e.eleicoesSA) {
    w.push('eleicoes.eleicoesSA');
    for (let i = e.eleicoesSA.length - 1; i >= 0; i--) {
      const el = e.eleicoesSA[i]!;
      w.push(i);
      const mi = w.mark();
      writeVotosCargos(w, el.votosCargos);
      w.enumerated(TAG_ENUMERATED, el.origemVotosSA, ORIGEM, 'origemVotosSA');
      w.enumerated(TAG_ENUMERATED, el.tipoCedulaSA, TIPO_CEDULA, 'tipoCedulaSA');
      w.int(TAG_INTEGER, el.idEleicao, 'idEleicao', R.IDEleicao);
      w.wrap(TAG_SEQUENCE, mi);
      w.pop();
    }
    w.wrap(ctxC(v2 ? 2 : 1), m);
    w.pop();
  } else w.fail('eleicoes', 'eleicoesVota or eleicoesSA', 'neither');
}

/** Schema writer for EntidadeResultadoRDV; the version follows the shape (V2 has historicoCodigosCarga). */
export function writeResultadoRDV(w: BerWriter, v: EntidadeResultadoRDV): void {
  const v2 = 'historicoCodigosCarga' in v.rdv;
  const cargaV2 = 'identificadorGeradorMidia' in v.urna.correspondenciaResultado.carga;
  if (v2 !== cargaV2) {
    w.fail(
      'urna.correspondenciaResultado.carga',
      `a ${v2 ? 'V2' : 'V1'} Carga (the rdv ${v2 ? 'has' : 'has no'} historicoCodigosCarga)`,
      `a ${cargaV2 ? 'V2' : 'V1'} Carga`,
    );
  }
  const m = w.mark();
  w.push('rdv');
  const mr = w.mark();
  writeEleicoes(w, v.rdv.eleicoes, v2);
  if (v2) writeStrings(w, (v as EntidadeResultadoRDVV2).rdv.historicoCodigosCarga, 'historicoCodigosCarga');
  writeIdentificacaoSecao(w, v.rdv.identificacao, TAG_SEQUENCE, 'identificacao');
  w.enumerated(TAG_ENUMERATED, v.rdv.fase, E.fase, 'fase');
  w.int(TAG_INTEGER, v.rdv.pleito, 'pleito', R.IDPleito);
  w.wrap(TAG_SEQUENCE, mr);
  w.pop();
  writeUrna(w, v.urna);
  writeCabecalho(w, v.cabecalho);
  w.wrap(TAG_SEQUENCE, m);
}

/** Bytes of an EntidadeResultadoRDV (V1 or V2 by shape). */
export function encodeResultadoRDV(v: EntidadeResultadoRDV, file = 'RDV'): Result<Uint8Array> {
  return encodeWith(file, 'EntidadeResultadoRDV', (w) => writeResultadoRDV(w, v));
}

// ---- our urna's model ⇄ V2 ----

function cargoChoice(n: number, path: string): CodigoCargoConsulta {
  const c = codigoCargoFromNumber(n);
  if (c === null) throw new ModelFailure(path, 'a cargo code 1..13 or a consulta number 25..99', String(n));
  return c;
}

/** Our urna's RDV as the TSE's V2 EntidadeResultadoRDV. */
export function rdvV2FromModel(v: M.EntidadeResultadoRDV, file = 'RDV'): Result<EntidadeResultadoRDVV2> {
  return convert(file, 'EntidadeResultadoRDV', () => {
    const s = v.rdv.identificacao;
    return {
      cabecalho: { dataGeracao: v.cabecalho.dataGeracao, idEleitoral: { idPleito: v.cabecalho.idPleito } },
      urna: urnaFromModel(v.urna),
      rdv: {
        pleito: v.rdv.pleito,
        fase: v.rdv.fase,
        identificacao: { municipioZona: { municipio: s.municipio, zona: s.zona }, local: s.local, secao: s.secao },
        historicoCodigosCarga: [...v.rdv.historicoCodigosCarga],
        eleicoes: {
          eleicoesVota: v.rdv.eleicoes.map((e, i) => ({
            idEleicao: e.idEleicao,
            votosCargos: e.votosCargos.map((vc, j) => ({
              idCargo: cargoChoice(vc.idCargo, `rdv.eleicoes[${i}].votosCargos[${j}].idCargo`),
              quantidadeEscolhas: vc.quantidadeEscolhas,
              votos: vc.votos.map((vo): Voto =>
                vo.digitacao === undefined
                  ? { tipoVoto: vo.tipoVoto }
                  : { tipoVoto: vo.tipoVoto, digitacao: vo.digitacao },
              ),
            })),
          })),
        },
      },
    } satisfies EntidadeResultadoRDVV2;
  });
}

/** The TSE's V2 EntidadeResultadoRDV as our model (only the urna's own RDV: eleicoesVota, a section urna). */
export function rdvV2ToModel(v: EntidadeResultadoRDVV2, file = 'RDV'): Result<M.EntidadeResultadoRDV> {
  return convert(file, 'EntidadeResultadoRDV', () => {
    const idPleito = v.cabecalho.idEleitoral.idPleito;
    if (idPleito === undefined) throw new ModelFailure('cabecalho.idEleitoral', 'idPleito', 'another alternative');
    const vota = v.rdv.eleicoes.eleicoesVota;
    if (vota === undefined) throw new ModelFailure('rdv.eleicoes', 'eleicoesVota (our model has no SA)', 'eleicoesSA');
    const s = v.rdv.identificacao;
    return {
      cabecalho: { dataGeracao: v.cabecalho.dataGeracao, idPleito },
      urna: urnaToModel(v.urna),
      rdv: {
        pleito: v.rdv.pleito,
        fase: v.rdv.fase,
        identificacao: {
          municipio: s.municipioZona.municipio,
          zona: s.municipioZona.zona,
          local: s.local,
          secao: s.secao,
        },
        historicoCodigosCarga: [...v.rdv.historicoCodigosCarga],
        eleicoes: vota.map((e) => ({
          idEleicao: e.idEleicao,
          votosCargos: e.votosCargos.map((vc) => ({
            idCargo: codigoCargoNumber(vc.idCargo),
            quantidadeEscolhas: vc.quantidadeEscolhas,
            votos: vc.votos.map((vo): M.Voto =>
              vo.digitacao === undefined
                ? { tipoVoto: vo.tipoVoto }
                : { tipoVoto: vo.tipoVoto, digitacao: vo.digitacao },
            ),
          })),
        })),
      },
    };
  });
}

/** Our urna's RDV as the bytes of a V2 `-rdv.dat` file. */
export function encodeRdvV2(rdv: M.EntidadeResultadoRDV, file = 'RDV'): Result<Uint8Array> {
  const tse = rdvV2FromModel(rdv, file);
  if (!tse.ok) return tse;
  return encodeResultadoRDV(tse.value, file);
}

/** A V2 `-rdv.dat` file back to our model. */
export function decodeRdvV2ToModel(
  bytes: Uint8Array,
  file = 'RDV',
  opts: DecodeOptions = {},
): Result<M.EntidadeResultadoRDV> {
  const dec = decodeResultadoRDV(bytes, file, { ...opts, version: 'v2' });
  if (!dec.ok) return dec;
  if (dec.value.version !== 'v2') {
    return { ok: false, problems: [{ file, path: 'EntidadeResultadoRDV', expected: 'a V2 RDV', found: 'a V1 RDV' }] };
  }
  return rdvV2ToModel(dec.value.rdv, file);
}
