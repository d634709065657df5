// The one place where the project's scripts start a browser: Debian's headless Chromium driven by
// playwright-core (no browser download), as root on a machine whose network reaches only package registries.
//   import { launchChromium } from './browser.mjs';  const browser = await launchChromium();
// $CHROMIUM overrides the executable (default /usr/bin/chromium, from `apt-get install chromium`).
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// --no-sandbox: we run as root; the background-networking, component-update, sync and QUIC switches keep
// Chromium from calling Google's hosts, which this machine's closed network refuses, many at a time.
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--hide-scrollbars'];

export function launchChromium(options = {}) {
  const { args = [], ...rest } = options;
  return chromium.launch({ executablePath: CHROMIUM, headless: true, ...rest, args: [...CHROMIUM_ARGS, ...args] });
}
