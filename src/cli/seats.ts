// `urna seats FILE`: who is elected in a proportional contest, from a JSON or CSV file of votes (docs/SEATS.md).
// Bad input: every problem on stderr and exit code 2 (process.exitCode; the process is never exited here).
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { formatProblem, type Problem } from '../election/problem.ts';
import { distributeSeats, PROPORTIONAL_RULES, type ProportionalRule } from '../totalization/proportional.ts';
import { parseSeatsInput, type SeatsOverrides } from '../totalization/seats-input.ts';
import { formatSeatsReport, seatsReportJson } from '../totalization/seats-report.ts';
import { EXIT_BAD_INPUT } from './problems.ts';

export interface SeatsCliOptions {
  json?: boolean;
  /** As typed on the command line; checked here so that a bad value is a listed problem (exit 2). */
  seats?: string;
  rule?: string;
  office?: string;
}

export interface SeatsIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): string;
}

const nodeIo: SeatsIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readFile: (p) => readFileSync(p, 'utf8'),
};

/** Runs the calculator; returns the exit code (0, or 2 for bad input). */
export function runSeats(file: string, options: SeatsCliOptions, io: SeatsIo = nodeIo): number {
  const problems: Problem[] = [];
  const overrides: SeatsOverrides = {};
  if (options.seats !== undefined) {
    if (/^\d+$/.test(options.seats.trim())) overrides.seats = Number(options.seats);
    else
      problems.push({
        file,
        path: '--seats',
        expected: 'a whole number of seats',
        found: JSON.stringify(options.seats),
      });
  }
  if (options.rule !== undefined) {
    if ((PROPORTIONAL_RULES as readonly string[]).includes(options.rule))
      overrides.rule = options.rule as ProportionalRule;
    else
      problems.push({
        file,
        path: '--rule',
        expected: `one of ${PROPORTIONAL_RULES.join(', ')}`,
        found: JSON.stringify(options.rule),
      });
  }
  if (options.office !== undefined) overrides.office = options.office;

  let text: string | undefined;
  try {
    text = io.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    problems.push({
      file,
      path: '',
      expected: 'a readable file',
      found: code === 'ENOENT' ? 'no such file' : String(code ?? e),
    });
  }
  if (text !== undefined) {
    const parsed = parseSeatsInput(text, file, overrides);
    if (parsed.ok && problems.length === 0) {
      const { input, rule, office, note } = parsed.value;
      const result = distributeSeats(input, { rule });
      const meta = { ...(office !== undefined ? { office } : {}), ...(note !== undefined ? { note } : {}) };
      io.stdout(
        options.json
          ? `${JSON.stringify(seatsReportJson(result, meta), null, 2)}\n`
          : `${formatSeatsReport(result, meta)}\n`,
      );
      return 0;
    }
    // A bad --seats is already reported; the file's "no seats" would only repeat it.
    if (!parsed.ok)
      problems.push(...parsed.problems.filter((p) => !(p.path === 'seats' && options.seats !== undefined)));
  }
  io.stderr(`urna seats: ${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n`);
  for (const p of problems) io.stderr(`  - ${formatProblem(p)}\n`);
  return EXIT_BAD_INPUT;
}

export function seatsCommand(): Command {
  return new Command('seats')
    .description(
      'who is elected in a proportional contest (QE, QP, médias, suplentes) from a JSON or CSV file of votes',
    )
    .argument(
      '<file>',
      'votes per candidate and legenda: .json, or .csv (agremiacao,party,number,name,votes,birth_date)',
    )
    .option('--json', 'print the result as JSON instead of the report')
    .option('--seats <n>', 'number of seats (required for CSV; overrides the JSON file)')
    .option('--rule <rule>', `stf-2024 (default; in force since 2024) or tse-2022 (as applied in 2022)`)
    .option('--office <name>', 'office name for the report title (e.g. Vereador)')
    .addHelpText(
      'after',
      `
Examples:
  urna seats examples/seats-worked-example.json
  urna seats examples/seats-worked-example.json --rule tse-2022
  urna seats examples/seats-worked-example.csv --seats 10 --office Vereador --json

CSV: one row per candidate; a row with empty number and name holds the party's legenda votes:
  agremiacao,party,number,name,votes,birth_date
  FE BRASIL,PT,13123,"SILVA, ANA",4500,1970-05-02
  FE BRASIL,PT,,,1200,

Bad input: every problem is printed to stderr and the exit code is 2. See docs/SEATS.md.`,
    )
    .action((file: string, options: SeatsCliOptions) => {
      process.exitCode = runSeats(file, options);
    });
}
