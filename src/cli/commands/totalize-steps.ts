// After the polls close: the TRE receives results media and the TSE totalizes (`urna totalize`, `urna results`).
import fs from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { formatProblem } from '../../election/problem.ts';
import { openSqliteStore } from '../../store/sqlite-store.ts';
import { ingestFolder } from '../../totalization/ingest.ts';
import { electionResults, formatResults, type ElectionResults } from '../../totalization/results.ts';
import { SecondRoundError, secondRoundDefinition } from '../../totalization/second-round.ts';
import { writeFileAtomic } from '../../media/atomic-file.ts';
import type { ElectionDefinition } from '../../election/definition.ts';
import { progress } from '../progress.ts';
import { CliError, EXIT_REFUSED } from '../problems.ts';
import { RESULTS_DIR, readElectionKey, setupDefinition } from '../station.ts';

const DEFAULT_DB = 'totalizacao.sqlite';

export function totalizeCommand(): Command {
  return new Command('totalize')
    .description('verify every results media folder (certificate, signatures, hash chain) and count each seção once')
    .requiredOption('--setup <dir>', 'folder written by `urna setup` (election.json, election.pub)')
    .option('--results <dir>', 'folder with one results media sub-folder per seção (default: <setup>/resultados)')
    .option('--db <file>', `SQLite totalization database (default: <setup>/${DEFAULT_DB})`)
    .option('--replacement-reason <text>', 'a recorded urna replacement: lets a different BU supersede the counted one')
    .action((o: { setup: string; results?: string; db?: string; replacementReason?: string }) => {
      const def = setupDefinition(o.setup);
      const key = readElectionKey(o.setup);
      const dir = o.results ?? join(o.setup, RESULTS_DIR);
      if (!fs.existsSync(dir)) throw new CliError(`${dir}: no results media folder`);
      const store = openSqliteStore(o.db ?? join(o.setup, DEFAULT_DB));
      try {
        store.setElection(def, key);
        const folders = fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).length;
        const bar = progress('Totalização', folders);
        const outcomes = ingestFolder(store, dir, key, {
          onProgress: (d) => bar.update(d),
          ...(o.replacementReason ? { replacementReason: () => o.replacementReason } : {}),
        });
        bar.stop();
        const by = new Map<string, number>();
        for (const f of outcomes) {
          by.set(f.outcome.status, (by.get(f.outcome.status) ?? 0) + 1);
          if (f.outcome.status === 'recusado') {
            process.stderr.write(
              `RECUSADO ${f.folder}:\n${f.outcome.problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}\n`,
            );
          } else if (f.outcome.status === 'substituido') {
            process.stdout.write(
              `SUBSTITUÍDO ${f.outcome.secao}: BU ${f.outcome.buHash.slice(0, 16)}… replaces ${f.outcome.replaced.buHash.slice(0, 16)}… (${f.outcome.reason})\n`,
            );
          }
        }
        const c = store.secaoCounts({ kind: 'pais' });
        process.stdout.write(
          `${[...by].map(([s, n]) => `${s}: ${n}`).join(', ')}. Seções totalizadas: ${c.totalizadas} de ${c.total}.\n`,
        );
        if (by.get('recusado')) process.exitCode = EXIT_REFUSED;
      } finally {
        store.close();
      }
    });
}

/** The round-2 definition: every contest whose outcome is a second round, with its two finalists. */
function writeSecondRound(def: ElectionDefinition, results: ElectionResults, file: string): void {
  const contests = results.contests.flatMap((c) => {
    const m = c.majoritario;
    if (m?.kind !== 'second-round') return [];
    const area =
      c.area.kind === 'municipio' ? { municipio: c.area.municipio } : c.area.kind === 'uf' ? { uf: c.area.uf } : {};
    return [{ office: c.cargo, ...area, numbers: [m.finalists[0].number, m.finalists[1].number] as [number, number] }];
  });
  if (contests.length === 0) {
    process.stderr.write('No contest goes to a second round: nothing written.\n');
    return;
  }
  if (!results.final) {
    throw new CliError(
      `not every seção is totalized yet (${results.secoes.totalizadas} of ${results.secoes.total}): the second round cannot be set up`,
      [],
      EXIT_REFUSED,
    );
  }
  let round2: ElectionDefinition;
  try {
    round2 = secondRoundDefinition(def, contests);
  } catch (e) {
    if (e instanceof SecondRoundError)
      throw new CliError('the second round cannot be set up', e.problems, EXIT_REFUSED);
    throw e;
  }
  writeFileAtomic(file, JSON.stringify(round2, null, 2) + '\n');
  process.stderr.write(
    `Second round (${round2.date}): ${contests.map((c) => `cargo ${c.office}: ${c.numbers.join(' × ')}`).join('; ')} — definition written to ${file}\n`,
  );
}

export function resultsCommand(): Command {
  return new Command('results')
    .description('results per office: votes, who is elected (majority, proportional seats), second round')
    .requiredOption('--setup <dir>', 'folder written by `urna setup`')
    .option('--db <file>', `SQLite totalization database (default: <setup>/${DEFAULT_DB})`)
    .option('--rule <rule>', 'proportional rule: stf-2024 (in force) or tse-2022', 'stf-2024')
    .option('--json', 'print the results as JSON', false)
    .option(
      '--second-round <file>',
      'write the second-round election definition (the top two of each contest that has one)',
    )
    .action((o: { setup: string; db?: string; rule: string; json: boolean; secondRound?: string }) => {
      if (o.rule !== 'stf-2024' && o.rule !== 'tse-2022')
        throw new CliError(`--rule: expected stf-2024 or tse-2022, found "${o.rule}"`);
      const def = setupDefinition(o.setup);
      const dbFile = o.db ?? join(o.setup, DEFAULT_DB);
      if (!fs.existsSync(dbFile))
        throw new CliError(`${dbFile}: no totalization yet — run \`urna totalize --setup ${o.setup}\``);
      const store = openSqliteStore(dbFile);
      try {
        const results = electionResults(store, def, { rule: o.rule });
        process.stdout.write(o.json ? JSON.stringify(results, null, 2) + '\n' : formatResults(results));
        if (o.secondRound) writeSecondRound(def, results, o.secondRound);
      } finally {
        store.close();
      }
    });
}
