// A new server on an empty database: patients invited on the command line sign up and answer
// the safety questions. A warning sign stops everything at an emergency card; without one the
// person chooses session times and lands on Today, ready to start.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPage, launchBrowser, newPage, startServer, submit } from '../lib.mjs';
import { NO_WARNING_SIGNS, answerScreen, chooseTimes, pathOf, signUp } from '../journey.mjs';

describe('onboarding on an empty server', { timeout: 180_000 }, () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ demo: false });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a warning sign gives the emergency card, and no session can start', async () => {
    const page = await newPage(browser, server.url);
    await signUp(page, await server.invite('patient'), { email: 'robin@example.org' });
    assert.equal(pathOf(page), '/screen/1', 'a new patient starts with the safety questions');

    // Numbness between the legs (saddle numbness): a sign of cauda equina syndrome.
    await answerScreen(page, { ...NO_WARNING_SIGNS, saddle: 'yes' }, {
      check: (n) => (n === 3 ? 'screen-warning-sign' : undefined),
    });
    const card = page.locator('main .card-emergency');
    await card.waitFor();
    assert.match(await card.innerText(), /emergency|999|112|911/i, 'the card says to get emergency care');
    // Nothing else to tap but the calls and one button: no menu, no skip link, no footer link.
    assert.ok(await card.locator('a[href^="tel:"]').count() >= 1, 'a call link');
    const tappable = page.locator('a[href]:not([href^="tel:"]), button, input:not([type="hidden"]), select, textarea, summary');
    assert.equal(await tappable.count(), 1, `only the calls and "I understand" can be tapped, found: ${await tappable.allInnerTexts()}`);
    assert.equal((await tappable.first().innerText()).trim(), 'I understand');
    await checkPage(page, 'screen-result-emergency');

    await submit(page, page.getByRole('button', { name: 'I understand' }));
    assert.equal(pathOf(page), '/today');
    const status = page.locator('main .card-emergency');
    assert.ok(await status.isVisible(), 'Today shows the emergency card');
    assert.equal(await page.locator('main a[href="/session"]').count(), 0, 'Today has no link to a session');
    assert.equal(await page.getByRole('link', { name: /start a session/i }).count(), 0);
    await checkPage(page, 'today-emergency');

    await page.goto('/session', { waitUntil: 'load' });
    assert.equal(pathOf(page), '/today', '/session sends back to Today');
    await page.goto('/program', { waitUntil: 'load' });
    assert.match(await page.locator('main').innerText(), /paused/i, 'the programme says the exercises are paused');
    await checkPage(page, 'program-paused');
    await page.context().close();
  });

  test('without warning signs: every question page, the result, session times, then Today', async () => {
    const page = await newPage(browser, server.url);
    await signUp(page, await server.invite('patient'), { email: 'sam@example.org', name: 'Sam' });
    const pages = await answerScreen(page, NO_WARNING_SIGNS, { check: 'screen' });
    assert.ok(pages >= 5, `the questions come one topic a page (${pages} pages)`);

    assert.equal(await page.locator('.card-emergency, .card-urgent').count(), 0, 'no urgent card');
    await checkPage(page, 'screen-result');
    await submit(page, page.getByRole('link', { name: 'Next: your session times' }));
    assert.equal(pathOf(page), '/onboarding/times');
    // The time zone is found by typing a city's name.
    await chooseTimes(page, { zone: 'Berlin', morning: '07:30', evening: '19:00' }, { check: 'times' });

    const main = await page.locator('main').innerText();
    assert.match(main, /, Sam\b/, 'Today greets the person by name');
    assert.match(main, /07:30/);
    assert.match(main, /19:00/);
    const start = page.getByRole('link', { name: 'Start a session' });
    assert.ok(await start.isVisible(), 'Today has a "Start a session" button');
    assert.equal(await start.getAttribute('href'), '/session');
    await checkPage(page, 'today-new');

    // The chosen zone and times are kept.
    await page.goto('/onboarding/times', { waitUntil: 'load' });
    assert.equal(await page.getByLabel('Your time zone').inputValue(), 'Europe/Berlin');
    assert.equal(await page.getByLabel('Morning session').inputValue(), '07:30');
    await page.context().close();
  });
});
