// The session player's figure follows the timer and shows the side being worked, for the demo
// patient, whose programme has an exercise done on each side.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, checkPage, launchBrowser, newPage, signIn, startServer } from '../lib.mjs';
import { next, quickSession } from '../journey.mjs';

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
    let found = false;
    for (let i = 0; i < 5 && !found; i++) {
      await quickSession(page, { stopAt: `exercise-${i}` });
      const two = Number(await player.getAttribute('data-sides')) === 2;
      const reps = Number(await player.getAttribute('data-hold')) === 0 && Number(await player.getAttribute('data-minutes')) === 0;
      if (two && reps) {
        found = true;
      } else {
        await next(page, 'I have done it');
        await next(page, 'No change');
      }
    }
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
