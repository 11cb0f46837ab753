// What a TSE file is, from its name AND its content (TSE-FORMATS.md §0, §1).
// - Name: V1 `fppppp-MMMMMZZZZSSSS.ext` (e.g. o00406-0100700090002.bu), V2 `fpppppuuMMMMMZZZZSSSS-suf.ext`
//   (e.g. o00452ac0139200010003-bu.dat); a prefix such as `ac_` (how some mirrors store them) is allowed, and a name
//   that only has a known extension still gives the kind and version.
// - Content: a cheap look at the first elements, never a full decode: a 7-Zip signature is a log; a SEQUENCE whose
//   first component is an ENUMERATED is a signature file; SEQUENCE{SEQUENCE, ENUMERATED …} is an envelope (its
//   tipoEnvelope says BU, RDV, printed BU or biometrics); SEQUENCE{SEQUENCE, SEQUENCE …} is an RDV.
// The content's V1/V2 is decided by the full decoders (the Carga), see decode-file.ts.
import { BerReader, enumDef, TAG_ENUMERATED, TAG_SEQUENCE } from './ber.ts';
import { TIPO_ENVELOPE, type Fase, type TipoEnvelope, type Version } from './asn1-types.ts';

/** Kinds decoded here ('log' is recognised and handed on; 'other' = a TSE file kind this module does not decode). */
export type FileKind = 'bu' | 'rdv' | 'assinatura' | 'imgbu' | 'log' | 'envelope' | 'other';

export interface NameInfo {
  kind: FileKind;
  version: Version;
  /** The suffix/extension as in the spec: `bu`, `vscmr`, `bu.dat`, `vota.vsc`, … */
  suffix: string;
  /** Present when the whole TSE pattern matched (not just the extension). */
  fase?: Fase;
  pleito?: number;
  uf?: string;
  municipio?: number;
  zona?: number;
  secao?: number;
}

const V1_KIND: Record<string, FileKind> = {
  bu: 'bu',
  busa: 'bu',
  rdv: 'rdv',
  rdvred: 'rdv',
  imgbu: 'imgbu',
  imgbusa: 'imgbu',
  logjez: 'log',
  logsa: 'log',
  vscmr: 'assinatura',
  vscred: 'assinatura',
  vscsa: 'assinatura',
  chvtp: 'other',
  hash: 'other',
  jufa: 'other',
  ver: 'other',
  wsqbio: 'other',
  wsqman: 'other',
  wsqmes: 'other',
};

const V2_KIND: Record<string, FileKind> = {
  'bu.dat': 'bu',
  'busa.dat': 'bu',
  'rdv.dat': 'rdv',
  'rdvred.dat': 'rdv',
  'imgbu.dat': 'imgbu',
  'imgbusa.dat': 'imgbu',
  'log.jez': 'log',
  'logsa.jez': 'log',
  'vota.vsc': 'assinatura',
  'red.vsc': 'assinatura',
  'sa.vsc': 'assinatura',
  'hash.dat': 'other',
  'jufa.dat': 'other',
  'mr.ver': 'other',
  'wsqbio.jez': 'other',
  'wsqman.jez': 'other',
  'wsqmes.jez': 'other',
};

const FASE_LETTER: Record<string, Fase> = { o: 'oficial', s: 'simulado', t: 'treinamento' };

const V1_NAME = /([ost])(\d{5})-(\d{5})(\d{4})(\d{4})\.([a-z]+)$/;
const V2_NAME = /([ost])(\d{5})([a-z]{2})(\d{5})(\d{4})(\d{4})-([a-z]+\.[a-z]+)$/;

/** Kind, version and seção from a file name (any directory part is ignored); null when nothing is recognised. */
export function parseTseFileName(name: string): NameInfo | null {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).toLowerCase();
  const m2 = V2_NAME.exec(base);
  if (m2 && V2_KIND[m2[7]!] !== undefined) {
    return {
      kind: V2_KIND[m2[7]!]!,
      version: 'v2',
      suffix: m2[7]!,
      fase: FASE_LETTER[m2[1]!]!,
      pleito: Number(m2[2]),
      uf: m2[3]!.toUpperCase(),
      municipio: Number(m2[4]),
      zona: Number(m2[5]),
      secao: Number(m2[6]),
    };
  }
  const m1 = V1_NAME.exec(base);
  if (m1 && V1_KIND[m1[6]!] !== undefined) {
    return {
      kind: V1_KIND[m1[6]!]!,
      version: 'v1',
      suffix: m1[6]!,
      fase: FASE_LETTER[m1[1]!]!,
      pleito: Number(m1[2]),
      municipio: Number(m1[3]),
      zona: Number(m1[4]),
      secao: Number(m1[5]),
    };
  }
  // Extension only: "-bu.dat" (V2) or ".bu" (V1).
  const v2ext = /-([a-z]+\.[a-z]+)$/.exec(base);
  if (v2ext && V2_KIND[v2ext[1]!] !== undefined) return { kind: V2_KIND[v2ext[1]!]!, version: 'v2', suffix: v2ext[1]! };
  const v1ext = /\.([a-z]+)$/.exec(base);
  if (v1ext && V1_KIND[v1ext[1]!] !== undefined) return { kind: V1_KIND[v1ext[1]!]!, version: 'v1', suffix: v1ext[1]! };
  return null;
}

export type ContentKind = 'envelope' | 'rdv' | 'assinatura' | 'log' | 'unknown';

export interface ContentInfo {
  kind: ContentKind;
  /** For an envelope whose tipoEnvelope could be read. */
  tipoEnvelope?: TipoEnvelope;
  /** Why: what was seen, for messages. */
  reason: string;
}

const SEVEN_ZIP = [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c];
const TIPO = enumDef('TipoEnvelope', TIPO_ENVELOPE);

/** A cheap structural look at the first bytes (see the module comment). Never throws. */
export function sniffContent(bytes: Uint8Array): ContentInfo {
  if (bytes.length >= 6 && SEVEN_ZIP.every((b, i) => bytes[i] === b)) {
    return { kind: 'log', reason: '7-Zip signature (37 7A BC AF 27 1C)' };
  }
  if (bytes.length < 2 || bytes[0] !== TAG_SEQUENCE) {
    return {
      kind: 'unknown',
      reason: bytes.length === 0 ? 'empty' : `first byte 0x${hexByte(bytes[0]!)}, not a SEQUENCE`,
    };
  }
  const r = new BerReader(bytes, 'sniff');
  try {
    r.enter(TAG_SEQUENCE, '');
    const first = r.skip('first');
    if (first === TAG_ENUMERATED) return { kind: 'assinatura', reason: 'SEQUENCE { ENUMERATED, … }' };
    if (first !== TAG_SEQUENCE) return { kind: 'unknown', reason: `SEQUENCE { 0x${hexByte(first)}, … }` };
    const second = r.skip('second');
    if (second === TAG_SEQUENCE) return { kind: 'rdv', reason: 'SEQUENCE { SEQUENCE, SEQUENCE, … }' };
    if (second !== TAG_ENUMERATED) return { kind: 'unknown', reason: `SEQUENCE { SEQUENCE, 0x${hexByte(second)}, … }` };
    // Envelope: [urna SEQUENCE] identificacao [0]/[1], then tipoEnvelope.
    if (r.peek() === TAG_SEQUENCE) r.skip('urna');
    r.skip('identificacao');
    const code = r.peek() === TAG_ENUMERATED ? r.int(TAG_ENUMERATED, 'tipoEnvelope') : -1;
    const tipoEnvelope = code >= 0 ? TIPO.names[code] : undefined;
    return tipoEnvelope
      ? { kind: 'envelope', tipoEnvelope, reason: `EntidadeEnvelopeGenerico, tipoEnvelope ${tipoEnvelope}` }
      : { kind: 'envelope', reason: 'EntidadeEnvelopeGenerico (tipoEnvelope unreadable)' };
  } catch {
    return { kind: 'unknown', reason: 'not a well-formed TSE structure at the start' };
  }
}

function hexByte(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, '0');
}

export interface Detection {
  /** Best judgement: the content's kind when it could be seen, else the name's. */
  kind: FileKind | 'unknown';
  /** The name's version (the content's is decided by the decoders); 'unknown' without a recognised name. */
  version: Version | 'unknown';
  byName: NameInfo | null;
  byContent: ContentInfo;
  /** Disagreements between name and content, for the report. */
  notes: string[];
}

function kindOfContent(c: ContentInfo): FileKind | null {
  if (c.kind === 'rdv' || c.kind === 'assinatura' || c.kind === 'log') return c.kind;
  if (c.kind !== 'envelope') return null;
  switch (c.tipoEnvelope) {
    case 'envelopeBoletimUrna':
      return 'bu';
    case 'envelopeRegistroDigitalVoto':
      return 'rdv';
    case 'envelopeBoletimUrnaImpresso':
      return 'imgbu';
    default:
      return 'envelope';
  }
}

/** Kind and version from the file name and the content's first bytes. Never throws. */
export function detectFile(name: string, bytes: Uint8Array): Detection {
  const byName = parseTseFileName(name);
  const byContent = sniffContent(bytes);
  const contentKind = kindOfContent(byContent);
  const notes: string[] = [];
  if (byName && contentKind && byName.kind !== contentKind && byName.kind !== 'other') {
    notes.push(
      `the name says ${byName.kind} (.${byName.suffix}) but the content is ${contentKind} (${byContent.reason})`,
    );
  }
  return {
    kind: contentKind ?? byName?.kind ?? 'unknown',
    version: byName?.version ?? 'unknown',
    byName,
    byContent,
    notes,
  };
}
