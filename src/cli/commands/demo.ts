// `npm start` / `urna demo`: a complete municipal election in a fictional município, through every step of the
// real chain, with files on disk: definition → setup (keys, signed cargas) → for each seção: the urna checks its
// carga, prints the zerésima, opens at 08:00, voters identified at the terminal and typing on the keypad (seeded),
// the urna's memory saved after every vote, closing at 17:00 → results media → TRE/TSE totalization in SQLite →
// results, who is elected, and where every file is.
import fs from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { signer as makeSigner } from '../../crypto/ed25519.ts';
import { seededRandom } from '../../crypto/random.ts';
import { DEMO_SEED, demoElection } from '../../election/demo.ts';
import { openCarga, urnaKeyPair } from '../../media/carga.ts';
import { writeResultsMedia } from '../../media/results-media-node.ts';
import { CARGA_DIR, CARGA_FILE, setupElection } from '../../media/setup.ts';
import { UrnaStorage } from '../../media/urna-storage.ts';
import { runElectionDay } from '../../simulation/election-day.ts';
import { openSqliteStore } from '../../store/sqlite-store.ts';
import { ingestFolder } from '../../totalization/ingest.ts';
import { electionResults, formatResults } from '../../totalization/results.ts';
import { fromHex } from '../../crypto/hash.ts';
import { formatProblem } from '../../election/problem.ts';
import { progress } from '../progress.ts';
import { RESULTS_DIR, URNAS_DIR } from '../station.ts';
import { CliError } from '../problems.ts';
import { DEFAULT_WEB_PORT, parseWebPort, startWeb } from './web.ts';

export function demoCommand(): Command {
  return new Command('demo')
    .description('run a complete demo municipal election (3 zonas, 10 seções, 3,000 voters) through every step')
    .option('--out <dir>', 'where to write everything (emptied first)', 'urna-demo')
    .option('--seed <seed>', 'seed of the simulated voters and keys', DEMO_SEED)
    .option('--web', 'then serve the browser urna and mesário terminal (as `urna web`; npm start does this)')
    .option('--port <n>', 'with --web: port to listen on (0 = any free port)', String(DEFAULT_WEB_PORT))
    .action(async (o: { out: string; seed: string; web?: boolean; port: string }) => {
      const out = resolve(o.out);
      // Emptied first, but only if it is a previous demo's folder (or empty): never wipe a folder we did not write.
      if (fs.existsSync(out) && fs.readdirSync(out).length > 0 && !fs.existsSync(join(out, CARGA_DIR))) {
        throw new CliError(`${out} exists and is not a previous demo's folder: choose another --out`);
      }
      fs.rmSync(out, { recursive: true, force: true });
      const say = (s: string): void => void process.stdout.write(`${s}\n`);

      const def = demoElection();
      say(`1. Definição: ${def.name} — ${def.voters.length} eleitores`);
      const setup = setupElection(def, out, { seed: o.seed, clock: () => new Date(`${def.date}T09:00:00-03:00`) });
      say(`2. Preparação (TSE): chave da eleição e ${setup.cargas.length} cargas assinadas em ${join(out, CARGA_DIR)}`);

      say('3. Dia da eleição: zerésima 07:00, abertura 08:00, votação, encerramento 17:00 em cada seção');
      const bar = progress('Seções', setup.cargas.length);
      const electionKey = fromHex(setup.electionPublicKey);
      let voted = 0;
      setup.cargas.forEach((c, i) => {
        const text = fs.readFileSync(c.path, 'utf8');
        const carga = openCarga(text, c.path, { electionPublicKey: electionKey, secao: c.secao });
        if (!carga.ok) throw new Error(carga.problems.map(formatProblem).join('\n'));
        const storage = new UrnaStorage(join(out, URNAS_DIR, c.key));
        const day = runElectionDay(carga.value, {
          random: seededRandom(`${o.seed}|${c.key}`),
          // The urna's two memories are written after every vote: the power-loss guarantee, really exercised.
          afterVoter: (urna) => void storage.save(urna.snapshot()),
        });
        fs.writeFileSync(join(storage.dir, 'zeresima.txt'), day.results.reports.zeresima);
        writeResultsMedia(
          join(out, RESULTS_DIR, c.key),
          day.results,
          carga.value,
          makeSigner(urnaKeyPair(carga.value)),
        );
        voted += day.voted;
        bar.update(i + 1);
      });
      bar.stop();
      say(`   ${voted} eleitores votaram`);

      const dbFile = join(out, 'totalizacao.sqlite');
      const store = openSqliteStore(dbFile);
      try {
        store.setElection(def, electionKey);
        const outcomes = ingestFolder(store, join(out, RESULTS_DIR), electionKey);
        const refused = outcomes.filter((f) => f.outcome.status === 'recusado');
        say(
          `4. Totalização: ${outcomes.length - refused.length} BUs verificados e totalizados, ${refused.length} recusados`,
        );
        say('');
        say(formatResults(electionResults(store, def)));
      } finally {
        store.close();
      }
      const first = setup.cargas[0]!.key;
      say('Arquivos:');
      say(`  definição da eleição      ${setup.electionDefinitionPath}`);
      say(`  chave pública da eleição  ${setup.electionPublicKeyPath}  (privada: ${setup.electionPrivateKeyPath})`);
      say(`  cargas (uma por seção)    ${join(out, CARGA_DIR, first, CARGA_FILE)} …`);
      say(`  memórias das urnas        ${join(out, URNAS_DIR, first)} …`);
      say(`  mídias de resultado       ${join(out, RESULTS_DIR, first)} … (BU, RDV, log, assinaturas, relatórios)`);
      say(`  totalização (SQLite)      ${dbFile}`);
      say('');
      say(
        `Próximos passos: npm run urna -- results --setup ${o.out} · npm run urna -- verify ${join(o.out, RESULTS_DIR)} · npm run urna -- --help`,
      );
      if (o.web) await startWeb({ port: parseWebPort(o.port), setupDir: out });
    });
}
