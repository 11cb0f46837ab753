// `urna <command>`: one command per step of the real process (docs/CLI.md).
import { Command, CommanderError } from 'commander';
import { seatsCommand } from './seats.ts';
import { initCommand, setupCommand } from './commands/setup-steps.ts';
import { closeCommand, openCommand, voteCommand, zeresimaCommand } from './commands/urna-steps.ts';
import { resultsCommand, totalizeCommand } from './commands/totalize-steps.ts';
import { simulateCommand } from './commands/simulate.ts';
import { demoCommand } from './commands/demo.ts';
import { webCommand } from './commands/web.ts';
import { inspectCommand, qrCommand, retotalizeCommand, verifyCommand } from './commands/audit.ts';
import { CliError, printProblems } from './problems.ts';

const program = new Command('urna')
  .description(
    'Brazil’s electronic voting system: election setup, carga, urna and mesário terminal, BU/RDV, totalization, seats',
  )
  .version('0.1.0')
  .showHelpAfterError()
  .addCommand(initCommand())
  .addCommand(setupCommand())
  .addCommand(zeresimaCommand())
  .addCommand(openCommand())
  .addCommand(voteCommand())
  .addCommand(closeCommand())
  .addCommand(totalizeCommand())
  .addCommand(resultsCommand())
  .addCommand(seatsCommand())
  .addCommand(simulateCommand())
  .addCommand(demoCommand())
  .addCommand(webCommand())
  .addCommand(inspectCommand())
  .addCommand(verifyCommand())
  .addCommand(retotalizeCommand())
  .addCommand(qrCommand());

// `urna … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CliError) {
    if (e.problems.length) printProblems(e.message, e.problems);
    else process.stderr.write(`urna: ${e.message}\n`);
    process.exitCode = e.exitCode;
  } else if (e instanceof CommanderError) {
    process.exitCode = e.exitCode;
  } else {
    throw e;
  }
}
