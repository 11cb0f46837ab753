// `urna simulate`: a whole synthetic election with seeded random voters, from carga to totalized results.
import { Command } from 'commander';
import { SIMULATE_SAO_PAULO, type SyntheticParams } from '../../election/synthetic.ts';
import { simulate } from '../../simulation/simulate.ts';
import { formatResults } from '../../totalization/results.ts';
import { progress } from '../progress.ts';
import { CliError } from '../problems.ts';

const PRESETS: Record<string, SyntheticParams> = {
  'sao-paulo': SIMULATE_SAO_PAULO,
  small: {
    ...SIMULATE_SAO_PAULO,
    seed: 'simulate-small',
    voters: 93_000,
    secoes: 220,
    zonas: 4,
    municipioName: 'Cidade Pequena (simulação)',
  },
};

const int = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new CliError(`--${name}: expected a positive whole number, found "${v}"`);
  return n;
};

export function simulateCommand(): Command {
  return new Command('simulate')
    .description('simulate a whole municipal election (seeded random voters): carga, urnas, BUs, totalization, results')
    .option('--preset <name>', `election size: ${Object.keys(PRESETS).join(', ')}`, 'small')
    .option('--voters <n>', 'registered voters (overrides the preset)')
    .option('--secoes <n>', 'seções (overrides the preset)')
    .option('--seed <seed>', 'seed (overrides the preset)')
    .option('--workers <n>', 'worker threads playing the urnas', '2')
    .option('--db <file>', 'SQLite file for the totalization', ':memory:')
    .option('--json', 'print the results as JSON', false)
    .action(
      async (o: {
        preset: string;
        voters?: string;
        secoes?: string;
        seed?: string;
        workers: string;
        db: string;
        json: boolean;
      }) => {
        const preset = PRESETS[o.preset];
        if (!preset)
          throw new CliError(`--preset: expected one of ${Object.keys(PRESETS).join(', ')}, found "${o.preset}"`);
        const params: SyntheticParams = {
          ...preset,
          ...(o.voters ? { voters: int('voters', o.voters)! } : {}),
          ...(o.secoes ? { secoes: int('secoes', o.secoes)! } : {}),
          ...(o.seed ? { seed: o.seed } : {}),
        };
        let bar: ReturnType<typeof progress> | undefined;
        const report = await simulate({
          params,
          db: o.db,
          workers: int('workers', o.workers)!,
          onProgress: (done, total) => {
            bar ??= progress('Seções', total);
            bar.update(done);
          },
        });
        bar?.stop();
        if (o.json) {
          process.stdout.write(JSON.stringify(report.results, null, 2) + '\n');
        } else {
          process.stdout.write(formatResults(report.results));
        }
        process.stderr.write(
          `\n${report.secoes} seções, ${report.aptos} eleitores aptos, ${report.voted} votos, ${report.keysPressed} teclas, ` +
            `${report.rejected} BUs recusados\n` +
            `${report.seconds.toFixed(1)} s, ${Math.round(report.votesPerSecond)} votos/s, pico de memória ${Math.round(report.peakRssMiB)} MiB\n`,
        );
      },
    );
}
