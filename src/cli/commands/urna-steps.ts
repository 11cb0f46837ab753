// The urna's day, one CLI command per step of the real process: zerésima, abertura, votação, encerramento.
import fs from 'node:fs';
import { join } from 'node:path';
import readline from 'node:readline';
import { Command, Option } from 'commander';
import { writeResultsMedia } from '../../media/results-media-node.ts';
import { urnaKeyPair } from '../../media/carga.ts';
import { signer as makeSigner } from '../../crypto/ed25519.ts';
import { MesarioTerminal } from '../../terminal/terminal.ts';
import { renderScreenText } from '../../urna/screens.ts';
import type { Key } from '../../urna/ballot-types.ts';
import type { Outcome } from '../../urna/outcome.ts';
import { CliError, EXIT_BAD_INPUT, EXIT_REFUSED } from '../problems.ts';
import { RESULTS_DIR, openStation, setupDefinition, type Station } from '../station.ts';
import { parseVoteScript, type ScriptLine } from '../vote-script.ts';
import { indexElection } from '../../election/lookup.ts';

interface StationOptions {
  setup: string;
  secao: string;
  now?: string;
}

function stationCommand(name: string, description: string): Command {
  return new Command(name)
    .description(description)
    .requiredOption('--setup <dir>', 'folder written by `urna setup` (election.pub, carga/, urnas/)')
    .requiredOption('--secao <key>', 'the seção, as UF-MUNICÍPIO-ZONA-SEÇÃO (e.g. MG-48771-0101-0001)')
    .addOption(
      new Option(
        '--now <time>',
        'the urna clock for rehearsals: HH:MM on the election day, or an ISO date-time (default: the real clock)',
      ),
    );
}

function refuse(outcome: Outcome<unknown>): never {
  if (outcome.ok) throw new Error('refuse() called on success');
  throw new CliError(`${outcome.error.message} (${outcome.error.code})`, [], EXIT_REFUSED);
}

export function zeresimaCommand(): Command {
  return stationCommand('zeresima', 'print the Zerésima (every candidate with zero votes), signed by the urna').action(
    (o: StationOptions) => {
      const st = openStation(o.setup, o.secao, o.now);
      const z = st.urna.zeresima();
      if (!z.ok) refuse(z);
      st.save();
      const path = join(st.storage.dir, 'zeresima.txt');
      fs.writeFileSync(path, z.value.body);
      process.stdout.write(z.value.body);
      process.stderr.write(`\nZerésima signed (SHA-512 ${z.value.sha512.slice(0, 16)}…) and saved to ${path}\n`);
    },
  );
}

export function openCommand(): Command {
  return stationCommand('open', 'open the voting (after the Zerésima, from the opening hour)')
    .option('--mesario <name...>', 'mesários present at the opening (for the BIM report)')
    .action((o: StationOptions & { mesario?: string[] }) => {
      const st = openStation(o.setup, o.secao, o.now);
      if (o.mesario?.length) {
        const r = st.urna.registerMesarios(
          'abertura',
          o.mesario.map((name, i) => ({ name, role: i === 0 ? 'Presidente' : `${i}º Mesário` })),
        );
        if (!r.ok) refuse(r);
      }
      const r = st.urna.open();
      if (!r.ok) refuse(r);
      st.save();
      process.stdout.write(`Votação aberta na seção ${o.secao}. Aptos: ${st.urna.counts().aptos}\n`);
    });
}

/** Runs one script line against the urna; returns the messages to show (refusals included). */
function runLine(
  st: Station,
  terminal: MesarioTerminal,
  line: ScriptLine,
): { messages: string[]; refused: boolean; voted: boolean } {
  const messages: string[] = [];
  let refused = false;
  const check = (o: Outcome<unknown>, what: string): boolean => {
    if (o.ok) return true;
    messages.push(`line ${line.line}: ${what}: ${o.error.message}`);
    refused = true;
    return false;
  };
  if (line.kind === 'justify') {
    if (check(terminal.justify(line.titulo, line.reason), `justificativa ${line.titulo}`)) st.save();
    return { messages, refused, voted: false };
  }
  if (!check(terminal.identify(line.titulo), `título ${line.titulo}`)) return { messages, refused, voted: false };
  let voted = false;
  for (const step of line.steps) {
    if (step.kind === 'fingerprint') check(terminal.fingerprint(step.matches), 'biometria');
    else if (step.kind === 'year') check(terminal.yearOfBirth(step.year), 'ano de nascimento');
    else if (step.kind === 'cancel') check(terminal.cancel(), 'cancelamento');
    else {
      const r = st.urna.pressKey(step.key as Key);
      if (!r.ok) check(r, `tecla ${step.key}`);
      else if (!r.value.accepted) messages.push(`line ${line.line}: tecla ${step.key}: Tecla indevida (ignorada)`);
      else if (r.value.finished) {
        // FIM is shown only once the vote is in both memories (urna-storage.ts).
        st.save();
        voted = true;
      }
    }
    if (!st.urna.currentVoter()) break;
  }
  if (st.urna.currentVoter()) {
    messages.push(
      `line ${line.line}: the voter ${line.titulo} did not finish; the mesário cancels the vote (nothing of it is counted)`,
    );
    terminal.cancel();
    refused = true;
  }
  return { messages, refused, voted };
}

export function voteCommand(): Command {
  return stationCommand(
    'vote',
    'identify voters at the mesário terminal and vote on the urna keypad (a script file, or typed)',
  )
    .option('--script <file>', 'vote script (see docs/CLI.md); without it, an interactive keypad')
    .action(async (o: StationOptions & { script?: string }) => {
      // The script is checked before the urna is touched: a bad file changes nothing.
      let lines: ScriptLine[] | undefined;
      if (o.script) {
        let text: string;
        try {
          text = fs.readFileSync(o.script, 'utf8');
        } catch (e) {
          throw new CliError(`${o.script}: cannot read (${(e as Error).message})`);
        }
        const parsed = parseVoteScript(text, o.script);
        if (parsed.problems.length)
          throw new CliError(
            `${o.script}: the vote script has ${parsed.problems.length} problem(s); nothing was done`,
            parsed.problems,
            EXIT_BAD_INPUT,
          );
        lines = parsed.lines;
      }
      const st = openStation(o.setup, o.secao, o.now);
      const def = setupDefinition(o.setup);
      const index = indexElection(def);
      // The terminal can name the right seção of a voter who came to the wrong one.
      const ufOf = new Map(def.ufs.flatMap((u) => u.municipios.map((m) => [m.code, u.uf] as const)));
      const terminal = new MesarioTerminal(st.urna, {
        lookupSecao: (t) => {
          const v = index.voter(t);
          return v && { uf: ufOf.get(v.municipio) ?? '', municipio: v.municipio, zona: v.zona, secao: v.secao };
        },
      });
      if (lines) {
        let voted = 0;
        let refusedLines = 0;
        for (const line of lines) {
          const r = runLine(st, terminal, line);
          for (const m of r.messages) process.stderr.write(`${m}\n`);
          if (r.voted) voted++;
          if (r.refused) refusedLines++;
        }
        const c = st.urna.counts();
        process.stdout.write(
          `Votos computados agora: ${voted}. Seção ${o.secao}: ${c.compareceram} de ${c.aptos} aptos votaram.\n`,
        );
        if (refusedLines > 0) process.exitCode = EXIT_REFUSED;
        return;
      }
      await interactive(st, terminal);
    });
}

/** The keypad in a terminal: the mesário types the título, then the voter presses keys. */
async function interactive(st: Station, terminal: MesarioTerminal): Promise<void> {
  const tty = Boolean(process.stdin.isTTY);
  // A keyboard: one readline per question, so the keypad can take the keys raw in between. A pipe: one readline whose
  // lines come from an async iterator, which buffers them (readline reads ahead; rl.question would lose lines).
  const piped = tty ? undefined : readline.createInterface({ input: process.stdin });
  const lines = piped?.[Symbol.asyncIterator]();
  const ask = async (q: string): Promise<string> => {
    if (!lines) {
      const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
      return new Promise((res) => rl.question(q, (a) => (rl.close(), res(a))));
    }
    process.stdout.write(q);
    const next = await lines.next();
    return next.done ? 'sair' : next.value;
  };
  process.stdout.write(
    'Terminal do mesário. Digite o título do eleitor (ou "sair").\n' +
      'Teclado da urna: 0–9, b = BRANCO, c ou Backspace = CORRIGE, Enter = CONFIRMA, Esc = mesário cancela.\n',
  );
  for (;;) {
    const titulo = (await ask('\nTítulo: ')).trim();
    if (!titulo || titulo === 'sair') break;
    const id = terminal.identify(titulo);
    if (!id.ok) {
      process.stdout.write(`${id.error.message}\n`);
      continue;
    }
    let status = id.value;
    while (status.step === 'fingerprint') {
      const a = (await ask(`${terminal.display().join(' | ')}\nDigital reconhecida? (s/n): `)).trim().toLowerCase();
      const r = terminal.fingerprint(a.startsWith('s'));
      if (!r.ok) break;
      status = r.value;
    }
    while (status.step === 'yearOfBirth') {
      const y = (await ask('Ano de nascimento: ')).trim();
      const r = terminal.yearOfBirth(y);
      if (!r.ok) {
        process.stdout.write(`${r.error.message}\n`);
        break;
      }
      status = r.value;
    }
    if (!st.urna.currentVoter()) continue;
    if (tty) await keypad(st, terminal);
    else await keyLines(st, terminal, ask);
  }
  piped?.close();
  const c = st.urna.counts();
  process.stdout.write(`Seção: ${c.compareceram} de ${c.aptos} aptos votaram.\n`);
}

/** Typed keys as lines (stdin is a pipe, not a keyboard): `12135 CONFIRMA`, `b` = BRANCO, `c` = CORRIGE, an empty
 * line = CONFIRMA, `esc` = the mesário cancels. */
async function keyLines(st: Station, terminal: MesarioTerminal, ask: (q: string) => Promise<string>): Promise<void> {
  const show = (): void => {
    const screen = st.urna.screen();
    if (screen) process.stdout.write(`\n${renderScreenText(screen)}\n`);
  };
  show();
  while (st.urna.currentVoter()) {
    const line = (await ask('Teclas: ')).trim();
    const tokens = line === '' ? ['CONFIRMA'] : line.split(/\s+/);
    for (const t of tokens) {
      const upper = t.toUpperCase();
      if (upper === 'ESC') {
        terminal.cancel();
        process.stdout.write('Voto cancelado pelo mesário: nada deste voto foi computado.\n');
        return;
      }
      const keys: Key[] = /^\d+$/.test(t)
        ? (t.split('') as Key[])
        : upper === 'B' || upper === 'BRANCO'
          ? ['BRANCO']
          : upper === 'C' || upper === 'CORRIGE'
            ? ['CORRIGE']
            : upper === 'CONFIRMA'
              ? ['CONFIRMA']
              : [];
      if (keys.length === 0) process.stdout.write(`"${t}" não é uma tecla da urna\n`);
      for (const k of keys) {
        const r = st.urna.pressKey(k);
        if (!r.ok || !r.value.accepted) process.stdout.write(`\x07(tecla indevida: ${k})\n`);
        else if (r.value.finished) {
          st.save();
          process.stdout.write('\n   FIM\n');
          return;
        }
      }
    }
    show();
  }
}

function keypad(st: Station, terminal: MesarioTerminal): Promise<void> {
  const show = (): void => {
    const screen = st.urna.screen();
    if (screen) process.stdout.write(`\n${renderScreenText(screen)}\n`);
  };
  show();
  return new Promise((resolve) => {
    const stdin = process.stdin;
    stdin.setRawMode(true);
    readline.emitKeypressEvents(stdin);
    stdin.resume();
    const done = (): void => {
      stdin.off('keypress', onKey);
      stdin.setRawMode(false);
      stdin.pause();
      resolve();
    };
    const onKey = (str: string | undefined, key: { name?: string; ctrl?: boolean }): void => {
      if (key.ctrl && key.name === 'c') process.exit(130);
      let k: Key | undefined;
      if (str && /^[0-9]$/.test(str)) k = str as Key;
      else if (key.name === 'b') k = 'BRANCO';
      else if (key.name === 'c' || key.name === 'backspace') k = 'CORRIGE';
      else if (key.name === 'return' || key.name === 'enter') k = 'CONFIRMA';
      else if (key.name === 'escape') {
        terminal.cancel();
        process.stdout.write('Voto cancelado pelo mesário: nada deste voto foi computado.\n');
        return done();
      }
      if (!k) return;
      const r = st.urna.pressKey(k);
      if (!r.ok || !r.value.accepted) {
        process.stdout.write('\x07(tecla indevida)\n');
        return;
      }
      if (r.value.finished) {
        st.save();
        process.stdout.write('\n   FIM\n');
        return done();
      }
      show();
    };
    stdin.on('keypress', onKey);
  });
}

export function closeCommand(): Command {
  return stationCommand(
    'close',
    'close the voting (from the closing hour, queue done): BU, RDV, log, reports to the results media',
  )
    .option('--queue-done', 'the presidente confirms nobody is left in line', false)
    .option('--extra-copies <n>', 'extra BU copies beyond the 5 obligatory ones', '0')
    .option('--mesario <name...>', 'mesários present at the closing (for the BIM report)')
    .option('--out <dir>', 'results media folder (default: <setup>/resultados/<seção>)')
    .action((o: StationOptions & { queueDone: boolean; extraCopies: string; mesario?: string[]; out?: string }) => {
      const st = openStation(o.setup, o.secao, o.now);
      if (o.mesario?.length) {
        const r = st.urna.registerMesarios(
          'encerramento',
          o.mesario.map((name, i) => ({ name, role: i === 0 ? 'Presidente' : `${i}º Mesário` })),
        );
        if (!r.ok) refuse(r);
      }
      const closed =
        st.urna.state === 'encerrada'
          ? st.urna.results()
          : st.urna.close(o.queueDone, { extraBuCopies: Number(o.extraCopies) });
      if (!closed.ok) refuse(closed);
      st.save();
      const dir = o.out ?? join(o.setup, RESULTS_DIR, o.secao);
      const written = writeResultsMedia(dir, closed.value, st.carga, makeSigner(urnaKeyPair(st.carga)));
      process.stdout.write(closed.value.reports.bu[0] ?? '');
      process.stdout.write(
        `\nResults media written to ${written.dir}:\n${written.files.map((f) => `  ${f}`).join('\n')}\n`,
      );
    });
}
