// Urgent care comes first: a warning sign on page 3 gives the advice at once with a call link
// that works on a phone; exercise pages are refused while exercise is paused; and the weekly
// check confirms last time's history in one step and asks the warning signs blank.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VIEWPORTS, checkPage, clearConsole, launchBrowser, newPage, startServer, submit } from '../lib.mjs';
import { NO_WARNING_SIGNS, answerScreen, pathOf, signUp } from '../journey.mjs';

describe('urgent care comes first', { timeout: 180_000 }, () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({
      demo: false,
      env: {
        SCIATICA_EMERGENCY_NUMBERS: '999',
        SCIATICA_CLINIC_NAME: 'Riverside Physio',
        SCIATICA_CLINIC_PHONE: '+44 20 7946 0000',
      },
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a warning sign on page 3 gives the advice at once, with a call link first', async () => {
    const page = await newPage(browser, server.url);
    await signUp(page, await server.invite('patient'), { email: 'kim@example.org' });
    // New trouble passing urine: asked on page 3 of 8.
    const pages = await answerScreen(page, { ...NO_WARNING_SIGNS, bladder: 'yes' });
    assert.equal(pages, 3, 'the questions stop on the page that decides it');
    const card = page.locator('main .card-emergency');
    await card.waitFor();
    const call = card.locator('a[href^="tel:"]').first();
    assert.equal(await call.getAttribute('href'), 'tel:999');
    assert.match(await call.innerText(), /Call 999/);
    const box = await call.boundingBox();
    assert.ok(box.height >= 64, `a large call button (${box.height} px)`);
    assert.ok(box.y + box.height <= VIEWPORTS.phone.height, `the call is on the first screen (y = ${box.y})`);
    assert.equal(await card.locator('a[href="tel:+442079460000"]').count(), 1, 'the clinic too');
    assert.match(await card.innerText(), /can wait/);
    // A tap on the link asks the phone to dial: the browser is sent to the tel: address.
    const dialled = new Promise((res) => {
      page.context().on('request', (r) => { if (r.url().startsWith('tel:')) res(r.url()); });
      setTimeout(() => res(null), 3000);
    });
    await call.click({ noWaitAfter: true }).catch(() => {});
    const url = await dialled;
    assert.ok(url === null || url === 'tel:999', `dialled ${url}`);
    await checkPage(page, 'urgent-page-3');

    // Exercise instructions are refused by address while exercise is paused.
    const res = await page.goto('/exercises/prone-lying', { waitUntil: 'load' });
    assert.equal(res.status(), 409);
    const main = await page.locator('main').innerText();
    assert.match(main, /paused/i);
    assert.equal(await page.locator('main a[href="/today"]').count(), 1, 'points to the advice');
    assert.equal(await page.locator('main img, main ol').count(), 0, 'no figure and no steps');
    await checkPage(page, 'exercise-refused', { status: 409 });
    const api = await page.request.get('/api/v1/exercises/prone-lying');
    assert.equal(api.status(), 409);
    clearConsole(page);
    await page.goto('/program', { waitUntil: 'load' });
    assert.equal(await page.locator('main a[href^="/exercises/"]').count(), 0, 'the paused programme has no instructions');
    await page.goto('/today', { waitUntil: 'load' });
    assert.equal(await page.locator('main h1').innerText(), 'Get emergency help now', 'Today leads with the card');
    assert.equal(await page.locator('main a[href="tel:999"]').count(), 1);
    await checkPage(page, 'today-urgent-calls');
    await page.context().close();
  });

  test('the weekly check confirms the history in one step and asks the warning signs blank', async () => {
    const page = await newPage(browser, server.url);
    await signUp(page, await server.invite('patient'), { email: 'lee@example.org' });
    const first = await answerScreen(page, { ...NO_WARNING_SIGNS, age: '63' });
    assert.equal(first, 8);

    await page.goto('/screen', { waitUntil: 'load' });
    assert.equal(pathOf(page), '/screen/1');
    const confirm = await page.locator('main').innerText();
    assert.match(confirm, /Is this still right\?/);
    assert.match(confirm, /Your age: 63/);
    await checkPage(page, 'weekly-confirm');
    await submit(page, page.getByRole('button', { name: 'Yes, this is all still right' }));
    assert.equal(pathOf(page), '/screen/2');
    assert.match(await page.locator('main h1').innerText(), /Bladder, bowel/);
    assert.equal(await page.locator('main input:checked').count(), 0, 'nothing is pre-filled');
    await checkPage(page, 'weekly-warning-signs');
    const pages = await answerScreen(page, { ...NO_WARNING_SIGNS, age: '63' });
    assert.ok(1 + pages < first, `a shorter check (${1 + pages} pages)`);
    assert.equal(await page.locator('main .card-emergency, main .card-urgent').count(), 0);
    await page.context().close();
  });

  test('a warning sign on any later page gives its advice on that page, with a call link', async () => {
    // One warning sign per page after page 3: the questions stop where the answer decides it.
    // A same-day sign is decided only once nothing left can make it an emergency: the last page
    // still asks about sudden abdominal pain (R15), so same-day advice comes after page 8.
    const cases = [
      { answers: { weakness: 'severe' }, page: 4, emergency: true },
      { answers: { bilateral: 'new' }, page: 4, emergency: true },
      { answers: { fever: 'yes' }, page: 8, emergency: false },
      { answers: { cancer: 'yes', night_pain: 'yes' }, page: 8, emergency: false },
      { answers: { trauma: 'major' }, page: 7, emergency: true },
      { answers: { abdominal: 'yes' }, page: 8, emergency: true },
    ];
    for (const [i, c] of cases.entries()) {
      const page = await newPage(browser, server.url);
      await signUp(page, await server.invite('patient'), { email: `any-page-${i}@example.org` });
      const what = JSON.stringify(c.answers);
      const pages = await answerScreen(page, { ...NO_WARNING_SIGNS, ...c.answers });
      assert.equal(pages, c.page, `${what}: the questions stop on page ${c.page}`);
      const card = page.locator(c.emergency ? 'main .card-emergency' : 'main .card-urgent');
      assert.ok(await card.isVisible(), `${what}: the ${c.emergency ? 'emergency' : 'same-day'} card`);
      const call = card.locator('a[href^="tel:"]').first();
      assert.equal(await call.getAttribute('href'), c.emergency ? 'tel:999' : 'tel:+442079460000',
        `${what}: the first call is ${c.emergency ? 'the emergency number' : 'the clinic'}`);
      const box = await call.boundingBox();
      assert.ok(box.y + box.height <= VIEWPORTS.phone.height, `${what}: the call is on the first screen (y = ${box.y})`);
      if (c.page < 8) assert.match(await card.innerText(), /can wait/, `${what}: the rest can wait`);
      await checkPage(page, `urgent-page-${c.page}-${c.emergency ? 'emergency' : 'same-day'}`);
      const res = await page.goto('/exercises/prone-lying', { waitUntil: 'load' });
      assert.equal(res.status(), 409, `${what}: exercise instructions are refused`);
      await page.context().close();
    }
  });
});
