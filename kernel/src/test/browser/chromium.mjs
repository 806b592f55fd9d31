// Headless Chromium for the browser tests: Debian's chromium driven by playwright-core, kept off the network.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
/** Where ./procbook test installs playwright-core (npm ci of this folder's package.json) and keeps what tests make. */
export const WORK = process.env.PROCBOOK_BROWSER_WORK || join(ROOT, 'build', 'browser-test');
export const SCREENSHOTS = join(WORK, 'screenshots');
export const CHROMIUM = process.env.PROCBOOK_CHROMIUM || '/usr/bin/chromium';
export const PYTHON = process.env.PROCBOOK_PYTHON || '/usr/bin/python3';

// Nothing but the pages under test may load: no updates, sync, field trials or QUIC, and a proxy that does not
// exist for anything that is not loopback (Chromium never sends loopback through a proxy).
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-extensions',
  '--proxy-server=127.0.0.1:9', '--window-size=1280,1024'];

function loadPlaywright() {
  const manifest = join(WORK, 'package.json');
  try {
    return createRequire(manifest)('playwright-core');
  } catch (e) {
    return { unavailable: `playwright-core is not installed in ${WORK} (./procbook test browser runs npm ci there; ` +
      `did it fail?): ${e.message.split('\n')[0]}` };
  }
}

/**
 * Starts Chromium, or says why it cannot: returns { browser, close } or { unavailable: reason }.
 * Each launch gets a fresh profile (--user-data-dir), removed on close.
 */
export async function openChromium() {
  if (!existsSync(CHROMIUM)) {
    return { unavailable: `no Chromium at ${CHROMIUM}: install Debian's chromium (environment/apt-test.txt), ` +
      'or set PROCBOOK_CHROMIUM' };
  }
  const playwright = loadPlaywright();
  if (playwright.unavailable) return playwright;
  const profile = mkdtempSync(join(tmpdir(), 'procbook-chromium-'));
  const removeProfile = () => rmSync(profile, { recursive: true, force: true });
  process.on('exit', removeProfile); // after playwright's own exit handler, which kills the browser
  let context;
  try {
    context = await playwright.chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 }, timeout: 60_000,
    });
  } catch (e) {
    removeProfile();
    process.off('exit', removeProfile);
    // The first line says what failed; the browser's stderr and exit status are in the launch log after it.
    const lines = e.message.replace(/\u001b\[\d+m/g, '').split('\n').map((line) => line.trim());
    const said = lines.filter((line) => /\[err\]|did exit/.test(line)).slice(-6);
    return { unavailable: `Chromium at ${CHROMIUM} did not start: ${[lines[0], ...said].join(' | ')}` };
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    context,
    async close() {
      try {
        await context.close();
      } finally {
        removeProfile();
        process.off('exit', removeProfile);
      }
    },
  };
}

/**
 * Lets `page` load only what `allowed(url)` accepts, aborting the rest; returns the list of refused URLs, which
 * grows as the page runs. Requests for file: and data: URLs are not routed, so they are only recorded.
 */
export async function keepOffline(page, allowed) {
  const refused = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!allowed(url)) refused.push(url);
  });
  await page.route(/^(https?|wss?):/, (route) => (allowed(route.request().url()) ? route.continue() : route.abort()));
  return refused;
}

/**
 * Decodes each image `locator` matches, as the page shows it; returns [{ src, naturalWidth, error }] for each, where
 * src is the start of its address and error says why it could not be decoded.
 */
export async function decodedImages(locator) {
  return locator.evaluateAll((images) => Promise.all(images.map(async (img) => {
    let error = null;
    try {
      await img.decode();
    } catch (e) {
      error = String(e);
    }
    return { src: img.src.slice(0, 40), naturalWidth: img.naturalWidth, error };
  })));
}
