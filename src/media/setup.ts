// The TSE's setup for one election, on disk: the election key pair, the definition, and one signed carga per urna
// (a folder per seção = one flash card to load into that seção's urna):
//   <outDir>/election.pub            hex of the election's public key (what urnas and the totalization trust)
//   <outDir>/election.key            hex of its private key, mode 0600, with a warning: it signs cargas
//   <outDir>/election.json           the definition
//   <outDir>/carga/<secaoKey>/carga.json
// The caller has already validated the definition. Every file is written atomically. Node file I/O module.
// (The big simulation keeps its cargas in memory with buildCarga and never comes here.)
import fs from 'node:fs';
import { join } from 'node:path';
import { keyPairFromSeed, signer } from '../crypto/ed25519.ts';
import { fromHex, toHex } from '../crypto/hash.ts';
import { cryptoRandom, seededRandom, type Random } from '../crypto/random.ts';
import { secaoKey, type ElectionDefinition, type SecaoId } from '../election/definition.ts';
import { indexElection } from '../election/lookup.ts';
import { fsyncDirectory, writeFileAtomic } from './atomic-file.ts';
import { buildCarga, cargaFileText, type CargaIndex } from './carga.ts';

export const ELECTION_PUBLIC_KEY_FILE = 'election.pub';
export const ELECTION_PRIVATE_KEY_FILE = 'election.key';
export const ELECTION_DEFINITION_FILE = 'election.json';
export const CARGA_DIR = 'carga';
export const CARGA_FILE = 'carga.json';

export const PRIVATE_KEY_WARNING =
  'SECRET: the election private key. Whoever holds it can sign cargas and urna certificates for this election. ' +
  'Keep it offline; never publish it.';

export interface SetupOptions {
  /** A seed makes the election key and every urna key reproducible: tests and demos only, never a real election. */
  seed?: number | string;
  /** The carga time (dataHoraCarga); the system clock by default. */
  clock?: () => Date;
  onProgress?(done: number, total: number): void;
}

export interface SetupCarga {
  secao: SecaoId;
  key: string;
  numeroInternoUrna: number;
  /** Path of the seção's carga.json. */
  path: string;
}

export interface SetupResult {
  electionPublicKey: string;
  electionPublicKeyPath: string;
  electionPrivateKeyPath: string;
  electionDefinitionPath: string;
  cargas: SetupCarga[];
  /** Shown to the operator: the private key file is a secret. */
  warning: string;
}

/** The key in an `election.pub` / `election.key` file: the hex line, ignoring `#` comment lines. */
export function parseKeyFile(text: string, file: string): Uint8Array {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const line = lines[0];
  if (lines.length !== 1 || line === undefined || !/^[0-9a-fA-F]{64}$/.test(line)) {
    throw new Error(`${file}: expected one line with a 32-byte key in hex (64 digits), found ${lines.length} line(s)`);
  }
  return fromHex(line);
}

/** Unique 8-digit urna numbers (Código identificação UE), drawn from `random`. */
function urnaNumbers(random: Random, count: number): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  while (out.length < count) {
    const n = 10_000_000 + random.int(90_000_000);
    if (!seen.has(n)) {
      seen.add(n);
      out.push(n);
    }
  }
  return out;
}

export function setupElection(def: ElectionDefinition, outDir: string, opts: SetupOptions = {}): SetupResult {
  const random = opts.seed === undefined ? cryptoRandom : seededRandom(opts.seed);
  const clock = opts.clock ?? ((): Date => new Date());
  const electionKeys = keyPairFromSeed(random.bytes(32));
  const electionSigner = signer(electionKeys);
  const index = indexElection(def);
  const cargaIndex: CargaIndex = index;
  // One urna per seção the index lists; seções agregadas are not listed (they vote in their host's urna).
  const secoes = index.secoes;

  fs.mkdirSync(outDir, { recursive: true });
  const electionPublicKeyPath = join(outDir, ELECTION_PUBLIC_KEY_FILE);
  const electionPrivateKeyPath = join(outDir, ELECTION_PRIVATE_KEY_FILE);
  const electionDefinitionPath = join(outDir, ELECTION_DEFINITION_FILE);
  writeFileAtomic(electionPrivateKeyPath, `# ${PRIVATE_KEY_WARNING}\n${toHex(electionKeys.privateKey)}\n`, {
    mode: 0o600,
  });
  writeFileAtomic(electionPublicKeyPath, `${toHex(electionKeys.publicKey)}\n`);
  writeFileAtomic(electionDefinitionPath, JSON.stringify(def, null, 2) + '\n');

  const numbers = urnaNumbers(random, secoes.length);
  const cargaRoot = join(outDir, CARGA_DIR);
  fs.mkdirSync(cargaRoot, { recursive: true });
  const cargas: SetupCarga[] = [];
  opts.onProgress?.(0, secoes.length);
  secoes.forEach((secao, i) => {
    const numeroInternoUrna = numbers[i]!;
    const { file } = buildCarga(def, cargaIndex, secao, { electionSigner, random, clock, numeroInternoUrna });
    const key = secaoKey(secao);
    const dir = join(cargaRoot, key);
    fs.mkdirSync(dir, { recursive: true });
    const path = join(dir, CARGA_FILE);
    writeFileAtomic(path, cargaFileText(file));
    cargas.push({
      secao: { uf: secao.uf, municipio: secao.municipio, zona: secao.zona, secao: secao.secao },
      key,
      numeroInternoUrna,
      path,
    });
    opts.onProgress?.(i + 1, secoes.length);
  });
  // The new seção folders and the top-level files are entries of these two directories: flush them too.
  fsyncDirectory(cargaRoot);
  fsyncDirectory(outDir);

  return {
    electionPublicKey: toHex(electionKeys.publicKey),
    electionPublicKeyPath,
    electionPrivateKeyPath,
    electionDefinitionPath,
    cargas,
    warning: `${electionPrivateKeyPath}: ${PRIVATE_KEY_WARNING}`,
  };
}
