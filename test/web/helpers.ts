// Shared by the browser tests: where Chromium is, the skip reason when it is absent, and its launch flags (no
// background traffic, a fresh profile per launch).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import type { Page } from 'playwright-core';
import { resolve } from 'node:path';

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

/** The p-th percentile (0 < p ≤ 100) of some numbers, nearest-rank: the value at or below which p % of them lie. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((sorted.length * p) / 100) - 1)]!;
}
