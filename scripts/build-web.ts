// Builds the browser apps — the urna (web/urna) and the mesário terminal (web/terminal) — into out/web/<app>:
// index.html, its style sheets (every .css of the app's folder) and one ES-module bundle, main.js, each. The urna's
// code is the same code the CLI runs; only the crypto port changes: imports of src/crypto/{hash,ed25519,random}.ts
// are answered with their browser twins in src/crypto/browser/. Anything else reaching for a `node:` module fails
// the build, naming the importing file, so Node-only code cannot slip into the page.
import { build, type Plugin } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CRYPTO_DIR = join(ROOT, 'src', 'crypto');
/** The Node crypto modules and their browser twins. */
const CRYPTO_PORT = ['hash.ts', 'ed25519.ts', 'random.ts'];

/** The browser apps, each a folder of web/ with index.html, style.css and main.ts. */
export const WEB_APPS = ['urna', 'terminal'] as const;
export type WebApp = (typeof WEB_APPS)[number];

/** Where `npm run build:web` and `npm run web` put the apps: out/web/urna, out/web/terminal. */
export const WEB_OUT = join(ROOT, 'out', 'web');

export interface BuildWebOptions {
  /** Which app; default 'urna'. */
  app?: WebApp;
  /** Default: <repo>/out/web/<app>. */
  outDir?: string;
  minify?: boolean;
  /** The entry module; default web/<app>/main.ts (tests pass others to check the build's guards). */
  entryPoint?: string;
}

export interface BuildWebResult {
  outDir: string;
  /** The files written, relative to outDir. */
  files: string[];
  /** Source files in the bundle, relative to the repository (for checks and the report). */
  inputs: string[];
}

function cryptoPortPlugin(): Plugin {
  return {
    name: 'urna-crypto-port',
    setup(b) {
      // Any path ending in one of the names (`./hash.ts` from src/crypto/ too); the resolved path decides.
      b.onResolve({ filter: /(^|\/)(hash|ed25519|random)\.ts$/ }, (args) => {
        const target = resolve(args.resolveDir, args.path);
        const name = CRYPTO_PORT.find((f) => target === join(CRYPTO_DIR, f));
        // The browser twins import types from ../random.ts: type-only imports never reach the resolver, so any
        // import of a Node crypto module lands here and is swapped.
        return name ? { path: join(CRYPTO_DIR, 'browser', name) } : undefined;
      });
    },
  };
}

function noNodePlugin(): Plugin {
  return {
    name: 'urna-no-node',
    setup(b) {
      b.onResolve({ filter: /^node:/ }, (args) => ({
        errors: [
          {
            text:
              `${relative(ROOT, args.importer)} imports ${args.path}: the browser urna must not depend on Node ` +
              `modules (only src/crypto/ may, and the build swaps those for src/crypto/browser/)`,
          },
        ],
      }));
    },
  };
}

export async function buildWeb(options: BuildWebOptions = {}): Promise<BuildWebResult> {
  const app = options.app ?? 'urna';
  const outDir = options.outDir ?? join(WEB_OUT, app);
  const webDir = join(ROOT, 'web', app);
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: [options.entryPoint ?? join(webDir, 'main.ts')],
    outfile: join(outDir, 'main.js'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: options.minify ?? false,
    sourcemap: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [noNodePlugin(), cryptoPortPlugin()],
  });
  const sheets = readdirSync(webDir)
    .filter((f) => f.endsWith('.css'))
    .sort();
  for (const f of ['index.html', ...sheets]) copyFileSync(join(webDir, f), join(outDir, f));
  const inputs = Object.keys(result.metafile.inputs).sort();
  return { outDir, files: ['index.html', 'main.js', ...sheets], inputs };
}

/** Builds every app into root/<app> (default out/web); the apps link to each other as ../<app>/. */
export async function buildAllWeb(
  options: { root?: string; minify?: boolean } = {},
): Promise<Record<WebApp, BuildWebResult>> {
  const root = options.root ?? WEB_OUT;
  const built = {} as Record<WebApp, BuildWebResult>;
  for (const app of WEB_APPS) {
    built[app] = await buildWeb({ app, outDir: join(root, app), minify: options.minify ?? false });
  }
  return built;
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  buildAllWeb({ minify: process.argv.includes('--minify') }).then(
    (built) => {
      for (const [app, r] of Object.entries(built)) {
        console.log(`${app} web app built into ${relative(process.cwd(), r.outDir)}: ${r.files.join(', ')}`);
      }
    },
    (e: unknown) => {
      // esbuild's error lists every message (including the no-node ones) with file and line.
      console.error(e instanceof Error ? e.message : String(e));
      process.exit(1);
    },
  );
}
