// Before election day: `urna init` (a demo definition to start from) and `urna setup` (validate, keys, cargas).
import fs from 'node:fs';
import { Command } from 'commander';
import { demoElection } from '../../election/demo.ts';
import { writeFileAtomic } from '../../media/atomic-file.ts';
import { ELECTION_PUBLIC_KEY_FILE, setupElection } from '../../media/setup.ts';
import { join } from 'node:path';
import { progress } from '../progress.ts';
import { readDefinition } from '../station.ts';
import { CliError } from '../problems.ts';

export function initCommand(): Command {
  return new Command('init')
    .description('write a demo election definition (a fictional municipal election) to start from')
    .argument('[file]', 'where to write it', 'election.json')
    .option('--force', 'overwrite an existing file', false)
    .action((file: string, o: { force: boolean }) => {
      if (fs.existsSync(file) && !o.force) throw new CliError(`${file} already exists; use --force to overwrite it`);
      const def = demoElection();
      writeFileAtomic(file, JSON.stringify(def, null, 2) + '\n');
      const secoes = def.ufs.flatMap((u) => u.municipios.flatMap((m) => m.zonas.flatMap((z) => z.secoes))).length;
      process.stdout.write(
        `Wrote ${file}: ${def.name} — ${def.contests.length} contests, ${secoes} seções, ${def.voters.length} voters.\n` +
          `Next: urna setup ${file} --out urna-data\n`,
      );
    });
}

export function setupCommand(): Command {
  return new Command('setup')
    .description('validate a definition, make the election key and every urna key, write each seção’s signed carga')
    .argument('<definition>', 'election definition (JSON, see docs/ELECTION-FORMAT.md)')
    .requiredOption('--out <dir>', 'folder for election.pub, election.key (secret), election.json and carga/')
    .option('--seed <seed>', 'reproducible keys — tests and demos only, never for a real election')
    .option('--force', 'replace an existing setup in --out (its cargas and urna keys stop being valid)', false)
    .action((file: string, o: { out: string; seed?: string; force: boolean }) => {
      // A new election key orphans every carga, urna memory and results media made with the old one: never silently.
      if (fs.existsSync(join(o.out, ELECTION_PUBLIC_KEY_FILE)) && !o.force) {
        throw new CliError(
          `${o.out} already holds an election setup (${ELECTION_PUBLIC_KEY_FILE}); a new setup would replace its key and ` +
            'invalidate its cargas and results: choose another --out, or pass --force',
        );
      }
      const def = readDefinition(file);
      const bar = progress(
        'Carga',
        def.ufs.flatMap((u) => u.municipios.flatMap((m) => m.zonas.flatMap((z) => z.secoes))).length,
      );
      const r = setupElection(def, o.out, {
        ...(o.seed !== undefined ? { seed: o.seed } : {}),
        onProgress: (d) => bar.update(d),
      });
      bar.stop();
      process.stdout.write(
        `Election key: ${r.electionPublicKeyPath} (public), ${r.electionPrivateKeyPath} (SECRET)\n` +
          `${r.warning}\n` +
          `Cargas: ${r.cargas.length} seções under ${o.out}/carga/ (e.g. ${r.cargas[0]?.key ?? '-'})\n`,
      );
    });
}
