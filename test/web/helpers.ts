// Shared by the browser tests: where Chromium is, the skip reason when it is absent, and its launch flags (no
// background traffic, a fresh profile per launch).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
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
