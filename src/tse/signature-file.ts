// The signature files: EntidadeAssinaturaResultado (V1 `.vscmr`) and EntidadeAssinaturaEcourna (V2 `-vota.vsc`,
// `-red.vsc`, `-sa.vsc`), not enveloped (TSE-FORMATS.md §5), with each set's `conteudoAutoAssinado` decoded as
// `Assinatura { arquivosAssinados }`; and the writer of our urna's V2 signature file.
//
// V1 and V2 have the same layout; only names and value sets differ (modeloUrna → modeloEquipamento with tpm12,
// tpm20, ue2022; AlgoritmoAssinatura gains eddsa(4)). So the content cannot always tell the version: the file name
// decides (`.vscmr` V1, `.vsc` V2; decode-file.ts passes it). Without a hint, a file using a V2-only value is V2 and
// anything else V1 (every real V1 file fits; a real V2 file from a UE2020 urna that still says `ecdsa` would be
// reported as V1 — its values decode identically either way).
//
// Our urna's signature file (encodeSignatureFileV2): the TSE's urna signs twice, with a software key (CEPESC, not
// verifiable by third parties) and a hardware key (certificate in the file). Ours has one key, the urna's Ed25519
// key from the carga, so both sets carry the same Ed25519 signatures (algoritmoAssinatura eddsa(4), 256 bits) over
// the same list of files; `assinaturaHW` also carries the urna's certificate, `assinaturaSW` does not (as in the
// TSE's files). Each signature is over SHA-512 of the 64-byte SHA-512 hash of the file, the convention of the TSE's
// hardware signatures (Ed521 and ECDSA-with-SHA-512 over the hash) and of our BU's assinaturaUltimoHashVotosVotavel.
import {
  BerReader,
  type BerWriter,
  type DecodeOptions,
  decodeWith,
  encodeWith,
  enumDef,
  type EnumDef,
  TAG_ENUMERATED,
  TAG_GENERAL_STRING,
  TAG_INTEGER,
  TAG_OCTET_STRING,
  TAG_SEQUENCE,
} from './ber.ts';
import {
  ALGORITMO_ASSINATURA_V1,
  ALGORITMO_ASSINATURA_V2,
  ALGORITMO_HASH,
  MODELO_EQUIPAMENTO,
  MODELO_URNA,
  type AlgoritmoAssinatura,
  type Assinatura,
  type AssinaturaArquivo,
  type AssinaturaDigital,
  type AutoAssinaturaDigital,
  type DescritorChave,
  type EntidadeAssinatura,
  type EntidadeAssinaturaEcourna,
  type EntidadeAssinaturaResultado,
  type ModeloEquipamento,
  type Version,
} from './asn1-types.ts';
import { readDataHora, writeDataHora } from './envelope.ts';
import { sha512 } from '../crypto/hash.ts';
import type { Result } from '../election/problem.ts';

const ALG_V1 = enumDef('AlgoritmoAssinatura', ALGORITMO_ASSINATURA_V1) as EnumDef<AlgoritmoAssinatura>;
const ALG_V2 = enumDef('AlgoritmoAssinatura', ALGORITMO_ASSINATURA_V2);
const ALG_HASH = enumDef('AlgoritmoHash', ALGORITMO_HASH);
const MODELO_V1 = enumDef('ModeloUrna', MODELO_URNA);
const MODELO_V2 = enumDef('ModeloEquipamento', MODELO_EQUIPAMENTO);
const VERSAO = { min: 2, max: 99999999 };
const CONJUNTO_CHAVE_MAX = 15;

export type SignatureFile =
  { version: 'v1'; value: EntidadeAssinaturaResultado } | { version: 'v2'; value: EntidadeAssinaturaEcourna };

export interface SignatureDecodeOptions extends DecodeOptions {
  /** From the file name (`.vscmr` V1, `.vsc` V2); without it the values decide (see the module comment). */
  version?: Version;
}

// ---- reading ----

function readAssinaturaDigital(r: BerReader, name: string): AssinaturaDigital {
  r.enter(TAG_SEQUENCE, name);
  const tamanho = r.int(TAG_INTEGER, 'tamanho');
  const hash = r.octets(TAG_OCTET_STRING, 'hash');
  const assinatura = r.octets(TAG_OCTET_STRING, 'assinatura');
  r.leave();
  return { tamanho, hash, assinatura };
}

/** Schema function for `Assinatura` (the content of conteudoAutoAssinado). */
export function readAssinatura(r: BerReader): Assinatura {
  r.enter(TAG_SEQUENCE, '');
  r.enter(TAG_SEQUENCE, 'arquivosAssinados');
  const arquivosAssinados: AssinaturaArquivo[] = [];
  for (let i = 0; !r.atEnd(); i++) {
    r.item(i);
    r.enter(TAG_SEQUENCE, '');
    const nomeArquivo = r.latin1(TAG_GENERAL_STRING, 'nomeArquivo');
    const assinatura = readAssinaturaDigital(r, 'assinatura');
    r.leave();
    r.pop();
    arquivosAssinados.push({ nomeArquivo, assinatura });
  }
  r.leave();
  r.leave();
  return { arquivosAssinados };
}

function readEntidadeAssinatura(r: BerReader, name: string, alg: EnumDef<AlgoritmoAssinatura>): EntidadeAssinatura {
  r.enter(TAG_SEQUENCE, name);
  const dataHoraCriacao = readDataHora(r, 'dataHoraCriacao');
  const versao = r.int(TAG_INTEGER, 'versao', VERSAO);
  r.enter(TAG_SEQUENCE, 'autoAssinado');
  r.enter(TAG_SEQUENCE, 'usuario');
  const usuario: DescritorChave = {
    nomeUsuario: r.latin1(TAG_GENERAL_STRING, 'nomeUsuario'),
    serial: r.int(TAG_INTEGER, 'serial'),
  };
  r.leave();
  r.enter(TAG_SEQUENCE, 'algoritmoHash');
  const algoritmoHash = { algoritmo: r.enumerated(TAG_ENUMERATED, 'algoritmo', ALG_HASH) };
  r.leave();
  r.enter(TAG_SEQUENCE, 'algoritmoAssinatura');
  const algoritmoAssinatura = {
    algoritmo: r.enumerated(TAG_ENUMERATED, 'algoritmo', alg),
    bits: r.int(TAG_INTEGER, 'bits'),
  };
  r.leave();
  const autoAssinado: AutoAssinaturaDigital = {
    usuario,
    algoritmoHash,
    algoritmoAssinatura,
    assinatura: readAssinaturaDigital(r, 'assinatura'),
  };
  r.leave();
  const conteudoAutoAssinado = r.octets(TAG_OCTET_STRING, 'conteudoAutoAssinado');
  const inner = new BerReader(
    conteudoAutoAssinado,
    `${r.pathOf('conteudoAutoAssinado')}:Assinatura`,
    r.base + r.pos - conteudoAutoAssinado.length,
    r.maxDepth,
  );
  const conteudo = readAssinatura(inner);
  if (inner.pos !== conteudoAutoAssinado.length) {
    inner.fail(
      '',
      'the end of conteudoAutoAssinado after Assinatura',
      `${conteudoAutoAssinado.length - inner.pos} more bytes`,
    );
  }
  const out: EntidadeAssinatura = { dataHoraCriacao, versao, autoAssinado, conteudoAutoAssinado, conteudo };
  if (r.peek() === TAG_OCTET_STRING) out.certificadoDigital = r.octets(TAG_OCTET_STRING, 'certificadoDigital');
  if (r.peek() === TAG_GENERAL_STRING) {
    out.conjuntoChave = r.latin1(TAG_GENERAL_STRING, 'conjuntoChave', 1, CONJUNTO_CHAVE_MAX);
  }
  r.leave();
  // Key order as in the spec (conteudo, not a spec field, last), so a decoded value prints like the spec.
  const { conteudo: c, ...spec } = out;
  return { ...spec, conteudo: c };
}

/** Schema function for the whole signature file; `r.version` 0 = decide from the values. */
export function readSignatureFile(r: BerReader): SignatureFile {
  const v = r.version;
  r.enter(TAG_SEQUENCE, '');
  const alg = v === 1 ? ALG_V1 : ALG_V2;
  const modelo =
    v === 1
      ? r.enumerated(TAG_ENUMERATED, 'modeloUrna', MODELO_V1)
      : r.enumerated(TAG_ENUMERATED, v === 2 ? 'modeloEquipamento' : 'modelo', MODELO_V2);
  const assinaturaSW = readEntidadeAssinatura(r, 'assinaturaSW', alg);
  const assinaturaHW = readEntidadeAssinatura(r, 'assinaturaHW', alg);
  r.leave();
  const v2Only =
    !(modelo in MODELO_URNA) ||
    assinaturaSW.autoAssinado.algoritmoAssinatura.algoritmo === 'eddsa' ||
    assinaturaHW.autoAssinado.algoritmoAssinatura.algoritmo === 'eddsa';
  if (v === 2 || (v === 0 && v2Only)) {
    return { version: 'v2', value: { modeloEquipamento: modelo as ModeloEquipamento, assinaturaSW, assinaturaHW } };
  }
  return { version: 'v1', value: { modeloUrna: modelo as keyof typeof MODELO_URNA, assinaturaSW, assinaturaHW } };
}

/** Decodes a signature file (.vscmr / -vota.vsc / -red.vsc / -sa.vsc). */
export function decodeSignatureFile(
  bytes: Uint8Array,
  file = 'signature file',
  opts: SignatureDecodeOptions = {},
): Result<SignatureFile> {
  const root =
    opts.version === 'v1'
      ? 'EntidadeAssinaturaResultado'
      : opts.version === 'v2'
        ? 'EntidadeAssinaturaEcourna'
        : 'EntidadeAssinatura*';
  return decodeWith(
    bytes,
    file,
    root,
    (r) => {
      if (opts.version) r.version = opts.version === 'v1' ? 1 : 2;
      return readSignatureFile(r);
    },
    opts,
  );
}

/** Decodes a BER `Assinatura` on its own (e.g. a conteudoAutoAssinado taken from elsewhere). */
export function decodeAssinatura(bytes: Uint8Array, file = 'Assinatura', opts: DecodeOptions = {}): Result<Assinatura> {
  return decodeWith(bytes, file, 'Assinatura', readAssinatura, opts);
}

// ---- writing ----

function writeAssinaturaDigital(w: BerWriter, v: AssinaturaDigital, name: string): void {
  w.push(name);
  const m = w.mark();
  w.octets(TAG_OCTET_STRING, v.assinatura, 'assinatura');
  w.octets(TAG_OCTET_STRING, v.hash, 'hash');
  w.int(TAG_INTEGER, v.tamanho, 'tamanho');
  w.wrap(TAG_SEQUENCE, m);
  w.pop();
}

export function writeAssinatura(w: BerWriter, v: Assinatura): void {
  const m = w.mark();
  w.push('arquivosAssinados');
  const ma = w.mark();
  for (let i = v.arquivosAssinados.length - 1; i >= 0; i--) {
    const a = v.arquivosAssinados[i]!;
    w.push(i);
    const mi = w.mark();
    writeAssinaturaDigital(w, a.assinatura, 'assinatura');
    w.latin1(TAG_GENERAL_STRING, a.nomeArquivo, 'nomeArquivo');
    w.wrap(TAG_SEQUENCE, mi);
    w.pop();
  }
  w.wrap(TAG_SEQUENCE, ma);
  w.pop();
  w.wrap(TAG_SEQUENCE, m);
}

/** Bytes of an `Assinatura` (what goes into conteudoAutoAssinado). */
export function encodeAssinatura(v: Assinatura, file = 'Assinatura'): Result<Uint8Array> {
  return encodeWith(file, 'Assinatura', (w) => writeAssinatura(w, v));
}

function writeEntidadeAssinatura(
  w: BerWriter,
  v: EntidadeAssinatura,
  name: string,
  alg: EnumDef<AlgoritmoAssinatura>,
): void {
  w.push(name);
  const m = w.mark();
  if (v.conjuntoChave !== undefined)
    w.latin1(TAG_GENERAL_STRING, v.conjuntoChave, 'conjuntoChave', 1, CONJUNTO_CHAVE_MAX);
  if (v.certificadoDigital !== undefined) w.octets(TAG_OCTET_STRING, v.certificadoDigital, 'certificadoDigital');
  w.octets(TAG_OCTET_STRING, v.conteudoAutoAssinado, 'conteudoAutoAssinado');
  const a = v.autoAssinado;
  w.push('autoAssinado');
  const ma = w.mark();
  writeAssinaturaDigital(w, a.assinatura, 'assinatura');
  w.push('algoritmoAssinatura');
  const m1 = w.mark();
  w.int(TAG_INTEGER, a.algoritmoAssinatura.bits, 'bits');
  w.enumerated(TAG_ENUMERATED, a.algoritmoAssinatura.algoritmo, alg, 'algoritmo');
  w.wrap(TAG_SEQUENCE, m1);
  w.pop();
  w.push('algoritmoHash');
  const m2 = w.mark();
  w.enumerated(TAG_ENUMERATED, a.algoritmoHash.algoritmo, ALG_HASH, 'algoritmo');
  w.wrap(TAG_SEQUENCE, m2);
  w.pop();
  w.push('usuario');
  const m3 = w.mark();
  w.int(TAG_INTEGER, a.usuario.serial, 'serial');
  w.latin1(TAG_GENERAL_STRING, a.usuario.nomeUsuario, 'nomeUsuario');
  w.wrap(TAG_SEQUENCE, m3);
  w.pop();
  w.wrap(TAG_SEQUENCE, ma);
  w.pop();
  w.int(TAG_INTEGER, v.versao, 'versao', VERSAO);
  writeDataHora(w, v.dataHoraCriacao, 'dataHoraCriacao');
  w.wrap(TAG_SEQUENCE, m);
  w.pop();
}

/** Bytes of a signature file; V1 (`modeloUrna`) or V2 (`modeloEquipamento`) by the object's shape. */
export function encodeSignatureFile(
  v: EntidadeAssinaturaResultado | EntidadeAssinaturaEcourna,
  file = 'signature file',
): Result<Uint8Array> {
  const v1 = 'modeloUrna' in v;
  return encodeWith(file, v1 ? 'EntidadeAssinaturaResultado' : 'EntidadeAssinaturaEcourna', (w) => {
    const alg = v1 ? ALG_V1 : ALG_V2;
    const m = w.mark();
    writeEntidadeAssinatura(w, v.assinaturaHW, 'assinaturaHW', alg);
    writeEntidadeAssinatura(w, v.assinaturaSW, 'assinaturaSW', alg);
    if (v1) w.enumerated(TAG_ENUMERATED, v.modeloUrna, MODELO_V1, 'modeloUrna');
    else
      w.enumerated(TAG_ENUMERATED, (v as EntidadeAssinaturaEcourna).modeloEquipamento, MODELO_V2, 'modeloEquipamento');
    w.wrap(TAG_SEQUENCE, m);
  });
}

// ---- our urna's V2 signature file ----

/**
 * The equipment model our urna declares. The enum has no value for a non-TSE machine; ue2022 is the newest urna
 * model, the one whose files carry eddsa(4) signatures and a certificate for them. Readers must go by
 * algoritmoAssinatura and the certificate, which is also what the TSE's own scripts do for UE2020+.
 */
export const OUR_MODELO_EQUIPAMENTO: ModeloEquipamento = 'ue2022';

export interface SignedFile {
  /** As listed in the file, e.g. `o00452sp7107200010015-bu.dat`. */
  nomeArquivo: string;
  bytes: Uint8Array;
}

export interface SignatureFileV2Input {
  modeloEquipamento?: ModeloEquipamento;
  /** DataHoraJE of the signing. */
  dataHoraCriacao: string;
  /** The result files, in the order they are listed (the TSE lists bu, rdv, jufa, imgbu, hash, …, logjez). */
  files: readonly SignedFile[];
  /** The urna's key (carga.urna.privateKey): `sign(message) → 64-byte Ed25519 signature`. */
  signer: { sign(message: Uint8Array): Uint8Array };
  /** Who signs (TSE: the certificate's CN for HW, e.g. "ueao01663883"; serial = the key set's date). */
  usuario: DescritorChave;
  /** The urna's certificate, in the form the caller verifies it (ours: the carga's certificate, JSON as UTF-8). */
  certificadoDigital: Uint8Array;
  /** Key-set label (TSE: "ECOURNA"), 1–15 characters. */
  conjuntoChave?: string;
  file?: string;
}

/** Ed25519 signature length in bits, as the TSE's files put 256 for their key sizes (ECDSA, CEPESC). */
const ED25519_BITS = 256;

function signHash(signer: SignatureFileV2Input['signer'], hash: Uint8Array): Uint8Array {
  return signer.sign(sha512(hash));
}

/**
 * Our urna's V2 signature file (EntidadeAssinaturaEcourna) over `files`: SHA-512 of each file, signed; the list
 * encoded as conteudoAutoAssinado, hashed and signed again (autoAssinado). Returns the bytes and the decoded value.
 */
export function encodeSignatureFileV2(
  input: SignatureFileV2Input,
): Result<{ bytes: Uint8Array; value: EntidadeAssinaturaEcourna }> {
  const file = input.file ?? 'signature file';
  const conteudo: Assinatura = {
    arquivosAssinados: input.files.map((f) => {
      const hash = sha512(f.bytes);
      return {
        nomeArquivo: f.nomeArquivo,
        assinatura: { tamanho: f.bytes.length, hash, assinatura: signHash(input.signer, hash) },
      };
    }),
  };
  const conteudoBytes = encodeAssinatura(conteudo, file);
  if (!conteudoBytes.ok) return conteudoBytes;
  const conteudoAutoAssinado = conteudoBytes.value;
  const autoHash = sha512(conteudoAutoAssinado);
  const autoAssinado: AutoAssinaturaDigital = {
    usuario: { ...input.usuario },
    algoritmoHash: { algoritmo: 'sha512' },
    algoritmoAssinatura: { algoritmo: 'eddsa', bits: ED25519_BITS },
    assinatura: { tamanho: conteudoAutoAssinado.length, hash: autoHash, assinatura: signHash(input.signer, autoHash) },
  };
  const base = { dataHoraCriacao: input.dataHoraCriacao, versao: 2, autoAssinado, conteudoAutoAssinado };
  const tail = input.conjuntoChave !== undefined ? { conjuntoChave: input.conjuntoChave } : {};
  const value: EntidadeAssinaturaEcourna = {
    modeloEquipamento: input.modeloEquipamento ?? OUR_MODELO_EQUIPAMENTO,
    assinaturaSW: { ...base, ...tail, conteudo },
    assinaturaHW: { ...base, certificadoDigital: input.certificadoDigital, ...tail, conteudo },
  };
  const bytes = encodeSignatureFile(value, file);
  if (!bytes.ok) return bytes;
  return { ok: true, value: { bytes: bytes.value, value } };
}
