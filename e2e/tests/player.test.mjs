// The session player's figure follows the timer and shows the side being worked, for the demo
// patient, whose programme has an exercise done on each side.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BIN, DEMO, checkPage, launchBrowser, newPage, signIn, startServer } from '../lib.mjs';
import { next, quickSession } from '../journey.mjs';

/** Goes through the demo patient's session to its first exercise counted in reps on each side. */
async function toRepsOnEachSide(page) {
  const player = page.locator('[data-player]');
  for (let i = 0; i < 5; i++) {
    await quickSession(page, { stopAt: `exercise-${i}` });
    const two = Number(await player.getAttribute('data-sides')) === 2;
    const reps = Number(await player.getAttribute('data-hold')) === 0 && Number(await player.getAttribute('data-minutes')) === 0;
    if (two && reps) return true;
    await next(page, 'I have done it');
    await next(page, 'No change');
  }
  return false;
}

describe('the figure in the session player', { timeout: 180_000 }, () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('an exercise on each side: the side under the figure, moving for a rep, resting between sides', async () => {
    const page = await newPage(browser, server.url);
    await signIn(page, DEMO.patient);
    const player = page.locator('[data-player]');
    const found = await toRepsOnEachSide(page);
    assert.ok(found, 'the demo programme has an exercise counted in reps on each side');
    const fig = page.locator('main figure[data-figure]');
    const side = fig.locator('[data-figure-side]');
    assert.equal((await side.innerText()).trim(), 'Left side', 'the first side is named before Start');

    await page.locator('[data-start]').click();
    assert.equal(await fig.getAttribute('data-state'), 'moving', 'the figure moves while the reps are counted');
    const reps = Number(await player.getAttribute('data-reps'));
    const rep = page.getByRole('button', { name: 'Done one' });
    for (let r = 0; r < reps; r++) await rep.click();

    assert.equal((await side.innerText()).trim(), 'Right side', 'the other side is named next');
    assert.equal(await fig.getAttribute('data-state'), 'resting', 'between sides the figure rests in the start position');
    const src = await fig.locator('img').evaluate((el) => new URL(el.currentSrc).pathname);
    assert.match(src, /-start\.svg$/);
    await fig.locator('img').evaluate((el) => el.complete || new Promise((res) => { el.onload = res; }));
    assert.ok(await fig.locator('img').evaluate((el) => el.naturalWidth > 0), `the start picture ${src} loads`);
    await checkPage(page, 'player-next-side');
    await page.context().close();
  });
});

describe("the player in a clinic's own words", { timeout: 180_000 }, () => {
  let server;
  let browser;
  let dir;
  before(async () => {
    // A clinic adapts the wording: the player reads it from the page, not from the script.
    dir = await mkdtemp(join(tmpdir(), 'sciatica-e2e-content-'));
    await promisify(execFile)(BIN, ['content', 'export', dir]);
    const file = join(dir, 'text.toml');
    const text = (await readFile(file, 'utf8'))
      .replace('reps_done = "{n} done of {of}"', 'reps_done = "{n} finished, {of} to do"')
      .replace('left_side = "left side"', 'left_side = "first side (left)"')
      .replace('first = "First: the {where}. Tap Start."', 'first = "Begin with the {where}, then tap Start."');
    await writeFile(file, text);
    server = await startServer({ env: { SCIATICA_CONTENT: dir } });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('the counts, sides and prompts come from the content', async () => {
    const page = await newPage(browser, server.url);
    await signIn(page, DEMO.patient);
    assert.ok(await toRepsOnEachSide(page), 'the demo programme has an exercise counted in reps on each side');
    const status = page.locator('[data-status]');
    assert.match((await status.innerText()).trim(), /^Begin with the (round 1 of \d+, )?first side \(left\), then tap Start\.$/);
    assert.equal((await page.locator('[data-figure-side]').innerText()).trim(), 'First side (left)');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByRole('button', { name: 'Done one' }).click();
    assert.match(await status.innerText(), /: 1 finished, \d+ to do \((round 1 of \d+, )?first side \(left\)\)$/);
    await checkPage(page, 'player-clinic-wording');
    await page.context().close();
  });
});
