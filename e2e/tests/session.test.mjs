// The session player, as a new patient uses it: a guided session with the hold countdowns and
// the rep counter, the body map, the response after each exercise, the summary; the same plain
// forms with JavaScript off; and the stop advice when symptoms move down the leg.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkPage, launchBrowser, newPage, signIn, sleep, startServer, submit, visit,
} from '../lib.mjs';
import {
  PASSWORD, chooseLevel, newPatient, next, pathOf, quickSession, sessionStep, tapScale,
} from '../journey.mjs';

const EMAIL = 'jo@example.org';

/** Seconds shown by the countdown ("1:58" or "8"). */
function seconds(text) {
  const [a, b] = text.trim().split(':').map(Number);
  return b === undefined ? a : a * 60 + b;
}

describe('the session player', { timeout: 180_000 }, () => {
  let server;
  let browser;
  let page;
  before(async () => {
    server = await startServer({ demo: false });
    browser = await launchBrowser();
    page = await newPatient(browser, server, { email: EMAIL, name: 'Jo' });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a guided session with timers, step by step, to the summary', async () => {
    await page.getByRole('link', { name: 'Start a session' }).click();
    await page.waitForURL('**/session');
    assert.equal(await sessionStep(page), 'safety');
    await page.getByRole('radio', { name: 'No', exact: true }).check();
    await checkPage(page, 'session-01-safety');
    await next(page);

    assert.equal(await sessionStep(page), 'pain-before');
    await tapScale(page, 'Leg pain', 6);
    await tapScale(page, 'Back pain', 3);
    await tapScale(page, 'Leg pain', 5); // a change of mind: one box chosen per scale
    assert.equal(await page.locator('input[name="leg"]:checked').count(), 1);
    assert.equal(await page.locator('input[name="leg"]:checked').inputValue(), '5');
    await checkPage(page, 'session-02-pain-before');
    await next(page);

    // The body map: a tap on the left calf chooses "Calf or shin" for the left leg, and a choice
    // in the list for the right leg shows on the picture.
    assert.equal(await sessionStep(page), 'reach-before');
    const map = page.locator('[data-bodymap] svg[role="img"]');
    assert.ok(await map.isVisible(), 'the body map is shown');
    await page.locator('#map-left-4').click();
    assert.ok(await page.getByRole('group', { name: 'Left leg' }).getByRole('radio', { name: 'Calf or shin' }).isChecked(),
      'tapping the left calf checks "Calf or shin" for the left leg');
    assert.match(await page.locator('#map-left-4').getAttribute('class'), /\bbm-chosen\b/);
    assert.match(await page.locator('#map-left-2').getAttribute('class'), /\bbm-shaded\b/, 'the route above it is shaded');
    await chooseLevel(page, 'Right leg', 'Buttock');
    assert.match(await page.locator('#map-right-2').getAttribute('class'), /\bbm-chosen\b/, 'the list choice shows on the map');
    await page.locator('#map-right-1').click();
    assert.ok(await page.getByRole('group', { name: 'Right leg' }).getByRole('radio', { name: 'Low back' }).isChecked());
    assert.match(await map.locator('desc').textContent(), /Left: Calf or shin\. Right: Low back\.$/,
      "the map's description follows the choices");
    await checkPage(page, 'session-03-reach-before');
    await next(page);

    // Each exercise: the player (countdown or rep counter), then "I have done it" and the
    // response. The clock is tried on the first exercise of each kind.
    const tried = new Set();
    const kinds = [];
    let n = 0;
    while ((await sessionStep(page)).startsWith('exercise-')) {
      n += 1;
      const player = page.locator('[data-player]');
      assert.ok(await player.isVisible(), 'the player is shown with JavaScript');
      const name = (await page.locator('main h1').innerText()).trim();
      assert.ok(name.length > 0);
      const figure = page.locator('main figure img');
      assert.ok(await figure.evaluate((img) => img.complete && img.naturalWidth > 0), `${name}: the figure loads`);
      await checkPage(page, `session-04-exercise-${n}`);

      const kind = Number(await player.getAttribute('data-minutes')) > 0 ? 'minutes'
        : Number(await player.getAttribute('data-hold')) > 0 ? 'hold' : 'reps';
      kinds.push(kind);
      if (kind === 'minutes') {
        assert.match(await page.locator('[data-status]').innerText(), /^Where to be: Walking upright on flat ground\. Tap Start/,
          `${name}: the walk says where to be before it starts`);
      }
      const signals = page.getByRole('group', { name: 'At the end of each hold:' });
      // Sound and vibration are offered when the first hold starts, then kept.
      const offered = kind === 'hold' && tried.has('hold');
      assert.equal(await signals.getByLabel('Sound').isVisible(), offered,
        `${name}: the sound option only where there are holds, once offered`);
      if (offered) assert.ok(await signals.getByLabel('Sound').isChecked(), `${name}: the sound chosen earlier is kept`);
      const fig = page.locator('main figure[data-figure]');
      const side = fig.locator('[data-figure-side]');
      const sides = Number(await player.getAttribute('data-sides'));
      assert.equal(await side.isVisible(), sides === 2, `${name}: the side is shown when there are two`);
      if (sides === 2) assert.equal((await side.innerText()).trim(), 'Left side');
      if (!tried.has(kind)) {
        tried.add(kind);
        const clock = page.locator('[data-countdown]');
        const status = page.locator('[data-status]');
        await page.locator('[data-start]').click();
        // The figure follows the timer: held in the end position for a hold, moving otherwise.
        const state = kind === 'hold' ? 'held' : 'moving';
        assert.equal(await fig.getAttribute('data-state'), state, `${name}: the figure is ${state}`);
        const src = await fig.locator('img').evaluate((el) => new URL(el.currentSrc).pathname);
        assert.match(src, kind === 'hold' ? /-end\.svg$/ : /\/[a-z0-9-]+(?<!-end)(?<!-start)\.svg$/, `${name}: ${src}`);
        await fig.locator('img').evaluate((el) => el.complete || new Promise((res) => { el.onload = res; }));
        assert.ok(await fig.locator('img').evaluate((el) => el.naturalWidth > 0), `${name}: the figure ${src} loads`);
        if (kind === 'hold') {
          assert.ok(await signals.getByLabel('Sound').isVisible(), `${name}: the first hold offers a sound`);
          await signals.getByLabel('Sound').check();
        }
        if (kind === 'reps') {
          const rep = page.getByRole('button', { name: 'Done one' });
          assert.ok(await rep.isVisible(), `${name}: the rep counter is shown`);
          assert.equal((await clock.innerText()).trim(), '0', `${name}: none done before the first tap`);
          assert.match(await status.innerText(), /: 0 done of \d+/);
          await rep.click();
          await rep.click();
          assert.equal((await clock.innerText()).trim(), '2', `${name}: two taps, two done`);
          assert.match(await status.innerText(), /: 2 done of \d+/);
          await checkPage(page, `session-04-exercise-${n}-counting`);
        } else {
          const first = seconds(await clock.innerText());
          assert.match(await status.innerText(), kind === 'hold' ? /^Hold 1 of \d+/ : /^Keep going/);
          await sleep(2_200);
          const later = seconds(await clock.innerText());
          assert.ok(first - later >= 1 && first - later <= 4, `${name}: the countdown went from ${first} to ${later} in 2.2 s`);
          await checkPage(page, `session-04-exercise-${n}-counting`);
          if (kind === 'hold') {
            // Pause holds the clock.
            await page.getByRole('button', { name: 'Pause' }).click();
            assert.equal((await status.innerText()).trim(), 'Paused.');
            const paused = await clock.innerText();
            await sleep(1_200);
            assert.equal(await clock.innerText(), paused, 'a paused countdown stands still');
            await page.getByRole('button', { name: 'Carry on' }).click();
          }
        }
      }
      await next(page, 'I have done it');

      assert.equal(await sessionStep(page), `response-${n - 1}`);
      assert.match(await page.locator('main h1').innerText(), /What did .* do to your leg\?/);
      await checkPage(page, `session-05-response-${n}`);
      await next(page, n === 1 ? 'It moved up toward my back' : 'No change');
    }
    assert.ok(n >= 3, `the first phase has several exercises (${n})`);
    assert.deepEqual([...tried].sort(), ['hold', 'minutes', 'reps'], 'holds, minutes and repetitions were all tried');
    assert.equal(kinds.at(-1), 'minutes', `the walk comes after the floor exercises (${kinds})`);

    assert.equal(await sessionStep(page), 'pain-after');
    await tapScale(page, 'Leg pain', 3);
    await tapScale(page, 'Back pain', 2);
    await checkPage(page, 'session-06-pain-after');
    await next(page);

    assert.equal(await sessionStep(page), 'reach-after');
    await page.locator('#map-left-3').click();
    await chooseLevel(page, 'Right leg', 'No symptoms');
    assert.ok(await page.getByRole('group', { name: 'Left leg' }).getByRole('radio', { name: 'Thigh' }).isChecked());
    await checkPage(page, 'session-07-reach-after');
    await next(page);

    assert.equal(await sessionStep(page), 'extras');
    await page.getByLabel(/minutes could you walk/).fill('20');
    await page.getByLabel(/minutes can you sit/).fill('30');
    await checkPage(page, 'session-08-last-questions');
    await next(page, 'Save the session');

    assert.match(pathOf(page), /^\/session\/summary\/[^/]+$/);
    const summary = await page.locator('main').innerText();
    // The player ran for a moment only: the log says what was done, not what was planned.
    assert.match(summary, new RegExp(`You did \\d+ of ${n} exercises in full`));
    assert.match(summary, /Leg pain: 5 before, 3 after/);
    assert.match(summary, /Back pain: 3 before, 2 after/);
    assert.ok(await page.locator('main .card-good').isVisible(), 'symptoms moving up the leg is called a good sign');
    await checkPage(page, 'session-09-summary');

    await visit(page, '/today', 'today-after-session');
    assert.match(await page.locator('main').innerText(), /Done at \d\d:\d\d/);
  });

  test('with JavaScript off the plain forms do a whole session, and "moved further down" stops it at once', async () => {
    const plain = await newPage(browser, server.url, { javaScriptEnabled: false });
    await signIn(plain, EMAIL, PASSWORD);
    await visit(plain, '/session', 'session-nojs-01-safety');
    assert.equal(await sessionStep(plain), 'safety');
    await plain.getByRole('radio', { name: 'No', exact: true }).check();
    await next(plain);

    await tapScale(plain, 'Leg pain', 4);
    await tapScale(plain, 'Back pain', 4);
    await checkPage(plain, 'session-nojs-02-pain-before');
    await next(plain);

    await chooseLevel(plain, 'Left leg', 'Thigh');
    await chooseLevel(plain, 'Right leg', 'No symptoms');
    await checkPage(plain, 'session-nojs-03-reach-before');
    await next(plain);

    assert.equal(await sessionStep(plain), 'exercise-0');
    assert.ok(await plain.locator('[data-player]').isHidden(), 'without JavaScript the player stays hidden');
    assert.ok(await plain.getByRole('button', { name: 'I have done it' }).isVisible());
    await checkPage(plain, 'session-nojs-04-exercise');
    await next(plain, 'I have done it');

    // Symptoms moved down the leg: the next page says to stop, before anything else.
    await next(plain, 'It moved further down my leg');
    const advice = plain.getByRole('alert').filter({ hasText: 'Stop this exercise' });
    assert.ok(await advice.isVisible(), 'the stop advice shows straight away');
    assert.equal(await sessionStep(plain), 'pain-after', 'the session goes on to the questions after');
    await checkPage(plain, 'session-nojs-05-stop-advice');

    await tapScale(plain, 'Leg pain', 6);
    await tapScale(plain, 'Back pain', 4);
    await next(plain);
    await chooseLevel(plain, 'Left leg', 'Calf or shin');
    await chooseLevel(plain, 'Right leg', 'No symptoms');
    await next(plain);
    await checkPage(plain, 'session-nojs-06-last-questions');
    await next(plain, 'Save the session');

    assert.match(pathOf(plain), /^\/session\/summary\/[^/]+$/);
    const summary = await plain.locator('main').innerText();
    assert.match(summary, /You stopped at exercise 1\. Stopping was the right thing to do\./);
    assert.ok(await plain.locator('main .card-emergency').isVisible(), 'moving down the leg is flagged');
    await checkPage(plain, 'session-nojs-07-summary');
    await plain.context().close();
  });

  test('the stop form on an exercise gives the stop advice', async () => {
    await page.goto('/session', { waitUntil: 'load' });
    await quickSession(page, { stopAt: 'exercise-0' });
    // One tap, straight below "I have done it".
    const stop = page.getByRole('group', { name: /Too painful, or moving down your leg/ });
    const res = await submit(page, stop.getByRole('button', { name: 'It spread further down my leg' }));
    assert.equal(res.status(), 200);
    assert.ok(await page.getByRole('alert').filter({ hasText: 'Stop this exercise' }).isVisible());
    await checkPage(page, 'session-stopped');
    await quickSession(page);
    assert.match(await page.locator('main').innerText(), /You stopped at exercise 1\./);
  });

  test('progress after the first sessions', async () => {
    await visit(page, '/progress', 'progress-new');
    assert.ok(await page.locator('main svg[role="img"]').count() >= 3, 'the charts are drawn');
    const text = await page.locator('main').innerText();
    assert.match(text, /Your first week\./, 'a new record is drawn as its first week, not a month of blanks');
  });
});
