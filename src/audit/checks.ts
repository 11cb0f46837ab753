// The auditor's checks on files that come from outside (the TSE's, or our urna's): every hash and signature a third
// party can check, each reported by name as pass, fail (and why) or cannot-check (and why). A check never throws:
// a value that cannot be checked is a 'cannot-check' with the reason, a broken one a 'fail' naming the place.
//
// Names (one per rule of docs/TSE-FORMATS.md):
//   decode                 the file decodes at all (a truncated or garbage file fails here, and nothing else runs)
//   bu-tuple-signatures    V1: Ed25519 per TotalVotosVotavel (§3.4)
//   bu-hash-chain          V2: the tuple hash chain (§3.5), seeded with identificacaoSecao (contingency urnas)
//   bu-final-hash          V2: ultimoHashVotosVotavel = the chain's last link
//   bu-signature           V2: assinaturaUltimoHashVotosVotavel, with the urna certificate of the seção's -vota.vsc
//   signature-file-hashes  each file listed in a signature file and present beside it: size and SHA-512
//   signature-file-self    autoAssinado hash/size over conteudoAutoAssinado (SW and HW sets)
//   signature-file-hw      HW signatures (Ed521 or ECDSA P-521) with the certificate in the file
//   signature-file-sw      SW signatures: CEPESC, ABIN's proprietary algorithm — always cannot-check
//   certificate-chain      the urna certificate up to the TSE's CA certificates
// Our urna's media (docs/TSE-COMPATIBILITY.md) carry our JSON certificate (src/crypto/certificate.ts) where the TSE's
// carry X.509, and Ed25519 signatures: signature-file-hw, bu-signature and qr-signature verify them with the key of
// that certificate, and certificate-chain checks it against the ELECTION key (the issuer of our certificates), which
// the caller must bring from the election's publication — never from beside the files being verified.
//   rdv-matches-bu         RDV votes aggregate exactly to the BU's tuples of the same seção
//   qr-hash-chain, qr-signature, qr-matches-bu   the BU QR codes (§7.2)
//   qr-printed-signature   the ASSI printed as text under the QR codes of an .imgbu equals the QR's ASSI
//   log-archive, log-mac   the 7z log package (CRCs) and the per-line MAC (secret key: cannot-check)
// No node: imports here (runs in a browser too); file I/O is verify-folder.ts.
import { fromHex, sha512, sha512HexUpper } from '../crypto/hash.ts';
import { verifyEd25519 } from '../crypto/ed25519.ts';
import { verifyCertificateChain, verifyHardwareSignature, type CertificateInput } from '../crypto/cert-chain.ts';
import { certificateProblem, keyId, type Certificate } from '../crypto/certificate.ts';
import { CertificateSchema } from '../media/results-media.ts';
import { chainLink } from '../tse/bu-hash-chain.ts';
import { codigoCargoNumber } from '../tse/bu-codec.ts';
import { hexUpper } from '../tse/ber.ts';
import {
  TIPO_VOTO_BU,
  type EntidadeAssinatura,
  type EntidadeAssinaturaEcourna,
  type EntidadeAssinaturaResultado,
  type EntidadeBoletimUrna,
  type EntidadeBoletimUrnaV1,
  type EntidadeBoletimUrnaV2,
  type EntidadeResultadoRDV,
  type TipoVotoRDV,
} from '../tse/asn1-types.ts';
import {
  checkAssi,
  checkQrHashChain,
  checkQrMatchesBu,
  joinQrSymbols,
  parseQrSymbol,
  qrComparableFromTse,
  type QrBuSymbol,
  type QrCheck,
  type QrPayload,
} from '../tse/qr-payload.ts';
import type { LogJez } from '../tse/logjez.ts';
import { formatProblem, type Problem, type Result } from '../election/problem.ts';

export type CheckStatus = 'pass' | 'fail' | 'cannot-check';

export type CheckName =
  | 'decode'
  | 'bu-tuple-signatures'
  | 'bu-hash-chain'
  | 'bu-final-hash'
  | 'bu-signature'
  | 'signature-file-hashes'
  | 'signature-file-self'
  | 'signature-file-hw'
  | 'signature-file-sw'
  | 'certificate-chain'
  | 'rdv-matches-bu'
  | 'qr-hash-chain'
  | 'qr-signature'
  | 'qr-matches-bu'
  | 'qr-printed-signature'
  | 'log-archive'
  | 'log-mac';

export interface Check {
  name: CheckName;
  /** The file the check is about (as the caller named it). */
  file: string;
  status: CheckStatus;
  /** What was checked and, for fail / cannot-check, why. */
  detail: string;
}

const check = (name: CheckName, file: string, status: CheckStatus, detail: string): Check => ({
  name,
  file,
  status,
  detail,
});

/** A decode failure as a check: the first problems, formatted (file, place, expected, found). */
export function decodeCheck(file: string, r: Result<unknown>): Check {
  if (r.ok) return check('decode', file, 'pass', 'decoded');
  const shown = r.problems.slice(0, 3).map(formatProblem).join('; ');
  return check('decode', file, 'fail', shown + (r.problems.length > 3 ? ` (+${r.problems.length - 3} more)` : ''));
}

// ---------------------------------------------------------------------------------------------------------------
// Our urna's certificate

/** Our urna's certificate, read from a certificadoDigital: shape-checked, not trusted (certificate-chain does that). */
export interface UrnaCertificate {
  certificate: Certificate;
  /** The certified Ed25519 key (32 bytes). */
  publicKey: Uint8Array;
  /** keyId of publicKey (first 16 bytes of its SHA-512, hex), for reports. */
  keyId: string;
}

/** The election's public key that issues our urna certificates, and where it came from (for the report). */
export interface ElectionKey {
  key: Uint8Array;
  from?: string;
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/**
 * The bytes of our JSON certificate when `input` is one, else undefined. X.509 is DER (0x30 …) or PEM
 * ("-----BEGIN"); ours is JSON, so it starts with `{` (after optional white space).
 */
export function urnaCertificateBytes(input: CertificateInput | undefined): Uint8Array | undefined {
  if (input === undefined) return undefined;
  const bytes = typeof input === 'string' ? utf8Encoder.encode(input) : input instanceof Uint8Array ? input : undefined;
  if (!bytes) return undefined;
  for (const b of bytes) {
    if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d) continue;
    return b === 0x7b ? bytes : undefined;
  }
  return undefined;
}

/**
 * Parses our urna certificate (UTF-8 JSON, src/crypto/certificate.ts) with the same schema the totalization's
 * reader uses (results-media.ts); every field's shape is checked. The problems name `file` and the JSON path under
 * `at` (where the certificate sits in the file; '' for a certificate file of its own).
 */
export function parseUrnaCertificate(
  bytes: Uint8Array,
  file: string,
  at = 'assinaturaHW.certificadoDigital',
): Result<UrnaCertificate> {
  let raw: unknown;
  try {
    raw = JSON.parse(utf8Decoder.decode(bytes));
  } catch (e) {
    return {
      ok: false,
      problems: [{ file, path: at, expected: 'our urna certificate as UTF-8 JSON', found: (e as Error).message }],
    };
  }
  const parsed = CertificateSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => ({
        file,
        path: [at, ...i.path.map(String)].filter((x) => x !== '').join('.'),
        expected: i.message,
        found: 'something else',
      })),
    };
  }
  const publicKey = fromHex(parsed.data.publicKey);
  return { ok: true, value: { certificate: parsed.data, publicKey, keyId: keyId(publicKey) } };
}

const problemsText = (problems: readonly Problem[]): string =>
  problems.slice(0, 3).map(formatProblem).join('; ') + (problems.length > 3 ? ` (+${problems.length - 3} more)` : '');

/** Our signatures over a hash (files, autoAssinado, the BU's last hash): Ed25519 over SHA-512 of the hash bytes. */
const verifyOurHashSignature = (key: Uint8Array, hash: Uint8Array, signature: Uint8Array): boolean =>
  signature.length === 64 && verifyEd25519(key, sha512(hash), signature);

/** `UE <numeroInternoUrna:8> <UF>-<município:5>-<zona:4>-<seção:4>` (src/media/carga.ts urnaSubject). */
const URNA_SUBJECT = /^UE (\d{8}) ([A-Z]{2})-(\d{5})-(\d{4})-(\d{4})$/;

// ---------------------------------------------------------------------------------------------------------------
// BU

const cargoNumber = (c: Parameters<typeof codigoCargoNumber>[0]): number => codigoCargoNumber(c);

/** The message of a V1 tuple signature (§3.4): SHA-512 of the decimal fields and codigoCarga, as Latin-1. */
export function tupleMessageV1(
  codigoCargo: number,
  t: EntidadeBoletimUrnaV1['resultadosVotacaoPorEleicao'][number]['resultadosVotacao'][number]['totaisVotosCargo'][number]['votosVotaveis'][number],
  codigoCarga: string,
): Uint8Array {
  const tipo = TIPO_VOTO_BU[t.tipoVoto];
  let s = `${codigoCargo}${tipo}${t.quantidadeVotos}`;
  if ((tipo === 1 || tipo === 4) && t.identificacaoVotavel)
    s += `${t.identificacaoVotavel.codigo}${t.identificacaoVotavel.partido}`;
  return sha512(s + codigoCarga);
}

/** V1: every tuple's Ed25519 signature with chaveAssinaturaVotosVotavel. Detail "n/m valid" and the first failure. */
export function checkBuTupleSignatures(file: string, bu: EntidadeBoletimUrnaV1): Check {
  const key = bu.chaveAssinaturaVotosVotavel;
  const codigoCarga = bu.urna.correspondenciaResultado.carga.codigoCarga;
  let total = 0;
  let valid = 0;
  let firstBad = '';
  for (const e of bu.resultadosVotacaoPorEleicao) {
    for (const rv of e.resultadosVotacao) {
      for (const c of rv.totaisVotosCargo) {
        const cargo = cargoNumber(c.codigoCargo);
        c.votosVotaveis.forEach((t, i) => {
          total++;
          if (verifyEd25519(key, tupleMessageV1(cargo, t, codigoCarga), t.assinatura)) valid++;
          else if (!firstBad) {
            const who = t.identificacaoVotavel ? ` ${t.identificacaoVotavel.codigo}` : '';
            firstBad = `eleição ${e.idEleicao} cargo ${cargo} tuple ${i + 1} (${t.tipoVoto}${who}, ${t.quantidadeVotos} votos)`;
          }
        });
      }
    }
  }
  if (key.length !== 32) {
    return check('bu-tuple-signatures', file, 'fail', `chaveAssinaturaVotosVotavel is ${key.length} bytes, not 32`);
  }
  if (total === 0) return check('bu-tuple-signatures', file, 'cannot-check', 'the BU has no tuples');
  return valid === total
    ? check('bu-tuple-signatures', file, 'pass', `${valid}/${total} valid (Ed25519)`)
    : check('bu-tuple-signatures', file, 'fail', `${valid}/${total} valid; first failure: ${firstBad}`);
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/**
 * V2: the tuple hash chain and the final hash of every eleição (§3.5). The seed uses identificacaoSecao — the
 * TSE script reads urna.correspondenciaResultado.identificacao, which for a contingency urna has no seção; the real
 * contingency BU only verifies with identificacaoSecao.
 */
export function checkBuHashChain(file: string, bu: EntidadeBoletimUrnaV2): [Check, Check] {
  const s = bu.identificacaoSecao;
  const idPleito = bu.cabecalho.idEleitoral.idPleito;
  const codigoCarga = bu.urna.correspondenciaResultado.carga.codigoCarga.padStart(24, '0');
  if (idPleito === undefined) {
    const why = `cabecalho.idEleitoral is ${Object.keys(bu.cabecalho.idEleitoral).join()}, the chain needs idPleito`;
    return [check('bu-hash-chain', file, 'cannot-check', why), check('bu-final-hash', file, 'cannot-check', why)];
  }
  let total = 0;
  let valid = 0;
  let firstBad = '';
  const finals: string[] = [];
  for (const e of bu.resultadosVotacaoPorEleicao) {
    let h = sha512HexUpper(
      `${pad(idPleito, 5)}|${pad(e.idEleicao, 5)}|${pad(s.municipioZona.municipio, 5)}|${pad(s.municipioZona.zona, 4)}|${pad(s.secao, 4)}|${codigoCarga}`,
    );
    for (const rv of e.resultadosVotacao) {
      for (const c of rv.totaisVotosCargo) {
        const cargo = cargoNumber(c.codigoCargo);
        let ordem = 0;
        for (const t of c.votosVotaveis) {
          ordem++;
          total++;
          h = chainLink(h, ordem, cargo, t);
          const okOrdem = t.ordemGeracaoHash === ordem;
          if (okOrdem && hexUpper(t.hash) === h) valid++;
          else if (!firstBad) {
            firstBad = okOrdem
              ? `eleição ${e.idEleicao} cargo ${cargo} tuple ${ordem}: hash ${hexUpper(t.hash).slice(0, 16)}…, expected ${h.slice(0, 16)}…`
              : `eleição ${e.idEleicao} cargo ${cargo} tuple ${ordem}: ordemGeracaoHash ${t.ordemGeracaoHash}, expected ${ordem}`;
          }
        }
      }
    }
    const stored = hexUpper(e.ultimoHashVotosVotavel);
    if (stored !== h) finals.push(`eleição ${e.idEleicao}: ${stored.slice(0, 16)}…, recomputed ${h.slice(0, 16)}…`);
  }
  const chain =
    total === 0
      ? check('bu-hash-chain', file, 'cannot-check', 'the BU has no tuples')
      : valid === total
        ? check('bu-hash-chain', file, 'pass', `${valid}/${total} links valid (SHA-512 chain)`)
        : check('bu-hash-chain', file, 'fail', `${valid}/${total} links valid; first failure: ${firstBad}`);
  const n = bu.resultadosVotacaoPorEleicao.length;
  const final =
    finals.length === 0
      ? check(
          'bu-final-hash',
          file,
          'pass',
          `ultimoHashVotosVotavel equals the recomputed last link (${n} eleição${n === 1 ? '' : 'ões'})`,
        )
      : check('bu-final-hash', file, 'fail', `ultimoHashVotosVotavel differs: ${finals.join('; ')}`);
  return [chain, final];
}

/**
 * V2: assinaturaUltimoHashVotosVotavel of every eleição: the urna's hardware signature over SHA-512(ultimoHash),
 * with the certificate from the seção's -vota.vsc (`cert`, named by `certFrom`). With our JSON certificate: Ed25519
 * by its key over SHA-512(ultimoHash), and the certificate must name the BU's urna and seção.
 */
export function checkBuSignature(
  file: string,
  bu: EntidadeBoletimUrnaV2,
  cert?: { certificate: CertificateInput; from: string },
): Check {
  const sizes = bu.resultadosVotacaoPorEleicao.map((e) => e.assinaturaUltimoHashVotosVotavel.length).join(', ');
  if (!cert) {
    return check(
      'bu-signature',
      file,
      'cannot-check',
      `needs the urna certificate from the seção's -vota.vsc (not given); signature sizes ${sizes} bytes`,
    );
  }
  const ours = urnaCertificateBytes(cert.certificate);
  if (ours) return checkOurBuSignature(file, bu, ours, cert.from);
  const bad: string[] = [];
  let alg = '';
  for (const e of bu.resultadosVotacaoPorEleicao) {
    const r = verifyHardwareSignature(cert.certificate, e.ultimoHashVotosVotavel, e.assinaturaUltimoHashVotosVotavel);
    alg ||= r.algorithm ?? '';
    if (!r.ok) bad.push(`eleição ${e.idEleicao}: ${r.reason ?? 'does not verify'}`);
  }
  const n = bu.resultadosVotacaoPorEleicao.length;
  return bad.length === 0
    ? check('bu-signature', file, 'pass', `${n}/${n} valid (${alg}, certificate from ${cert.from})`)
    : check('bu-signature', file, 'fail', `${n - bad.length}/${n} valid; ${bad.join('; ')}`);
}

/** bu-signature with our urna certificate (see checkBuSignature). */
function checkOurBuSignature(file: string, bu: EntidadeBoletimUrnaV2, bytes: Uint8Array, from: string): Check {
  const parsed = parseUrnaCertificate(bytes, from);
  if (!parsed.ok) {
    return check(
      'bu-signature',
      file,
      'cannot-check',
      `the urna certificate in ${from} is malformed: ${problemsText(parsed.problems)}`,
    );
  }
  const { certificate, publicKey, keyId: id } = parsed.value;
  const bad: string[] = [];
  // The certificate names the urna and the seção it was issued for: a BU of another seção (or urna) signed with it
  // is not that urna's BU, however valid the signature.
  const m = URNA_SUBJECT.exec(certificate.subject);
  const s = bu.identificacaoSecao;
  const numero = bu.urna.correspondenciaResultado.carga.numeroInternoUrna;
  if (!m) bad.push(`the certificate subject "${certificate.subject}" names no urna and seção`);
  else {
    if (Number(m[3]) !== s.municipioZona.municipio || Number(m[4]) !== s.municipioZona.zona || Number(m[5]) !== s.secao)
      bad.push(
        `the certificate is for seção ${m[2]}-${m[3]}-${m[4]}-${m[5]}, the BU is of ${s.municipioZona.municipio}/${s.municipioZona.zona}/${s.secao}`,
      );
    if (Number(m[1]) !== numero) bad.push(`the certificate is for urna ${m[1]}, the BU's carga names urna ${numero}`);
  }
  let valid = 0;
  for (const e of bu.resultadosVotacaoPorEleicao) {
    const sig = e.assinaturaUltimoHashVotosVotavel;
    if (verifyOurHashSignature(publicKey, e.ultimoHashVotosVotavel, sig)) valid++;
    else
      bad.push(
        `eleição ${e.idEleicao}: ${sig.length === 64 ? `does not verify with urna key ${id}` : `${sig.length} bytes, an Ed25519 signature is 64`}`,
      );
  }
  const n = bu.resultadosVotacaoPorEleicao.length;
  return bad.length === 0
    ? check(
        'bu-signature',
        file,
        'pass',
        `${n}/${n} valid (Ed25519 over SHA-512(ultimoHashVotosVotavel), urna key ${id} of the certificate in ${from}, which names this BU's urna and seção)`,
      )
    : check('bu-signature', file, 'fail', `${valid}/${n} signatures valid; ${bad.join('; ')}`);
}

/** The BU checks that need nothing else: tuple signatures (V1) or hash chain + final hash (+ signature) (V2). */
export function checkBu(
  file: string,
  bu: { version: 'v1'; value: EntidadeBoletimUrnaV1 } | { version: 'v2'; value: EntidadeBoletimUrnaV2 },
  cert?: { certificate: CertificateInput; from: string },
): Check[] {
  if (bu.version === 'v1') return [checkBuTupleSignatures(file, bu.value)];
  return [...checkBuHashChain(file, bu.value), checkBuSignature(file, bu.value, cert)];
}

// ---------------------------------------------------------------------------------------------------------------
// Signature files

type SignatureFileValue = EntidadeAssinaturaResultado | EntidadeAssinaturaEcourna;

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/**
 * Each file the signature file lists, looked up with `lookup(nomeArquivo)` (the files beside it): its size and SHA-512
 * against the HW set's entry (and the SW set's, which lists the same files). Files not present are named in the detail;
 * with none present the check is cannot-check.
 */
export function checkSignatureFileHashes(
  file: string,
  sig: SignatureFileValue,
  lookup: (nomeArquivo: string) => Uint8Array | undefined,
): Check {
  const entries = [...sig.assinaturaHW.conteudo.arquivosAssinados, ...sig.assinaturaSW.conteudo.arquivosAssinados];
  const seen = new Map<string, boolean>();
  const bad: string[] = [];
  const missing = new Set<string>();
  for (const a of entries) {
    const bytes = lookup(a.nomeArquivo);
    if (!bytes) {
      missing.add(a.nomeArquivo);
      continue;
    }
    const d = a.assinatura;
    let ok = true;
    if (bytes.length !== d.tamanho) {
      bad.push(`${a.nomeArquivo}: size ${bytes.length}, listed ${d.tamanho}`);
      ok = false;
    } else if (!equalBytes(sha512(bytes), d.hash)) {
      bad.push(`${a.nomeArquivo}: SHA-512 differs from the listed hash`);
      ok = false;
    }
    seen.set(a.nomeArquivo, (seen.get(a.nomeArquivo) ?? true) && ok);
  }
  const present = [...seen.keys()];
  const missingNote = missing.size ? `; not in the folder (not checked): ${[...missing].join(', ')}` : '';
  if (bad.length > 0) return check('signature-file-hashes', file, 'fail', [...new Set(bad)].join('; ') + missingNote);
  if (present.length === 0) {
    return check(
      'signature-file-hashes',
      file,
      'cannot-check',
      `none of the ${missing.size} listed files is in the folder${missingNote}`,
    );
  }
  return check(
    'signature-file-hashes',
    file,
    'pass',
    `${present.length} listed file${present.length > 1 ? 's' : ''} match size and SHA-512 (${present.join(', ')})${missingNote}`,
  );
}

/** autoAssinado: SHA-512 and size of conteudoAutoAssinado, in both the SW and the HW set. */
export function checkSignatureFileSelf(file: string, sig: SignatureFileValue): Check {
  const bad: string[] = [];
  for (const [label, set] of [
    ['SW', sig.assinaturaSW],
    ['HW', sig.assinaturaHW],
  ] as const) {
    const d = set.autoAssinado.assinatura;
    if (d.tamanho !== set.conteudoAutoAssinado.length)
      bad.push(`${label}: tamanho ${d.tamanho}, conteudoAutoAssinado is ${set.conteudoAutoAssinado.length} bytes`);
    else if (!equalBytes(sha512(set.conteudoAutoAssinado), d.hash))
      bad.push(`${label}: autoAssinado hash is not SHA-512(conteudoAutoAssinado)`);
  }
  return bad.length === 0
    ? check('signature-file-self', file, 'pass', 'SW and HW autoAssinado hashes match conteudoAutoAssinado')
    : check('signature-file-self', file, 'fail', bad.join('; '));
}

/** What the HW set signs: [name, hash, signature] of autoAssinado and of every listed file. */
function hwItems(hw: EntidadeAssinatura): [string, Uint8Array, Uint8Array][] {
  return [
    ['autoAssinado', hw.autoAssinado.assinatura.hash, hw.autoAssinado.assinatura.assinatura],
    ...hw.conteudo.arquivosAssinados.map(
      (a) => [a.nomeArquivo, a.assinatura.hash, a.assinatura.assinatura] as [string, Uint8Array, Uint8Array],
    ),
  ];
}

/**
 * The HW set's signatures (autoAssinado + every listed file) with the certificate the file carries: the TSE's
 * hardware signatures with its X.509 certificate, or ours (Ed25519) with our JSON certificate.
 */
export function checkSignatureFileHw(file: string, sig: SignatureFileValue): Check {
  const hw: EntidadeAssinatura = sig.assinaturaHW;
  const cert = hw.certificadoDigital;
  if (!cert || cert.length === 0) {
    return check('signature-file-hw', file, 'cannot-check', 'the HW set carries no certificadoDigital');
  }
  const ours = urnaCertificateBytes(cert);
  if (ours) return checkOurSignatureFileHw(file, hw, ours);
  const items = hwItems(hw);
  let valid = 0;
  let alg = '';
  const bad: string[] = [];
  for (const [name, hash, signature] of items) {
    const r = verifyHardwareSignature(cert, hash, signature);
    alg ||= r.algorithm ?? '';
    if (r.ok) valid++;
    else bad.push(`${name}: ${r.reason ?? 'does not verify'}`);
  }
  const algName = alg === 'ed521' ? 'Ed521' : alg === 'ecdsa-p521-sha512' ? 'ECDSA P-521/SHA-512' : 'unknown algorithm';
  return bad.length === 0
    ? check(
        'signature-file-hw',
        file,
        'pass',
        `${valid}/${items.length} valid (${algName}, auto + ${items.length - 1} files)`,
      )
    : check('signature-file-hw', file, 'fail', `${valid}/${items.length} valid; first failure: ${bad[0]}`);
}

/** signature-file-hw with our urna certificate: each signature is Ed25519 over SHA-512 of the listed 64-byte hash. */
function checkOurSignatureFileHw(file: string, hw: EntidadeAssinatura, bytes: Uint8Array): Check {
  const parsed = parseUrnaCertificate(bytes, file);
  if (!parsed.ok) {
    return check(
      'signature-file-hw',
      file,
      'fail',
      `our urna certificate is malformed: ${problemsText(parsed.problems)}`,
    );
  }
  const { publicKey, keyId: id } = parsed.value;
  const alg = hw.autoAssinado.algoritmoAssinatura.algoritmo;
  if (alg !== 'eddsa') {
    return check(
      'signature-file-hw',
      file,
      'fail',
      `algoritmoAssinatura is ${alg}, but our urna certificate certifies an Ed25519 key (eddsa)`,
    );
  }
  const items = hwItems(hw);
  let valid = 0;
  let firstBad = '';
  for (const [name, hash, signature] of items) {
    if (verifyOurHashSignature(publicKey, hash, signature)) valid++;
    else
      firstBad ||= `${name}: ${signature.length === 64 ? 'does not verify' : `${signature.length} bytes, an Ed25519 signature is 64`}`;
  }
  return valid === items.length
    ? check(
        'signature-file-hw',
        file,
        'pass',
        `${valid}/${items.length} valid (Ed25519, auto + ${items.length - 1} files, urna key ${id} of the file's own certificate: trusted once certificate-chain passes)`,
      )
    : check(
        'signature-file-hw',
        file,
        'fail',
        `${valid}/${items.length} valid with urna key ${id}; first failure: ${firstBad}`,
      );
}

/** The SW set: CEPESC signatures cannot be checked by anyone outside the TSE/ABIN. */
export function checkSignatureFileSw(file: string, sig: SignatureFileValue): Check {
  const sw = sig.assinaturaSW;
  const alg = sw.autoAssinado.algoritmoAssinatura.algoritmo;
  const n = sw.conteudo.arquivosAssinados.length + 1;
  if (alg === 'cepesc') {
    return check(
      'signature-file-sw',
      file,
      'cannot-check',
      `${n} CEPESC signatures (user ${sw.autoAssinado.usuario.nomeUsuario}): ABIN's proprietary algorithm`,
    );
  }
  return check('signature-file-sw', file, 'cannot-check', `${n} ${alg} signatures without a certificate in the SW set`);
}

/**
 * The urna certificate up to the CA certificates (the trust anchors); without them, cannot-check. Our JSON urna
 * certificate is issued by the election key instead: checked against `electionKey`; without it, cannot-check.
 */
export function checkCertificateChain(
  file: string,
  certificate: Uint8Array | undefined,
  caCerts: readonly CertificateInput[],
  caFrom = 'the CA certificates',
  electionKey?: ElectionKey,
): Check {
  if (!certificate || certificate.length === 0) {
    return check('certificate-chain', file, 'cannot-check', 'no certificate in the file');
  }
  const ours = urnaCertificateBytes(certificate);
  if (ours) return checkOurCertificateChain(file, ours, electionKey);
  if (caCerts.length === 0) {
    return check('certificate-chain', file, 'cannot-check', 'no CA certificates given (--ca DIR)');
  }
  const r = verifyCertificateChain(certificate, [...caCerts]);
  const validity = r.validityNote ? ` (validity, not enforced: ${r.validityNote})` : '';
  return r.ok
    ? check('certificate-chain', file, 'pass', `${r.chain.join(' → ')} (anchors: ${caFrom})${validity}`)
    : check('certificate-chain', file, 'fail', `${r.problem ?? 'does not verify'}; chain: ${r.chain.join(' → ')}`);
}

/** certificate-chain for our urna certificate: one link, the election key (certificateProblem). */
function checkOurCertificateChain(file: string, bytes: Uint8Array, electionKey: ElectionKey | undefined): Check {
  const parsed = parseUrnaCertificate(bytes, file);
  if (!parsed.ok) {
    return check(
      'certificate-chain',
      file,
      'fail',
      `our urna certificate is malformed: ${problemsText(parsed.problems)}`,
    );
  }
  const c = parsed.value.certificate;
  const who = `"${c.subject}" (urna key ${parsed.value.keyId}) issued by "${c.issuer}" with key ${c.issuerKeyId}`;
  if (!electionKey) {
    return check(
      'certificate-chain',
      file,
      'cannot-check',
      `our urna certificate is issued by the election key: pass --election-key (the election's election.pub, from its publication); ${who}`,
    );
  }
  const problem = certificateProblem(c, electionKey.key);
  const given = `election key ${keyId(electionKey.key)}${electionKey.from ? ` from ${electionKey.from}` : ''}`;
  return problem === null
    ? check('certificate-chain', file, 'pass', `${who} → ${given}`)
    : check('certificate-chain', file, 'fail', `${problem}; ${who}; given: ${given}`);
}

/** Every check of a signature file on its own (the hashes need the folder: checkSignatureFileHashes). */
export function checkSignatureFile(
  file: string,
  sig: SignatureFileValue,
  caCerts: readonly CertificateInput[],
  caFrom?: string,
  electionKey?: ElectionKey,
): Check[] {
  return [
    checkSignatureFileSelf(file, sig),
    checkSignatureFileHw(file, sig),
    checkSignatureFileSw(file, sig),
    checkCertificateChain(file, sig.assinaturaHW.certificadoDigital, caCerts, caFrom, electionKey),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// RDV against BU

/**
 * How an RDV vote is counted in the BU (§4): RDV and BU number their vote types differently. Nominal → the
 * candidate's tuple (codigo = digitação); legenda → the party's legenda tuple (partido = the first two digits typed); branco and
 * branco após suspensão → branco; nulo, nulo após suspensão and nulo por repetição → nulo; the "cargo sem
 * candidato" nulos → the BU's cargoSemCandidato tuple.
 */
function rdvKey(tipo: TipoVotoRDV, digitacao: string | undefined): string {
  switch (tipo) {
    case 'nominal':
      return `nominal ${Number(digitacao)}`;
    case 'legenda':
      // The digits typed: a party number, or a candidate number that does not exist (e.g. 4519) — the vote goes to
      // the party of its first two digits.
      return `legenda ${Number((digitacao ?? '').slice(0, 2))}`;
    case 'branco':
    case 'brancoAposSuspensao':
      return 'branco';
    case 'nulo':
    case 'nuloAposSuspensao':
    case 'nuloPorRepeticao':
      return 'nulo';
    case 'nuloCargoSemCandidato':
    case 'nuloAposSuspensaoCargoSemCandidato':
      return 'cargoSemCandidato';
  }
}

function add(m: Map<string, number>, k: string, n: number): void {
  m.set(k, (m.get(k) ?? 0) + n);
}

/** RDV counts per eleição, cargo, vote type and number equal the BU's tuples; and the same seção and pleito. */
export function checkRdvMatchesBu(
  file: string,
  rdv: EntidadeResultadoRDV,
  bu: EntidadeBoletimUrna,
  buFile: string,
): Check {
  const diffs: string[] = [];
  const r = rdv.rdv;
  const s = bu.identificacaoSecao;
  const rs = r.identificacao;
  if (
    rs.municipioZona.municipio !== s.municipioZona.municipio ||
    rs.municipioZona.zona !== s.municipioZona.zona ||
    rs.secao !== s.secao
  ) {
    diffs.push(
      `seção: RDV ${rs.municipioZona.municipio}/${rs.municipioZona.zona}/${rs.secao}, BU ${s.municipioZona.municipio}/${s.municipioZona.zona}/${s.secao}`,
    );
  }
  if (bu.cabecalho.idEleitoral.idPleito !== undefined && r.pleito !== bu.cabecalho.idEleitoral.idPleito)
    diffs.push(`pleito: RDV ${r.pleito}, BU ${bu.cabecalho.idEleitoral.idPleito}`);
  const fromRdv = new Map<string, number>();
  const eleicoes = r.eleicoes.eleicoesVota ?? r.eleicoes.eleicoesSA ?? [];
  let votes = 0;
  for (const e of eleicoes) {
    for (const vc of e.votosCargos) {
      const cargo = cargoNumber(vc.idCargo);
      for (const v of vc.votos) {
        add(fromRdv, `eleição ${e.idEleicao} cargo ${cargo} ${rdvKey(v.tipoVoto, v.digitacao)}`, 1);
        votes++;
      }
    }
  }
  const fromBu = new Map<string, number>();
  for (const e of bu.resultadosVotacaoPorEleicao) {
    for (const rv of e.resultadosVotacao) {
      for (const c of rv.totaisVotosCargo) {
        const cargo = cargoNumber(c.codigoCargo);
        for (const t of c.votosVotaveis) {
          const id = t.identificacaoVotavel;
          const k =
            t.tipoVoto === 'nominal'
              ? `nominal ${id?.codigo}`
              : t.tipoVoto === 'legenda'
                ? `legenda ${id?.partido}`
                : t.tipoVoto;
          add(fromBu, `eleição ${e.idEleicao} cargo ${cargo} ${k}`, t.quantidadeVotos);
        }
      }
    }
  }
  for (const [k, n] of fromBu) if (fromRdv.get(k) !== n) diffs.push(`${k}: BU ${n}, RDV ${fromRdv.get(k) ?? 0}`);
  for (const [k, n] of fromRdv) if (!fromBu.has(k)) diffs.push(`${k}: BU 0, RDV ${n}`);
  if (diffs.length === 0) {
    return check('rdv-matches-bu', file, 'pass', `${votes} RDV votes in ${fromBu.size} counts equal ${buFile}`);
  }
  const shown = diffs.slice(0, 5).join('; ');
  return check(
    'rdv-matches-bu',
    file,
    'fail',
    `${diffs.length} difference${diffs.length > 1 ? 's' : ''} with ${buFile}: ${shown}${diffs.length > 5 ? '; …' : ''}`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// QR codes

export interface QrCheckOptions {
  /** Raw 32-byte Ed25519 key for ASSI (VRQR 1.5 per-UF key, or our urna's key). */
  ed25519PublicKey?: Uint8Array;
  /**
   * Urna certificate for a VRQR 6.0 ASSI (else the QRCE symbols' certificate is used when present); or our JSON urna
   * certificate, whose Ed25519 key verifies ASSI over the 64 raw bytes of the final HASH (the VRQR 1.5 rule).
   */
  certificate?: CertificateInput;
  /** Where `certificate` came from (e.g. the seção's -vota.vsc), for the report. */
  certificateFrom?: string;
  /** The BU the QR codes claim to come from, and its name. */
  bu?: { file: string; value: EntidadeBoletimUrna };
  /** The ASSI printed as text under the QR codes (from an .imgbu), compared with the QR's ASSI. */
  printedAssi?: string;
}

const fromQr = (c: QrCheck, file: string, passDetail: string): Check =>
  check(c.name, file, c.status, c.status === 'pass' ? passDetail : (c.reason ?? c.status));

/** The QR symbols' texts (any order) → joined payload and the qr-* checks; or a failed qr-hash-chain naming why. */
export function checkQrTexts(
  file: string,
  texts: readonly string[],
  opts: QrCheckOptions = {},
): { payload?: QrPayload; checks: Check[]; problems: Problem[] } {
  const joined = joinQrSymbols(texts, file);
  if (!joined.ok) {
    const partial = checkQrPrefix(file, texts);
    if (partial) return { checks: partial, problems: joined.problems };
    const why = joined.problems.slice(0, 3).map(formatProblem).join('; ');
    return {
      checks: [check('qr-hash-chain', file, 'fail', `the QR codes do not form one payload: ${why}`)],
      problems: joined.problems,
    };
  }
  const payload = joined.value;
  const n = payload.parts.length;
  const checks: Check[] = [
    fromQr(checkQrHashChain(payload), file, `${n}/${n} part hashes valid (VRQR ${payload.VRQR})`),
  ];
  const ours = urnaCertificateBytes(opts.certificate);
  if (ours && !opts.ed25519PublicKey) checks.push(checkOurAssi(file, payload, ours, opts.certificateFrom ?? file));
  else {
    // An explicit key wins over our certificate; a TSE certificate (given or from the QRCE codes) goes to the
    // hardware verifier.
    const cert = ours ? undefined : (opts.certificate ?? payload.certificate?.bytes);
    const assi = checkAssi(payload, {
      ...(opts.ed25519PublicKey ? { ed25519PublicKey: opts.ed25519PublicKey } : {}),
      ...(cert ? { verifyHardware: (h: Uint8Array, s: Uint8Array) => verifyHardwareSignature(cert, h, s) } : {}),
    });
    checks.push(fromQr(assi, file, `ASSI verifies over the final HASH`));
  }
  if (opts.printedAssi !== undefined) {
    checks.push(
      payload.ASSI === undefined
        ? check('qr-printed-signature', file, 'fail', 'the QR codes carry no ASSI, the printed BU shows one')
        : payload.ASSI === opts.printedAssi
          ? check('qr-printed-signature', file, 'pass', 'the printed ASSINATURA QR CODE equals the QR ASSI')
          : check('qr-printed-signature', file, 'fail', 'the printed ASSINATURA QR CODE differs from the QR ASSI'),
    );
  }
  if (opts.bu) {
    checks.push(
      fromQr(checkQrMatchesBu(payload, qrComparableFromTse(opts.bu.value)), file, `every count equals ${opts.bu.file}`),
    );
  } else {
    checks.push(check('qr-matches-bu', file, 'cannot-check', 'no BU of the same seção given'));
  }
  return { payload, checks, problems: [] };
}

/** qr-signature with the key of our urna certificate: Ed25519 over the 64 raw bytes of the final HASH. */
function checkOurAssi(file: string, payload: QrPayload, bytes: Uint8Array, from: string): Check {
  const parsed = parseUrnaCertificate(bytes, from);
  if (!parsed.ok) {
    return check(
      'qr-signature',
      file,
      'cannot-check',
      `the urna certificate in ${from} is malformed: ${problemsText(parsed.problems)}`,
    );
  }
  const id = parsed.value.keyId;
  const assi = checkAssi(payload, { ed25519PublicKey: parsed.value.publicKey });
  return assi.status === 'pass'
    ? check('qr-signature', file, 'pass', `ASSI verifies over the final HASH (Ed25519, urna key ${id} from ${from})`)
    : check('qr-signature', file, assi.status, `${assi.reason ?? assi.status} (urna key ${id} from ${from})`);
}

/**
 * An incomplete set (e.g. a photo of the first QR codes only, or one part of a manual's example): the hash chain is
 * still checked over the leading parts 1..k; ASSI (on the last part) and the BU comparison cannot be.
 */
function checkQrPrefix(file: string, texts: readonly string[]): Check[] | undefined {
  const parts: QrBuSymbol[] = [];
  for (const t of texts) {
    const r = parseQrSymbol(t, file);
    if (!r.ok || r.value.kind !== 'QRBU') return undefined;
    if (!parts.some((p) => p.index === r.value.index)) parts.push(r.value as QrBuSymbol);
  }
  if (parts.length === 0 || parts.some((p) => p.total !== parts[0]!.total)) return undefined;
  parts.sort((a, b) => a.index - b.index);
  let k = 0;
  while (k < parts.length && parts[k]!.index === k + 1) k++;
  if (k === 0) return undefined;
  const n = parts[0]!.total;
  const missing = `incomplete: parts 1..${k} of ${n} given`;
  const chain = checkQrHashChain(parts.slice(0, k));
  return [
    check(
      'qr-hash-chain',
      file,
      chain.status,
      chain.status === 'pass' ? `${k}/${k} part hashes valid (${missing})` : `${chain.reason ?? ''} (${missing})`,
    ),
    check('qr-signature', file, 'cannot-check', `ASSI is on the last part, not given (${missing})`),
    check('qr-matches-bu', file, 'cannot-check', `the BU content is incomplete (${missing})`),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Log

/** The log package: its 7z CRCs (readLogJez checks every one) and the line MACs (secret key). */
export function checkLog(file: string, log: Result<LogJez>): Check[] {
  if (!log.ok) {
    return [
      check('log-archive', file, 'fail', log.problems.slice(0, 3).map(formatProblem).join('; ')),
      check('log-mac', file, 'cannot-check', 'the archive did not open'),
    ];
  }
  const v = log.value;
  const crc = v.checks.find((c) => c.name === 'log-archive-crc');
  const mac = v.checks.find((c) => c.name === 'log-line-mac');
  const entries = v.files.map((f) => `${f.name} ${f.size} B`).join(', ');
  return [
    check(
      'log-archive',
      file,
      crc?.status ?? 'pass',
      crc?.status === 'pass' || !crc ? `7z CRC32 valid (${entries}; ${v.events.length} lines)` : (crc.reason ?? ''),
    ),
    check('log-mac', file, 'cannot-check', `secret key: ${mac?.reason ?? 'the line MAC is keyed with a TSE secret'}`),
  ];
}
