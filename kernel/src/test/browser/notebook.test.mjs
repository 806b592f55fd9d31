// The Procbook kernel in Jupyter Notebook's classic UI, in headless Chromium, driven as a person would: run a cell
// that shows a table and a chart, interrupt a busy cell with the toolbar button and see the kernel answer after,
// and answer input() by typing into its prompt box. Screenshots land in build/browser-test/screenshots.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { decodedImages, keepOffline, openChromium, SCREENSHOTS, WORK } from './chromium.mjs';
import { NotebookServer } from './jupyter.mjs';

const WAIT = 120_000; // a generous bound for each observable state: a cold kernel on a busy 2-core machine

const CELLS = [
  `var starts = Table.create("starts",
        StringColumn.create("method", "spawn", "standby"),
        DoubleColumn.create("ms", 420.5, 35.25));
display(starts);
var chart = new CategoryChartBuilder().width(480).height(240).title("Worker start (ms)").build();
chart.addSeries("ms", starts.stringColumn("method").asList(), starts.doubleColumn("ms").asList());
chart`,
  // Far longer than any wait below: the cell can only end by being interrupted.
  'System.out.println("sleeping");\nThread.sleep(3_600_000);',
  'starts.rowCount() * 1000 + 42',
  'String name = input("Your name? ");\n"Hello, " + name + "!"',
];

function notebookJson(cells) {
  return JSON.stringify({
    nbformat: 4, nbformat_minor: 5,
    metadata: { kernelspec: { name: 'procbook', display_name: 'Java (Procbook)', language: 'java' },
      language_info: { name: 'java' } },
    cells: cells.map((source, i) => ({ cell_type: 'code', id: `cell-${i}`, metadata: {}, execution_count: null,
      outputs: [], source })),
  }, null, 1);
}

const chromium = await openChromium();
const skip = chromium.unavailable ? `skipped: ${chromium.unavailable}` : false;
let server;
let page;
let refused = [];

before(async () => {
  if (skip) return;
  const dir = join(WORK, 'notebook');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'browser.ipynb'), notebookJson(CELLS));
  server = await NotebookServer.start(dir);
  assert.ok(server.kernelspecs.includes('procbook'),
    `Jupyter does not list the procbook kernel (JUPYTER_PATH=${process.env.JUPYTER_PATH}): ${server.kernelspecs}`);
  page = await chromium.context.newPage();
  refused = await keepOffline(page, (url) => server.serves(url));
  await page.goto(server.url('/notebooks/browser.ipynb'), { timeout: WAIT });
  await page.waitForFunction(() => window.Jupyter?.notebook?.kernel?.is_connected?.()
    && document.querySelector('#kernel_indicator_icon')?.title === 'Kernel Idle', null, { timeout: WAIT });
});

after(async () => {
  try {
    if (page) await page.screenshot({ path: join(SCREENSHOTS, 'notebook-last.png'), fullPage: true });
  } finally {
    try {
      if (server) await server.stop();
    } finally {
      if (!skip) await chromium.close();
    }
  }
});

const cell = (i) => page.locator('#notebook-container .cell.code_cell').nth(i);

/** Runs code cell `i` as a person does: click into it, Shift+Enter. */
async function run(i) {
  await cell(i).locator('.CodeMirror').click();
  await page.keyboard.press('Shift+Enter');
}

/** Waits until cell `i` has run to its end: its prompt shows an execution count, not "*". */
async function ran(i) {
  await page.waitForFunction((n) => /\[\d+\]/.test(
    document.querySelectorAll('#notebook-container .cell.code_cell')[n].querySelector('.input_prompt').textContent),
  i, { timeout: WAIT });
}

async function kernelIs(title) {
  await page.waitForFunction((t) => document.querySelector('#kernel_indicator_icon')?.title === t, title,
    { timeout: WAIT });
}

test('the notebook opens with the Procbook kernel', { skip }, async () => {
  assert.equal((await page.locator('.kernel_indicator_name').textContent()).trim(), 'Java (Procbook)');
});

test('a cell shows a table as HTML and a chart as a PNG image', { skip, timeout: 3 * WAIT }, async () => {
  await run(0);
  await ran(0);
  const table = cell(0).locator('.output_html .procbook-table table');
  await table.waitFor({ timeout: WAIT });
  const text = await table.textContent();
  for (const expected of ['method', 'spawn', 'standby', '420.5', '35.25']) assert.ok(text.includes(expected), text);
  const chart = cell(0).locator('.output_png img');
  await chart.waitFor({ timeout: WAIT });
  const images = await decodedImages(chart);
  assert.equal(images.length, 1, JSON.stringify(images));
  assert.match(images[0].src, /^data:image\/png;base64,/);
  assert.ok(images[0].naturalWidth > 0, `the chart PNG did not decode: ${JSON.stringify(images)}`);
  await cell(0).screenshot({ path: join(SCREENSHOTS, 'notebook-1-table-and-chart.png') });
  await kernelIs('Kernel Idle');
});

test('the interrupt button stops a busy cell and the kernel answers after, its variables kept',
  { skip, timeout: 4 * WAIT }, async () => {
    await run(1);
    // Interrupted before it runs, the cell would go on sleeping: wait until it says it sleeps.
    await cell(1).locator('.output_area', { hasText: 'sleeping' }).waitFor({ timeout: WAIT });
    assert.equal(await page.locator('#kernel_indicator_icon').getAttribute('title'), 'Kernel Busy');
    assert.match(await cell(1).locator('.input_prompt').textContent(), /\[\*\]/);
    await page.locator('button[data-jupyter-action="jupyter-notebook:interrupt-kernel"]').click();
    await ran(1);
    await cell(1).locator('.output_area', { hasText: /interrupted/i }).waitFor({ timeout: WAIT });
    await kernelIs('Kernel Idle');
    await cell(1).screenshot({ path: join(SCREENSHOTS, 'notebook-2-interrupted.png') });
    await run(2);
    await ran(2);
    await cell(2).locator('.output_area', { hasText: '2042' }).waitFor({ timeout: WAIT });
  });

test('input() shows a prompt box, and what is typed there reaches the cell', { skip, timeout: 3 * WAIT }, async () => {
  await run(3);
  const prompt = cell(3).locator('.raw_input_container');
  await prompt.waitFor({ timeout: WAIT });
  assert.equal(await prompt.locator('.raw_input_prompt').textContent(), 'Your name? ');
  const box = prompt.locator('input.raw_input');
  await box.click();
  await page.keyboard.type('Ada');
  await page.screenshot({ path: join(SCREENSHOTS, 'notebook-3-input-prompt.png'), fullPage: true });
  await page.keyboard.press('Enter');
  await ran(3);
  await cell(3).locator('.output_area', { hasText: 'Hello, Ada!' }).waitFor({ timeout: WAIT });
  assert.match(await cell(3).locator('.output').textContent(), /Your name\? Ada/);
  await cell(3).screenshot({ path: join(SCREENSHOTS, 'notebook-4-input-answered.png') });
});

test('the notebook page loaded nothing from outside the server', { skip }, () => {
  assert.deepEqual(refused, []);
});
