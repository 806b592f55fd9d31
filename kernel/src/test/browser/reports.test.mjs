// The reports of ./procbook report, opened in headless Chromium: report/workbook.py executes the tour into
// build/browser-test/reports, then the index and the tour's report are opened from disk, offline, as a reader would.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { decodedImages, keepOffline, openChromium, PYTHON, ROOT, SCREENSHOTS, WORK } from './chromium.mjs';
import { killAll, processTree, startGroup, within } from './processes.mjs';

const REPORTS = join(WORK, 'reports');
const NOTEBOOK = join(ROOT, 'notebooks', '00-tour.ipynb');
const WAIT = 60_000;
const WORKBOOK_WAIT = 20 * 60_000; // the tour on a cold, busy machine; nbclient bounds each cell itself

/** Runs report/workbook.py on `notebooks`; returns its exit code and output. Leaves no kernel behind. */
async function workbook(...notebooks) {
  const runtime = mkdtempSync(join(tmpdir(), 'procbook-report-'));
  const child = startGroup(PYTHON, [join(ROOT, 'report', 'workbook.py'), '--out', REPORTS, ...notebooks],
    { cwd: ROOT, env: { ...process.env, JUPYTER_RUNTIME_DIR: runtime } }, runtime);
  try {
    if (!(await within(WORKBOOK_WAIT, child.exited))) {
      throw new Error(`report/workbook.py did not finish within ${WORKBOOK_WAIT / 60_000} min:\n${child.output}`);
    }
    return { code: (await child.exited).code, output: child.output };
  } finally {
    killAll(processTree([child.pid], runtime)); // its kernel runs in a session of its own, named by the runtime dir
    child.stopped();
    rmSync(runtime, { recursive: true, force: true });
  }
}

const chromium = await openChromium();
const skip = chromium.unavailable ? `skipped: ${chromium.unavailable}` : false;
let page;
let refused = [];
let index;

before(async () => {
  if (skip) return;
  rmSync(REPORTS, { recursive: true, force: true });
  const done = await workbook(NOTEBOOK);
  assert.equal(done.code, 0, `report/workbook.py failed:\n${done.output.slice(-3000)}`);
  index = JSON.parse(readFileSync(join(REPORTS, 'index.json'), 'utf8'));
  page = await chromium.context.newPage();
  refused = await keepOffline(page, (url) => url.startsWith('file:') || url.startsWith('data:'));
});

after(async () => {
  if (!skip) await chromium.close();
});

test('the index lists the tour as ok and links to its report', { skip, timeout: 2 * WAIT }, async () => {
  await page.goto(pathToFileURL(join(REPORTS, 'index.html')).href);
  const row = page.locator('tr', { hasText: '00-tour.ipynb' });
  await row.waitFor({ timeout: WAIT });
  assert.match(await row.textContent(), /A tour of the Procbook kernel/);
  assert.equal((await row.locator('td').last().textContent()).trim(), 'ok');
  await page.screenshot({ path: join(SCREENSHOTS, 'report-index.png'), fullPage: true });
  await row.locator('a').click();
  await page.waitForURL(/00-tour\.html$/, { timeout: WAIT });
});

test('the tour report shows its charts decoded and its tables', { skip, timeout: 2 * WAIT }, async () => {
  await page.goto(pathToFileURL(join(REPORTS, index[0].report)).href, { waitUntil: 'load' });
  await page.locator('h1', { hasText: 'A tour of the Procbook kernel' }).waitFor({ timeout: WAIT });
  const images = await decodedImages(page.locator('img'));
  assert.ok(images.length >= 1, 'the tour has a chart, but its report shows no image');
  for (const image of images) {
    assert.match(image.src, /^data:image\/png;base64,/);
    assert.ok(image.naturalWidth > 0, `an image of the report did not decode: ${JSON.stringify(image)}`);
  }
  assert.ok(await page.locator('.procbook-table table').count() >= 1, 'the tour shows tables, its report none');
  await page.screenshot({ path: join(SCREENSHOTS, 'report-00-tour.png'), fullPage: true });
});

test('the index and the report loaded nothing from the network', { skip }, () => {
  assert.deepEqual(refused, []);
});
