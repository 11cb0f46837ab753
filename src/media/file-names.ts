// The names of the files on the results media (MR), as the TSE names them (TSE-FORMATS.md §1, V2 2024+):
//   f ppppp uu MMMMM ZZZZ SSSS - suffix
//   f = o (oficial) / s (simulado) / t (treinamento); ppppp pleito; uu UF lower-case; MMMMM município (TSE code);
//   ZZZZ zona; SSSS seção — e.g. `o00452ac0139200010003-bu.dat`.
// For now the urna writes its BU, RDV and signature file as JSON and its log and printed reports as text, so our
// files keep the TSE stem and suffix with an honest extension (`-bu.json`, `-rdv.json`, `-vota.json`, `-log.txt`,
// …). The BER `.dat`, `.vsc` and 7-Zip `.jez` files come with the TSE formats issue; the parser already accepts the
// TSE's own V2 names so that the totalization can read real MR contents. V1 (2022) names (`o00406-MMMMMZZZZSSSS.bu`)
// have no UF and are not parsed here.
import type { Fase, SecaoId } from '../election/definition.ts';

/** Our results-media files: kind → `suffix.extension`. */
export const RESULT_FILES = {
  bu: 'bu.json',
  rdv: 'rdv.json',
  /** The signature file (TSE `-vota.vsc`): every other file's size, SHA-512 and the urna's signature. */
  vota: 'vota.json',
  log: 'log.txt',
  zeresima: 'zeresima.txt',
  /** The printed BU (all copies), where the TSE writes the printer stream `-imgbu.dat`. */
  buImpresso: 'bu.txt',
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
  /** What follows the `-`, e.g. `bu.json` or `bu.dat`. */
  suffix: string;
  /** Our kind of file, or undefined for a TSE file we do not write (e.g. `-bu.dat`, `-wsqbio.jez`). */
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

/** The file name of one kind of file, e.g. `o00452ac0139200010003-bu.json`. */
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
