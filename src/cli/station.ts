// One urna as the CLI runs it from a setup folder: the carga media (carga/<seção>/carga.json, checked against the
// election key in election.pub), the urna's two memories (urnas/<seção>/), and the results media it writes at
// closing (resultados/<seção>/). Each CLI step loads the urna from its memory, acts, and saves it again, so a
// crash or a kill at any moment loses nothing that was confirmed (power loss, ELECTION-RULES §5.4).
import fs from 'node:fs';
import { join } from 'node:path';
import { cryptoRandom } from '../crypto/random.ts';
import { parseElection } from '../election/validate.ts';
import type { ElectionDefinition } from '../election/definition.ts';
import { openCarga } from '../media/carga.ts';
import type { CargaContent } from '../media/carga-types.ts';
import {
  CARGA_DIR,
  CARGA_FILE,
  ELECTION_DEFINITION_FILE,
  ELECTION_PUBLIC_KEY_FILE,
  parseKeyFile,
} from '../media/setup.ts';
import { UrnaStorage } from '../media/urna-storage.ts';
import { ManualClock, ZonedFormatter, systemClock, type Clock } from '../urna/clock.ts';
import { loadUrna, restoreUrna, type Urna } from '../urna/urna.ts';
import { CliError, EXIT_REFUSED } from './problems.ts';

export const URNAS_DIR = 'urnas';
export const RESULTS_DIR = 'resultados';

export function readElectionKey(setupDir: string): Uint8Array {
  const path = join(setupDir, ELECTION_PUBLIC_KEY_FILE);
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch {
    throw new CliError(`${path}: not found — run \`urna setup\` first, or point --setup at the folder it wrote`);
  }
  return parseKeyFile(text, path);
}

export function readDefinition(file: string): ElectionDefinition {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`${file}: cannot read the election definition (${(e as Error).message})`);
  }
  const parsed = parseElection(text, file);
  if (!parsed.ok)
    throw new CliError(
      `${file}: the election definition has ${parsed.problems.length} problem(s); nothing was loaded`,
      parsed.problems,
    );
  return parsed.value;
}

export function setupDefinition(setupDir: string): ElectionDefinition {
  return readDefinition(join(setupDir, ELECTION_DEFINITION_FILE));
}

/**
 * The clock: the machine's, or `--now` for rehearsals and demos — an ISO date-time, or `HH:MM` on the election
 * day in the election's time zone.
 */
export function clockFor(now: string | undefined, date: string, timeZone: string): Clock {
  if (!now) return systemClock;
  if (/^\d{2}:\d{2}(:\d{2})?$/.test(now)) return new ManualClock(new ZonedFormatter(timeZone).instant(date, now));
  const ms = Date.parse(now);
  if (Number.isNaN(ms)) throw new CliError(`--now: expected an ISO date-time or HH:MM, found "${now}"`);
  return new ManualClock(new Date(ms));
}

export interface Station {
  urna: Urna;
  carga: CargaContent;
  storage: UrnaStorage;
  save(): void;
}

export function openStation(setupDir: string, secao: string, now: string | undefined): Station {
  const cargaPath = join(setupDir, CARGA_DIR, secao, CARGA_FILE);
  let text: string;
  try {
    text = fs.readFileSync(cargaPath, 'utf8');
  } catch {
    const known = fs.existsSync(join(setupDir, CARGA_DIR))
      ? fs.readdirSync(join(setupDir, CARGA_DIR)).slice(0, 5).join(', ')
      : '';
    throw new CliError(`${cargaPath}: no carga for seção "${secao}"${known ? ` (seções here: ${known}, …)` : ''}`);
  }
  const [uf, municipio, zona, sec] = secao.split('-');
  const opened = openCarga(text, cargaPath, {
    electionPublicKey: readElectionKey(setupDir),
    secao: { uf: uf ?? '', municipio: Number(municipio), zona: Number(zona), secao: Number(sec) },
  });
  if (!opened.ok) throw new CliError(`${cargaPath}: the urna refuses this carga`, opened.problems, EXIT_REFUSED);
  const carga = opened.value;
  const clock = clockFor(now, carga.election.date, carga.election.timezone);
  const deps = { clock, random: cryptoRandom };
  const storage = new UrnaStorage(join(setupDir, URNAS_DIR, secao));
  const memory = storage.read();
  if (!memory.ok)
    throw new CliError(`${storage.dir}: the urna's memory is damaged in both copies`, memory.problems, EXIT_REFUSED);
  let urna: Urna;
  if (memory.value) {
    const restored = restoreUrna(carga, memory.value.snapshot, deps);
    if (!restored.ok)
      throw new CliError(`${storage.dir}: the urna's memory does not match its carga`, restored.problems, EXIT_REFUSED);
    urna = restored.value;
  } else {
    urna = loadUrna(carga, deps);
  }
  return { urna, carga, storage, save: () => void storage.save(urna.snapshot()) };
}
