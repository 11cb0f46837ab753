// The names of the files on the results media (MR), as the TSE names them (TSE-FORMATS.md §1, V2 2024+):
//   f ppppp uu MMMMM ZZZZ SSSS - suffix
//   f = o (oficial) / s (simulado) / t (treinamento); ppppp pleito; uu UF lower-case; MMMMM município (TSE code);
//   ZZZZ zona; SSSS seção — e.g. `o00452ac0139200010003-bu.dat`.
// Our urna writes the TSE's V2 files (BER `-bu.dat`, `-rdv.dat`, `-imgbu.dat`, 7-Zip `-log.jez`, `-vota.vsc`;
// docs/TSE-COMPATIBILITY.md) and keeps its other printed reports as text under the same stem (`-zeresima.txt`, …),
// where the TSE writes `-jufa.dat` and others we do not produce. The parser also accepts the TSE's other V2 names so
// that real MR contents are recognised. V1 (2022) names (`o00406-MMMMMZZZZSSSS.bu`) have no UF and are not parsed.
// The JSON layout of earlier versions (`-bu.json`, `-vota.json`, …) is no longer written nor read.
import type { Fase, SecaoId } from '../election/definition.ts';

/** Our results-media files: kind → `suffix.extension`. */
export const RESULT_FILES = {
  /** EntidadeEnvelopeGenerico + EntidadeBoletimUrna V2 (BER). */
  bu: 'bu.dat',
  /** EntidadeResultadoRDV V2 (BER). */
  rdv: 'rdv.dat',
  /** The printed BU: envelope (tipoEnvelope 4) around the printer stream with its QR rasters. */
  imgbu: 'imgbu.dat',
  /** 7-Zip archive holding `logd.dat` (Latin-1, TAB-separated lines). */
  log: 'log.jez',
  /** The signature file (EntidadeAssinaturaEcourna): every other file's size, SHA-512 and the urna's signature. */
  vota: 'vota.vsc',
  zeresima: 'zeresima.txt',
  buj: 'buj.txt',
  bim: 'bim.txt',
  biografica: 'biografica.txt',
} as const;
export type ResultFileKind = keyof typeof RESULT_FILES;

/** The TSE's own V2 suffixes (README V2), so that real media files are recognised by name. */
export const TSE_V2_SUFFIXES: readonly string[] = [
  'bu.dat',
  'busa.dat',
  'hash.dat',
  'imgbu.dat',
  'imgbusa.dat',
  'jufa.dat',
  'log.jez',
  'logsa.jez',
  'rdv.dat',
  'rdvred.dat',
  'mr.ver',
  'vota.vsc',
  'red.vsc',
  'sa.vsc',
  'wsqbio.jez',
  'wsqman.jez',
  'wsqmes.jez',
];

const FASE_LETTER: Readonly<Record<Fase, string>> = { oficial: 'o', simulado: 's', treinamento: 't' };
const LETTER_FASE: Readonly<Record<string, Fase>> = { o: 'oficial', s: 'simulado', t: 'treinamento' };
const KIND_BY_SUFFIX: ReadonlyMap<string, ResultFileKind> = new Map(
  (Object.entries(RESULT_FILES) as [ResultFileKind, string][]).map(([kind, suffix]) => [suffix, kind]),
);

/** What a results-media file name says: whose seção, which pleito and fase. */
export interface ResultFileId extends SecaoId {
  fase: Fase;
  pleito: number;
}

export interface ParsedResultFileName extends ResultFileId {
  /** `fpppppuuMMMMMZZZZSSSS`, the part every file of one seção shares. */
  stem: string;
  /** What follows the `-`, e.g. `bu.dat` or `zeresima.txt`. */
  suffix: string;
  /** Our kind of file, or undefined for a TSE file we do not write (e.g. `-jufa.dat`, `-wsqbio.jez`). */
  kind: ResultFileKind | undefined;
}

function fixed(n: number, width: number, what: string): string {
  const s = String(n);
  if (!Number.isInteger(n) || n < 0 || s.length > width) {
    throw new RangeError(`${what} must be an integer of at most ${width} digits, found ${s}`);
  }
  return s.padStart(width, '0');
}

/** `o00452ac0139200010003`: the stem shared by every file of one seção's results media. */
export function resultFileStem(id: ResultFileId): string {
  if (!/^[A-Za-z]{2}$/.test(id.uf)) throw new RangeError(`UF must be two letters, found ${JSON.stringify(id.uf)}`);
  return (
    FASE_LETTER[id.fase] +
    fixed(id.pleito, 5, 'pleito') +
    id.uf.toLowerCase() +
    fixed(id.municipio, 5, 'município') +
    fixed(id.zona, 4, 'zona') +
    fixed(id.secao, 4, 'seção')
  );
}

/** The file name of one kind of file, e.g. `o00452ac0139200010003-bu.dat`. */
export function resultFileName(id: ResultFileId, kind: ResultFileKind): string {
  return `${resultFileStem(id)}-${RESULT_FILES[kind]}`;
}

const NAME = /^([ost])(\d{5})([a-z]{2})(\d{5})(\d{4})(\d{4})-([a-z]+\.[a-z]+)$/;

/**
 * Reads a results-media file name (ours or the TSE's V2 name) back into its parts; undefined when the name is not
 * one (unknown suffix, wrong digits, upper-case UF, a path instead of a bare name).
 */
export function parseResultFileName(name: string): ParsedResultFileName | undefined {
  const m = NAME.exec(name);
  if (!m) return undefined;
  const [, f = '', pleito = '', uf = '', municipio = '', zona = '', secao = '', suffix = ''] = m;
  const fase = LETTER_FASE[f];
  const kind = KIND_BY_SUFFIX.get(suffix);
  if (fase === undefined || (kind === undefined && !TSE_V2_SUFFIXES.includes(suffix))) return undefined;
  return {
    fase,
    pleito: Number(pleito),
    uf: uf.toUpperCase(),
    municipio: Number(municipio),
    zona: Number(zona),
    secao: Number(secao),
    stem: name.slice(0, name.indexOf('-')),
    suffix,
    kind,
  };
}
