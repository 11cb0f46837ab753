// Shared by the browser tests: where Chromium is, the skip reason when it is absent, its launch flags (no background
// traffic, a fresh profile per launch), the built and served site with a browser on it, and polling that the pages'
// CSP allows.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Download, type Page } from 'playwright-core';
import { buildAllWeb } from '../../scripts/build-web.ts';
import { serveWeb } from '../../scripts/serve-web.ts';
import type { UrnaStatus } from '../../web/shared/cable.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = resolve('test/web/artifacts');

/** false, or why the browser tests skip: CI installs Debian's chromium, a dev machine may not have it. */
export const chromiumSkip: false | string = existsSync(CHROMIUM)
  ? false
  : `${CHROMIUM} is absent (CI installs Debian's chromium; apt-get install chromium)`;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The browser apps built into a temp dir and served on 127.0.0.1, with a Chromium to open them. */
export interface WebSite {
  /** The temp dir: the site is in it, and room for the test's own files (election, downloads). */
  work: string;
  /** The built apps: site/urna/, site/terminal/. */
  site: string;
  /** `http://127.0.0.1:<port>`, serving `site`. */
  origin: string;
  browser: Browser;
  /** Closes the browser (and its contexts) and the server, and removes `work`. */
  close(): Promise<void>;
}

const closeServer = (server: Server): Promise<void> => new Promise((r) => server.close(() => r()));

/**
 * Builds every app into a fresh temp dir (`prefix` names it, e.g. 'urna-cable-'), serves it, launches Chromium and
 * makes ARTIFACTS. On a failure half way it undoes what it did, so an `after` that gets no WebSite leaks nothing.
 */
export async function openWebSite(prefix: string): Promise<WebSite> {
  const work = mkdtempSync(join(tmpdir(), prefix));
  const site = join(work, 'site');
  let server: Server | undefined;
  try {
    await buildAllWeb({ root: site });
    mkdirSync(ARTIFACTS, { recursive: true });
    let origin: string;
    ({ server, origin } = await serveWeb(site, 0));
    const browser = await launchChromium();
    const served = server;
    let closed: Promise<void> | undefined;
    return {
      work,
      site,
      origin,
      browser,
      close: () =>
        (closed ??= (async () => {
          try {
            await browser.close();
            await closeServer(served);
          } finally {
            rmSync(work, { recursive: true, force: true });
          }
        })()),
    };
  } catch (e) {
    if (server) await closeServer(server);
    rmSync(work, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Polls a page expression from Node until it is truthy. Not page.waitForFunction: with a string it evaluates with
 * eval inside the page, which the pages' CSP (script-src 'self') forbids.
 */
export async function until(page: Page, expr: string, timeout = 5000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await page.evaluate(expr))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${expr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** What the terminal page last heard from its urna (`window.__terminalTest.status()`), before any status. */
export const terminalStatus = (terminal: Page): Promise<UrnaStatus | undefined> =>
  terminal.evaluate('window.__terminalTest.status()') as Promise<UrnaStatus | undefined>;

/** Polls the terminal page until its last status satisfies `expr`, a JS expression over that status as `s`. */
export const untilStatus = (terminal: Page, expr: string, timeout?: number): Promise<void> =>
  until(terminal, `(() => { const s = window.__terminalTest.status(); return !!s && (${expr}); })()`, timeout);

/**
 * A function that brings a page of `context` to the front before it is used, unless it is there already. Headless
 * Chromium draws frames only for the page in front: a click on a page behind it takes over a second (Playwright
 * waits for two frames to see the element stable). Each page opened in the context may come up in front, so after
 * one the next call brings its page forward whatever it is.
 */
export function frontOf(context: BrowserContext): (page: Page) => Promise<void> {
  let inFront: Page | undefined;
  context.on('page', () => {
    inFront = undefined;
  });
  return async (page) => {
    if (inFront === page) return;
    await page.bringToFront();
    inFront = page;
  };
}

/**
 * Clicks "Baixar tudo" on a closed urna page and saves each download into `dir`. The page starts them one after
 * another, so this waits for `count` of them (up to `timeout` ms). Returns their names in the order they came, and
 * their bytes by name.
 */
export async function downloadAll(
  page: Page,
  count: number,
  dir: string,
  timeout = 15000,
): Promise<{ order: string[]; files: Map<string, Uint8Array> }> {
  mkdirSync(dir, { recursive: true });
  const all: Download[] = [];
  const onDownload = (d: Download): void => void all.push(d);
  page.on('download', onDownload);
  try {
    await page.click('#download-all');
    const end = Date.now() + timeout;
    while (all.length < count && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  } finally {
    page.off('download', onDownload);
  }
  const files = new Map<string, Uint8Array>();
  for (const d of all) {
    const path = join(dir, d.suggestedFilename());
    await d.saveAs(path);
    files.set(d.suggestedFilename(), new Uint8Array(readFileSync(path)));
  }
  return { order: all.map((d) => d.suggestedFilename()), files };
}

/** The p-th percentile (0 < p ≤ 100) of some numbers, nearest-rank: the value at or below which p % of them lie. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((sorted.length * p) / 100) - 1)]!;
}

export type UrnaMode = 'oficial' | 'treinamento';

/** Opens the carga and key files in the urna page's carga panel, in a mode, and presses "Carregar urna". */
export async function submitCarga(page: Page, files: readonly string[], mode: UrnaMode): Promise<void> {
  await page.setInputFiles('#carga-files', [...files]);
  await page.selectOption('#carga-mode', mode);
  await page.click('#carga-load');
}

/** submitCarga, then waits for the urna to show (the carga was accepted). */
export async function loadUrnaPage(page: Page, files: readonly string[], mode: UrnaMode): Promise<void> {
  await submitCarga(page, files, mode);
  await page.waitForSelector('#urna-view:not([hidden])');
}
