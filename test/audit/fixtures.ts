// Shared by the audit tests: where the TSE samples are, EXPECTED.md's tables, tampered copies of real files built in
// a temporary folder (never in the repository), and a seção of our own urna generated in-process.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { keyPairFromSeed, signer, type Signer } from '../../src/crypto/ed25519.ts';
import { seededRandom } from '../../src/crypto/random.ts';
import { demoElection } from '../../src/election/demo.ts';
import { indexElection } from '../../src/election/lookup.ts';
import { urnaKeyPair } from '../../src/media/carga.ts';
import type { CargaContent } from '../../src/media/carga-types.ts';
import { writeResultsMedia } from '../../src/media/results-media-node.ts';
import { DEFAULT_TURNOUT, simulateElectionDay } from '../../src/simulation/election-day.ts';
import { decodeBuFile, encodeBuFile } from '../../src/tse/bu-codec.ts';
import { decodeFile } from '../../src/tse/decode-file.ts';
import { parsePrinterStream } from '../../src/tse/imgbu.ts';
import { readQrFromModules } from '../../src/qr/read.ts';

export const SHARED = join(import.meta.dirname, '..', '..', '..', 'shared');
export const SAMPLES = join(SHARED, 'tse', 'samples');
export const CERTS = join(SHARED, 'tse', 'spec', 'certs');
export const TURNO2 = join(SAMPLES, '2022-v1', 'secao-AC-01007-0009-0001-turno2');
export const EXEMPLOS = join(SAMPLES, '2022-v1', 'tse-exemplos-simulado-treinamento');
export const AP = join(SAMPLES, '2022-v1', 'secao-AP-06050-0002-0824-turno1');
export const V2 = join(SAMPLES, '2024-v2', 'bu-oficial');

let expectedMd: string | undefined;
export const skip: string | false = (() => {
  try {
    expectedMd = readFileSync(join(SAMPLES, 'EXPECTED.md'), 'utf8');
    return false;
  } catch {
    return `TSE samples not found at ${SAMPLES} (../shared is absent)`;
  }
})();

/** The rows of the table under `## <heading>` of EXPECTED.md, as trimmed cells (first cell without backticks). */
export function expectedTable(heading: string): string[][] {
  const md = expectedMd!;
  const start = md.indexOf(`## ${heading}`);
  assert.ok(start >= 0, `EXPECTED.md has a "## ${heading}" section`);
  const end = md.indexOf('\n## ', start + 3);
  return md
    .slice(start, end < 0 ? undefined : end)
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim().replace(/^`|`$/g, '')),
    );
}

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `urna-audit-${label}-`));
}

/** Copies files into `dir` (created). */
export function copyInto(dir: string, files: readonly string[]): void {
  mkdirSync(dir, { recursive: true });
  for (const f of files) copyFileSync(f, join(dir, basename(f)));
}

export const read = (p: string): Uint8Array => new Uint8Array(readFileSync(p));

function indexOf(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  outer: for (let i = from; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Flips one bit at the middle of the first occurrence of `needle` (which must occur exactly once, unless `first`). */
export function flipInside(bytes: Uint8Array, needle: Uint8Array, first = false): Uint8Array {
  const at = indexOf(bytes, needle);
  assert.ok(at >= 0, 'needle found');
  if (!first) assert.equal(indexOf(bytes, needle, at + 1), -1, 'needle occurs once');
  const out = new Uint8Array(bytes);
  out[at + (needle.length >> 1)]! ^= 0x01;
  return out;
}

/** A V1 BU file with the first tuple's count raised by one, re-encoded (a forger's edit, structurally valid). */
export function withCountRaised(bytes: Uint8Array, file: string): Uint8Array {
  const d = decodeBuFile(bytes, file);
  assert.ok(d.ok);
  const t = d.value.bu.resultadosVotacaoPorEleicao[0]!.resultadosVotacao[0]!.totaisVotosCargo[0]!.votosVotaveis[0]!;
  t.quantidadeVotos += 1;
  const enc = encodeBuFile(d.value.envelope, d.value.bu, file);
  assert.ok(enc.ok);
  return enc.value;
}

/** The first tuple signature of a V1 BU, and the first tuple hash of a V2 BU. */
export function firstTupleBytes(bytes: Uint8Array): Uint8Array {
  const d = decodeFile('x.bu', bytes);
  assert.ok(d.ok && d.value.kind === 'bu');
  const t = d.value.value.resultadosVotacaoPorEleicao[0]!.resultadosVotacao[0]!.totaisVotosCargo[0]!.votosVotaveis[0]!;
  return 'assinatura' in t ? t.assinatura : t.hash;
}

export function write(path: string, bytes: Uint8Array): void {
  writeFileSync(path, bytes);
}

/** Flips one bit in the middle of the LAST occurrence of `needle` (e.g. the HW set's copy of a signature). */
export function flipLast(bytes: Uint8Array, needle: Uint8Array): Uint8Array {
  let at = -1;
  for (let i = indexOf(bytes, needle); i >= 0; i = indexOf(bytes, needle, i + 1)) at = i;
  assert.ok(at >= 0, 'needle found');
  const out = new Uint8Array(bytes);
  out[at + (needle.length >> 1)]! ^= 0x01;
  return out;
}

/** A test election key (never for a real election). */
export function testElectionSigner(seed: string): Signer {
  return signer(keyPairFromSeed(seededRandom(`audit-election-key:${seed}`).bytes(32)));
}

export interface OurSecao {
  /** The results media folder, as our urna wrote it. */
  dir: string;
  /** The public key of the election that issued the urna's certificate. */
  electionKey: Uint8Array;
  carga: CargaContent;
  /** File names in writing order (the signature file last). */
  files: string[];
}

/**
 * One seção of the demo election, voted and closed by the real urna (simulateElectionDay: carga signed by a test
 * election key, zerésima, voters at the mesário terminal, closing), its results media written by writeResultsMedia
 * into `dir`.
 */
export function ourSecao(dir: string, seed = 'audit'): OurSecao {
  const def = demoElection();
  const index = indexElection(def);
  const election = testElectionSigner(seed);
  const day = simulateElectionDay({
    def,
    index,
    secao: index.secoes[0]!,
    electionSigner: election,
    numeroInternoUrna: 12_345_678,
    seed,
    profile: { ...DEFAULT_TURNOUT, turnout: 0.3 },
  });
  const written = writeResultsMedia(dir, day.results, day.carga, signer(urnaKeyPair(day.carga)));
  return { dir, electionKey: election.publicKey, carga: day.carga, files: written.files };
}

/** The QR texts of our printed BU (`-imgbu.dat` of `secao`), read from its rasters. */
export async function ourQrTexts(secao: OurSecao): Promise<string[]> {
  const name = secao.files.find((f) => f.endsWith('-imgbu.dat'))!;
  const d = decodeFile(name, read(join(secao.dir, name)));
  assert.ok(d.ok && d.value.kind === 'imgbu-envelope');
  const stream = parsePrinterStream(d.value.value, name);
  assert.ok(stream.ok);
  const texts: string[] = [];
  for (const r of stream.value.rasters) {
    const t = await readQrFromModules({ size: r.width, modules: r.modules }, Math.max(2, r.scale));
    assert.ok(t !== undefined, 'every QR raster decodes');
    texts.push(t);
  }
  return texts;
}
