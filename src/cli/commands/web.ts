// `urna web` (and the end of `npm start`): builds the browser apps — the urna and the mesário terminal
// (web/, scripts/build-web.ts) — and serves them on 127.0.0.1 only. The server hands out static files and nothing
// else: the two pages talk to each other over a same-machine BroadcastChannel, and the urna page's CSP forbids it
// any connection once loaded. Stops with Ctrl+C.
import fs from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Server } from 'node:http';
import { Command } from 'commander';
import { buildAllWeb, WEB_OUT } from '../../../scripts/build-web.ts';
import { serveWeb } from '../../../scripts/serve-web.ts';
import { CARGA_DIR, CARGA_FILE, ELECTION_PUBLIC_KEY_FILE } from '../../media/setup.ts';
import { CliError } from '../problems.ts';

export const DEFAULT_WEB_PORT = 8080;

export function parseWebPort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new CliError(`--port: expected a port number from 0 to 65535 (0 = any free port), found "${value}"`);
  }
  return port;
}

/**
 * Builds and serves the apps; prints their addresses and, when `setupDir` holds cargas (a demo's or a setup's
 * folder), which files to open in the urna page. Resolves once listening; the server runs until the process ends.
 */
export async function startWeb(options: { port: number; setupDir?: string }): Promise<Server> {
  const say = (s: string): void => void process.stdout.write(`${s}\n`);
  await buildAllWeb();
  let served: { server: Server; origin: string };
  try {
    served = await serveWeb(WEB_OUT, options.port);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    // Another program (or another urna web) holds the port: any free one will do, and the address is printed.
    say(`A porta ${options.port} está em uso; usando outra porta livre.`);
    served = await serveWeb(WEB_OUT, 0);
  }
  const { server, origin } = served;
  say('');
  say('Urna e terminal do mesário no navegador (sem rede: tudo roda na sua máquina):');
  say(`  Urna:                 ${origin}/urna/`);
  say(`  Terminal do mesário:  ${origin}/terminal/  (ou pelo link na página da urna)`);
  const setup = options.setupDir;
  if (setup && fs.existsSync(join(setup, CARGA_DIR))) {
    const first = fs.readdirSync(join(setup, CARGA_DIR)).sort()[0];
    if (first) {
      const show = (p: string): string => relative(process.cwd(), p) || p;
      say(
        `  Na urna, abra ${show(join(setup, CARGA_DIR, first, CARGA_FILE))} e ` +
          `${show(join(setup, ELECTION_PUBLIC_KEY_FILE))} (modo Treinamento, ou Oficial no dia da eleição).`,
      );
    }
  }
  say('Ctrl+C para parar.');
  return server;
}

export function webCommand(): Command {
  return new Command('web')
    .description('build and serve the browser urna and mesário terminal on 127.0.0.1 (Ctrl+C to stop)')
    .option('--port <n>', 'port to listen on (0 = any free port)', String(DEFAULT_WEB_PORT))
    .option('--setup <dir>', 'a setup or demo folder: say which carga and key to open', 'urna-demo')
    .action(async (o: { port: string; setup: string }) => {
      await startWeb({ port: parseWebPort(o.port), setupDir: resolve(o.setup) });
    });
}
