// How the CLI reports bad input: every problem on its own line (file, path, expected, found), exit code 2.
import { formatProblem, type Problem } from '../election/problem.ts';

export const EXIT_BAD_INPUT = 2;
export const EXIT_REFUSED = 3;

export class CliError extends Error {
  constructor(
    message: string,
    readonly problems: Problem[] = [],
    readonly exitCode = EXIT_BAD_INPUT,
  ) {
    super(message);
  }
}

export function printProblems(title: string, problems: readonly Problem[], stream = process.stderr): void {
  stream.write(`${title}\n`);
  for (const p of problems) stream.write(`  - ${formatProblem(p)}\n`);
}
