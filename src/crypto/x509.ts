// X.509 certificates as the TSE ships them (docs/TSE-FORMATS.md §5): urna certificates inside signature files
// (.vscmr / -vota.vsc) and the CA certificates AC URNA, AC UE2020, AC UE2022. They come as DER, sometimes followed
// by padding bytes, or as PEM text inside an OCTET STRING; keys are ECDSA P-521, Ed521 (OID 1.3.6.1.4.1.44588.2.1,
// which no library knows — node's X509Certificate cannot even load such a certificate) or Ed25519. So one small DER
// walker reads them all and keeps the exact TBSCertificate bytes, which are what the issuer signed.
//
// Parsing never throws: bad input gives a Problem naming the field, the byte offset, what was expected and found.
import type { Problem, Result } from '../election/problem.ts';

// ---- DER walker ---------------------------------------------------------------------------------------------------

/** One TLV element: offsets into the buffer it was read from. */
export interface DerNode {
  /** 0x00 universal, 0x40 application, 0x80 context-specific, 0xC0 private. */
  tagClass: number;
  constructed: boolean;
  tagNumber: number;
  /** Offset of the identifier octet. */
  start: number;
  /** Offset of the first content octet. */
  contentStart: number;
  /** Offset just past the last content octet. */
  end: number;
}

/** Thrown by the walker only; every exported parser catches it and returns a Problem. */
export class DerError extends Error {
  constructor(
    readonly offset: number,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`at byte ${offset}: expected ${expected}, found ${found}`);
  }
}

/**
 * Reads the TLV at `offset`, which must end by `limit`. Definite lengths only (BER's indefinite form never occurs in
 * TSE files or certificates); lengths of more than 4 bytes are refused, so a corrupt length cannot ask for gigabytes.
 */
export function readDerNode(bytes: Uint8Array, offset: number, limit = bytes.length): DerNode {
  let pos = offset;
  if (pos >= limit) throw new DerError(offset, 'a TLV element', 'end of data');
  const id = bytes[pos++]!;
  let tagNumber = id & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    for (let i = 0; ; i++) {
      if (pos >= limit) throw new DerError(offset, 'a complete tag', 'end of data');
      if (i === 4) throw new DerError(offset, 'a tag number of at most 4 bytes', 'a longer tag number');
      const b = bytes[pos++]!;
      tagNumber = tagNumber * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
  }
  if (pos >= limit) throw new DerError(offset, 'a length', 'end of data');
  let length = bytes[pos++]!;
  if (length === 0x80) throw new DerError(offset, 'a definite length', 'the indefinite-length form (0x80)');
  if (length > 0x80) {
    const n = length & 0x7f;
    if (n > 4) throw new DerError(offset, 'a length of at most 4 bytes', `a ${n}-byte length`);
    if (pos + n > limit) throw new DerError(offset, 'a complete length', 'end of data');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[pos++]!;
  }
  if (pos + length > limit) {
    throw new DerError(offset, `${length} content bytes`, `${limit - pos} bytes left`);
  }
  return {
    tagClass: id & 0xc0,
    constructed: (id & 0x20) !== 0,
    tagNumber,
    start: offset,
    contentStart: pos,
    end: pos + length,
  };
}

/** The elements inside a constructed node, in order; they must fill it exactly. */
export function derChildren(bytes: Uint8Array, node: DerNode): DerNode[] {
  if (!node.constructed) throw new DerError(node.start, 'a constructed element', 'a primitive one');
  const out: DerNode[] = [];
  for (let pos = node.contentStart; pos < node.end;) {
    const child = readDerNode(bytes, pos, node.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

/** The contents of a node, without copying. */
export const derContent = (bytes: Uint8Array, node: DerNode): Uint8Array => bytes.subarray(node.contentStart, node.end);

// Universal tags used here.
const SEQUENCE = 0x10;
const SET = 0x11;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const OCTET_STRING = 0x04;
const OID = 0x06;
const BOOLEAN = 0x01;
const UTC_TIME = 0x17;
const GENERALIZED_TIME = 0x18;

function expectUniversal(node: DerNode | undefined, tag: number, what: string, at: number): DerNode {
  if (!node) throw new DerError(at, what, 'nothing');
  if (node.tagClass !== 0 || node.tagNumber !== tag) {
    throw new DerError(node.start, what, describeTag(node));
  }
  return node;
}

function describeTag(node: DerNode): string {
  const cls = ['universal', 'application', 'context', 'private'][node.tagClass >> 6]!;
  return `tag ${cls} ${node.tagNumber}${node.constructed ? ' (constructed)' : ''}`;
}

/** Dotted OID text of an OBJECT IDENTIFIER's contents. */
export function decodeOid(content: Uint8Array, at = 0): string {
  if (content.length === 0) throw new DerError(at, 'an object identifier', 'an empty one');
  const arcs: number[] = [];
  let value = 0;
  for (let i = 0; i < content.length; i++) {
    const b = content[i]!;
    if (value > 2 ** 45) throw new DerError(at, 'an object identifier arc below 2^52', 'a larger arc');
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      if (arcs.length === 0) {
        const first = value < 40 ? 0 : value < 80 ? 1 : 2;
        arcs.push(first, value - first * 40);
      } else arcs.push(value);
      value = 0;
    } else if (i === content.length - 1) {
      throw new DerError(at, 'a complete object identifier', 'a truncated arc');
    }
  }
  return arcs.join('.');
}

// ---- certificate model --------------------------------------------------------------------------------------------

export const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
export const OID_SECP521R1 = '1.3.132.0.35';
export const OID_ED25519 = '1.3.101.112';
export const OID_ECDSA_WITH_SHA512 = '1.2.840.10045.4.3.4';
/** Ed521 (TSE / ECPy), as public key and as signature algorithm. */
export const ED521_OID = '1.3.6.1.4.1.44588.2.1';

const ALGORITHM_NAMES: Record<string, string> = {
  [OID_ECDSA_WITH_SHA512]: 'ecdsa-with-SHA512',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  [ED521_OID]: 'Ed521',
  [OID_ED25519]: 'Ed25519',
  '1.3.101.113': 'Ed448',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  [OID_EC_PUBLIC_KEY]: 'id-ecPublicKey',
  '1.2.840.113549.1.1.1': 'rsaEncryption',
};

const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

export interface X509NameAttribute {
  oid: string;
  /** Short name (CN, O, …) when known, else the OID. */
  name: string;
  value: string;
}

export interface X509Name {
  /** Attributes in the order they appear (one per RDN in practice). */
  attributes: X509NameAttribute[];
  /** The exact DER of the Name, for matching an issuer to a subject. */
  der: Uint8Array;
  /** "CN=AC URNA, ST=DF, C=BR, …" in certificate order. */
  text: string;
  /** The (first) common name, or '' when there is none. */
  cn: string;
}

/** ecdsa-p521: `key` is the 133-byte uncompressed point; ed521: the 66-byte encoded point; ed25519: 32 bytes. */
export type PublicKeyKind = 'ecdsa-p521' | 'ed521' | 'ed25519' | 'other';

export interface X509PublicKey {
  kind: PublicKeyKind;
  /** SubjectPublicKeyInfo algorithm OID. */
  algorithm: string;
  /** Named curve OID for id-ecPublicKey keys. */
  curve?: string;
  /** The BIT STRING contents (without the unused-bits octet). */
  key: Uint8Array;
  /** The exact DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
}

export interface X509Extensions {
  /** basicConstraints cA, when the extension is present. */
  ca?: boolean;
  pathLength?: number;
  /** keyUsage bits as named flags, when present. */
  keyUsage?: string[];
  subjectKeyIdentifier?: Uint8Array;
  authorityKeyIdentifier?: Uint8Array;
  /** Every extension, raw. */
  all: { oid: string; critical: boolean; value: Uint8Array }[];
}

export interface X509Certificate {
  /** The certificate's exact DER (PEM decoded, padding removed). */
  der: Uint8Array;
  /** How it was given. */
  encoding: 'der' | 'pem';
  /** Bytes after the certificate in the input (DER padding, or text around the PEM block). */
  trailingBytes: number;
  /** The exact TBSCertificate bytes: the message of the issuer's signature. */
  tbs: Uint8Array;
  /** 1, 2 or 3. */
  version: number;
  /** Serial number as lower-case hex of its two's-complement contents (e.g. "015553"). */
  serialNumber: string;
  issuer: X509Name;
  subject: X509Name;
  notBefore: Date;
  notAfter: Date;
  publicKey: X509PublicKey;
  /** Outer signatureAlgorithm OID and its name (e.g. "ecdsa-with-SHA512", "Ed521"). */
  signatureAlgorithm: string;
  signatureAlgorithmName: string;
  /** The signature BIT STRING contents: DER (r, s) for ECDSA, R ‖ S for EdDSA. */
  signature: Uint8Array;
  extensions: X509Extensions;
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8', { fatal: true });

const PEM_BEGIN = '-----BEGIN CERTIFICATE-----';
const PEM_END = '-----END CERTIFICATE-----';

/** DER of a certificate given as DER (with optional padding after it) or PEM text (as a string or as bytes). */
function unwrap(input: Uint8Array | string): { der: Uint8Array; encoding: 'der' | 'pem'; trailing: number } {
  const text = typeof input === 'string' ? input : null;
  if (text === null && input.length > 0 && input[0] === 0x30) {
    const bytes = input as Uint8Array;
    const outer = readDerNode(bytes, 0);
    return { der: bytes.subarray(0, outer.end), encoding: 'der', trailing: bytes.length - outer.end };
  }
  // PEM: Latin-1 keeps byte offsets equal to character offsets.
  const s = text ?? latin1.decode(input as Uint8Array);
  const begin = s.indexOf(PEM_BEGIN);
  if (begin < 0) {
    const first = s.length === 0 ? 'empty input' : `byte 0x${s.charCodeAt(0).toString(16).padStart(2, '0')}`;
    throw new DerError(0, `a DER certificate (0x30) or "${PEM_BEGIN}"`, first);
  }
  const end = s.indexOf(PEM_END, begin);
  if (end < 0) throw new DerError(begin, `"${PEM_END}"`, 'end of data');
  const body = s.slice(begin + PEM_BEGIN.length, end).replace(/[\r\n\t ]/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body) || body.length % 4 !== 0) {
    throw new DerError(begin + PEM_BEGIN.length, 'base64 text', 'characters or padding that are not base64');
  }
  // atob rather than Buffer: this parser has no Node dependency and can serve the browser verifier too.
  const der = Uint8Array.from(atob(body), (ch) => ch.charCodeAt(0));
  const outer = readDerNode(der, 0);
  if (outer.end !== der.length) {
    throw new DerError(outer.end, 'the end of the PEM certificate', `${der.length - outer.end} more bytes`);
  }
  return { der, encoding: 'pem', trailing: s.length - (end + PEM_END.length) + begin };
}

function parseName(bytes: Uint8Array, node: DerNode): X509Name {
  expectUniversal(node, SEQUENCE, 'a Name (SEQUENCE)', node.start);
  const attributes: X509NameAttribute[] = [];
  for (const rdn of derChildren(bytes, node)) {
    expectUniversal(rdn, SET, 'a RelativeDistinguishedName (SET)', rdn.start);
    for (const atv of derChildren(bytes, rdn)) {
      expectUniversal(atv, SEQUENCE, 'an AttributeTypeAndValue (SEQUENCE)', atv.start);
      const [type, value] = derChildren(bytes, atv);
      const oidNode = expectUniversal(type, OID, 'an attribute type (OID)', atv.start);
      if (!value) throw new DerError(atv.start, 'an attribute value', 'nothing');
      const oid = decodeOid(derContent(bytes, oidNode), oidNode.start);
      attributes.push({ oid, name: ATTRIBUTE_NAMES[oid] ?? oid, value: decodeString(bytes, value) });
    }
  }
  const cn = attributes.find((a) => a.oid === '2.5.4.3')?.value ?? '';
  return {
    attributes,
    der: bytes.subarray(node.start, node.end),
    text: attributes.map((a) => `${a.name}=${a.value}`).join(', '),
    cn,
  };
}

function decodeString(bytes: Uint8Array, node: DerNode): string {
  const content = derContent(bytes, node);
  if (node.tagClass === 0 && node.tagNumber === 12) {
    try {
      return utf8.decode(content);
    } catch {
      throw new DerError(node.start, 'UTF-8 text in a UTF8String', 'invalid UTF-8');
    }
  }
  if (node.tagClass === 0 && node.tagNumber === 30) {
    // BMPString: UTF-16 big-endian.
    let s = '';
    for (let i = 0; i + 1 < content.length; i += 2) s += String.fromCharCode((content[i]! << 8) | content[i + 1]!);
    return s;
  }
  return latin1.decode(content);
}

function parseTime(bytes: Uint8Array, node: DerNode | undefined, what: string, at: number): Date {
  if (!node) throw new DerError(at, what, 'nothing');
  const s = latin1.decode(derContent(bytes, node));
  let m: RegExpExecArray | null;
  let year = 0;
  if (node.tagClass === 0 && node.tagNumber === UTC_TIME) {
    m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(s);
    if (m) year = Number(m[1]) + (Number(m[1]) >= 50 ? 1900 : 2000);
  } else if (node.tagClass === 0 && node.tagNumber === GENERALIZED_TIME) {
    m = /^(\d\d\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/.exec(s);
    if (m) year = Number(m[1]);
  } else {
    throw new DerError(node.start, `${what} (UTCTime or GeneralizedTime)`, describeTag(node));
  }
  if (!m) throw new DerError(node.start, `${what} as YYMMDDhhmmssZ / YYYYMMDDhhmmssZ`, JSON.stringify(s));
  const [month, day, hour, minute, second] = m.slice(2).map(Number) as [number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw new DerError(node.start, `${what}: a valid date and time`, JSON.stringify(s));
  }
  return date;
}

function parseAlgorithm(bytes: Uint8Array, node: DerNode | undefined, what: string, at: number) {
  const seq = expectUniversal(node, SEQUENCE, `${what} (AlgorithmIdentifier)`, at);
  const [oidNode, params] = derChildren(bytes, seq);
  const o = expectUniversal(oidNode, OID, `${what} algorithm (OID)`, seq.start);
  return { oid: decodeOid(derContent(bytes, o), o.start), params };
}

function bitStringContent(bytes: Uint8Array, node: DerNode | undefined, what: string, at: number): Uint8Array {
  const n = expectUniversal(node, BIT_STRING, `${what} (BIT STRING)`, at);
  if (n.end === n.contentStart || bytes[n.contentStart] !== 0) {
    throw new DerError(n.start, `${what}: a BIT STRING of whole bytes (unused bits 0)`, 'a partial byte or none');
  }
  return bytes.subarray(n.contentStart + 1, n.end);
}

function parsePublicKey(bytes: Uint8Array, node: DerNode | undefined, at: number): X509PublicKey {
  const spki = expectUniversal(node, SEQUENCE, 'subjectPublicKeyInfo (SEQUENCE)', at);
  const [algNode, keyNode] = derChildren(bytes, spki);
  const alg = parseAlgorithm(bytes, algNode, 'subjectPublicKeyInfo.algorithm', spki.start);
  const key = bitStringContent(bytes, keyNode, 'subjectPublicKey', spki.start);
  let curve: string | undefined;
  let kind: PublicKeyKind = 'other';
  if (alg.oid === OID_EC_PUBLIC_KEY) {
    if (alg.params && alg.params.tagClass === 0 && alg.params.tagNumber === OID) {
      curve = decodeOid(derContent(bytes, alg.params), alg.params.start);
    }
    if (curve === OID_SECP521R1) kind = 'ecdsa-p521';
  } else if (alg.oid === ED521_OID) {
    kind = 'ed521';
  } else if (alg.oid === OID_ED25519) {
    kind = 'ed25519';
  }
  const expectedLength = { 'ecdsa-p521': 133, ed521: 66, ed25519: 32, other: key.length }[kind];
  if (key.length !== expectedLength) {
    throw new DerError(keyNode!.start, `a ${expectedLength}-byte ${kind} public key`, `${key.length} bytes`);
  }
  const out: X509PublicKey = { kind, algorithm: alg.oid, key, spki: bytes.subarray(spki.start, spki.end) };
  if (curve !== undefined) out.curve = curve;
  return out;
}

const KEY_USAGE = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
];

function parseExtensions(bytes: Uint8Array, node: DerNode | undefined): X509Extensions {
  const ext: X509Extensions = { all: [] };
  if (!node) return ext;
  const [list] = derChildren(bytes, node);
  const seq = expectUniversal(list, SEQUENCE, 'extensions (SEQUENCE)', node.start);
  for (const e of derChildren(bytes, seq)) {
    expectUniversal(e, SEQUENCE, 'an Extension (SEQUENCE)', e.start);
    const parts = derChildren(bytes, e);
    const oidNode = expectUniversal(parts[0], OID, 'extnID (OID)', e.start);
    const oid = decodeOid(derContent(bytes, oidNode), oidNode.start);
    let critical = false;
    let valueNode = parts[1];
    if (valueNode && valueNode.tagClass === 0 && valueNode.tagNumber === BOOLEAN) {
      critical = bytes[valueNode.contentStart] !== 0;
      valueNode = parts[2];
    }
    const v = expectUniversal(valueNode, OCTET_STRING, `extnValue of ${oid} (OCTET STRING)`, e.start);
    const value = derContent(bytes, v);
    ext.all.push({ oid, critical, value });
    // The value is itself DER; read it in place so offsets stay those of the certificate.
    const inner = () => readDerNode(bytes, v.contentStart, v.end);
    if (oid === '2.5.29.19') {
      const bc = derChildren(bytes, inner());
      ext.ca = false;
      for (const c of bc) {
        if (c.tagNumber === BOOLEAN && c.tagClass === 0) ext.ca = bytes[c.contentStart] !== 0;
        else if (c.tagNumber === INTEGER && c.tagClass === 0 && c.end - c.contentStart <= 4) {
          ext.pathLength = Number(readUnsigned(derContent(bytes, c)));
        }
      }
    } else if (oid === '2.5.29.15') {
      const bits = inner();
      const content = derContent(bytes, bits).subarray(1);
      ext.keyUsage = KEY_USAGE.filter((_, i) => ((content[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0);
    } else if (oid === '2.5.29.14') {
      ext.subjectKeyIdentifier = derContent(bytes, inner());
    } else if (oid === '2.5.29.35') {
      const keyId = derChildren(bytes, inner()).find((c) => c.tagClass === 0x80 && c.tagNumber === 0);
      if (keyId) ext.authorityKeyIdentifier = derContent(bytes, keyId);
    }
  }
  return ext;
}

function readUnsigned(content: Uint8Array): bigint {
  let v = 0n;
  for (const b of content) v = (v << 8n) | BigInt(b);
  return v;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex = (b: Uint8Array): string => Array.from(b, (x) => HEX[x]!).join('');

// Where in the certificate each step is, for the Problem's path.
let step = '';

function parseDer(der: Uint8Array): Omit<X509Certificate, 'encoding' | 'trailingBytes'> {
  step = 'Certificate';
  const cert = expectUniversal(readDerNode(der, 0), SEQUENCE, 'a Certificate (SEQUENCE)', 0);
  const [tbsNode, sigAlgNode, sigNode, extra] = derChildren(der, cert);
  if (extra) throw new DerError(extra.start, 'the end of the Certificate', 'another element');
  step = 'tbsCertificate';
  const tbs = expectUniversal(tbsNode, SEQUENCE, 'tbsCertificate (SEQUENCE)', cert.contentStart);
  const fields = derChildren(der, tbs);
  let i = 0;
  let version = 1;
  step = 'tbsCertificate.version';
  if (fields[0] && fields[0].tagClass === 0x80 && fields[0].tagNumber === 0) {
    const [v] = derChildren(der, fields[0]);
    const vn = expectUniversal(v, INTEGER, 'version (INTEGER)', fields[0].start);
    if (vn.end - vn.contentStart !== 1 || der[vn.contentStart]! > 2) {
      throw new DerError(vn.start, 'version 0, 1 or 2', hex(derContent(der, vn)));
    }
    version = der[vn.contentStart]! + 1;
    i++;
  }
  step = 'tbsCertificate.serialNumber';
  const serial = expectUniversal(fields[i++], INTEGER, 'serialNumber (INTEGER)', tbs.contentStart);
  if (serial.end === serial.contentStart) throw new DerError(serial.start, 'a serial number', 'an empty INTEGER');
  step = 'tbsCertificate.signature';
  const innerAlg = parseAlgorithm(der, fields[i++], 'tbsCertificate.signature', tbs.contentStart);
  step = 'tbsCertificate.issuer';
  const issuerNode = fields[i++];
  if (!issuerNode) throw new DerError(tbs.end, 'issuer (Name)', 'nothing');
  const issuer = parseName(der, issuerNode);
  step = 'tbsCertificate.validity';
  const validity = expectUniversal(fields[i++], SEQUENCE, 'validity (SEQUENCE)', tbs.end);
  const [nb, na] = derChildren(der, validity);
  step = 'tbsCertificate.validity.notBefore';
  const notBefore = parseTime(der, nb, 'notBefore', validity.start);
  step = 'tbsCertificate.validity.notAfter';
  const notAfter = parseTime(der, na, 'notAfter', validity.start);
  step = 'tbsCertificate.subject';
  const subjectNode = fields[i++];
  if (!subjectNode) throw new DerError(tbs.end, 'subject (Name)', 'nothing');
  const subject = parseName(der, subjectNode);
  step = 'tbsCertificate.subjectPublicKeyInfo';
  const publicKey = parsePublicKey(der, fields[i++], tbs.end);
  step = 'tbsCertificate.extensions';
  let extNode: DerNode | undefined;
  for (; i < fields.length; i++) {
    const f = fields[i]!;
    if (f.tagClass === 0x80 && (f.tagNumber === 1 || f.tagNumber === 2) && !extNode) continue; // unique IDs
    if (f.tagClass === 0x80 && f.tagNumber === 3 && !extNode) {
      extNode = f;
      continue;
    }
    throw new DerError(f.start, 'issuerUniqueID [1], subjectUniqueID [2] or extensions [3]', describeTag(f));
  }
  const extensions = parseExtensions(der, extNode);
  step = 'signatureAlgorithm';
  const sigAlg = parseAlgorithm(der, sigAlgNode, 'signatureAlgorithm', tbs.end);
  if (sigAlg.oid !== innerAlg.oid) {
    throw new DerError(
      sigAlgNode!.start,
      `signatureAlgorithm equal to tbsCertificate.signature (${innerAlg.oid})`,
      sigAlg.oid,
    );
  }
  step = 'signatureValue';
  const signature = bitStringContent(der, sigNode, 'signatureValue', sigAlgNode!.end);
  return {
    der,
    tbs: der.subarray(tbs.start, tbs.end),
    version,
    serialNumber: hex(derContent(der, serial)),
    issuer,
    subject,
    notBefore,
    notAfter,
    publicKey,
    signatureAlgorithm: sigAlg.oid,
    signatureAlgorithmName: ALGORITHM_NAMES[sigAlg.oid] ?? sigAlg.oid,
    signature,
    extensions,
  };
}

/**
 * Parses an X.509 certificate given as DER (padding after it is allowed and counted in `trailingBytes`), as PEM text,
 * or as bytes holding PEM text (the form UE2020/UE2022 signature files use). `file` names the source in problems.
 */
export function parseCertificate(input: Uint8Array | string, file = 'certificate'): Result<X509Certificate> {
  step = 'encoding';
  try {
    const { der, encoding, trailing } = unwrap(input);
    return { ok: true, value: { ...parseDer(der), encoding, trailingBytes: trailing } };
  } catch (e) {
    const problem: Problem =
      e instanceof DerError
        ? { file, path: `${step} (byte ${e.offset})`, expected: e.expected, found: e.found }
        : { file, path: step, expected: 'a certificate', found: e instanceof Error ? e.message : String(e) };
    return { ok: false, problems: [problem] };
  }
}

/** Same names (byte-identical DER, or the same attributes in the same order with equal values). */
export function sameName(a: X509Name, b: X509Name): boolean {
  if (a.der.length === b.der.length && a.der.every((x, i) => x === b.der[i])) return true;
  return (
    a.attributes.length === b.attributes.length &&
    a.attributes.every((x, i) => x.oid === b.attributes[i]!.oid && x.value === b.attributes[i]!.value)
  );
}
