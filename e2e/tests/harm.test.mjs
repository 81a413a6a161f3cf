// Something went wrong after a session: the link on the summary leads to a short form; a missing
// choice is named; a bladder change gives the emergency card with a call link first and pauses
// the programme; a mild twinge gets calm advice to carry on with care.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { VIEWPORTS, checkPage, launchBrowser, startServer, submit } from '../lib.mjs';
import { newPatient, pathOf, quickSession } from '../journey.mjs';

describe('reporting harm after a session', { timeout: 180_000 }, () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ demo: false, env: { SCIATICA_EMERGENCY_NUMBERS: '999' } });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('something went wrong after a session: the form, then the emergency card with a call link', async () => {
    const page = await newPatient(browser, server, { email: 'ria@example.org' });
    await quickSession(page);
    const summary = pathOf(page);
    await page.getByRole('link', { name: 'Something went wrong?' }).click();
    await page.waitForURL(`**${summary}/harm`);
    await checkPage(page, 'harm-01-form');

    // Sent without a choice: the form again, saying what is missing.
    const res = await submit(page, page.getByRole('button', { name: 'Send and see what to do' }));
    assert.equal(res.status(), 422);
    assert.match(await page.locator('main').innerText(), /Choose what happened\./);
    await checkPage(page, 'harm-02-missing', { status: 422 });

    await page.getByRole('radio', { name: /New trouble peeing/ }).check();
    await page.getByRole('radio', { name: /^Mild/ }).check();
    await submit(page, page.getByRole('button', { name: 'Send and see what to do' }));
    const card = page.locator('main .card-emergency');
    await card.waitFor();
    const call = card.locator('a[href^="tel:"]').first();
    assert.equal(await call.getAttribute('href'), 'tel:999');
    const box = await call.boundingBox();
    assert.ok(box.y + box.height <= VIEWPORTS.phone.height, `the call is on the first screen (y = ${box.y})`);
    await checkPage(page, 'harm-03-emergency');

    await page.getByRole('link', { name: 'I understand' }).click();
    await page.waitForURL('**/today');
    assert.equal(await page.locator('main h1').innerText(), 'Get emergency help now', 'Today leads with the card');
    assert.equal(await page.getByRole('link', { name: 'Start a session' }).count(), 0, 'the programme is paused');
    const status = await (await page.request.get('/api/v1/status')).json();
    assert.equal(status.alerts[0].rule, 'H01', 'the alert is in the status');
    await page.context().close();
  });

  test('a mild twinge gets calm advice to carry on with care', async () => {
    const page = await newPatient(browser, server, { email: 'lee@example.org' });
    await quickSession(page);
    await page.goto(`${pathOf(page)}/harm`, { waitUntil: 'load' });
    await page.getByRole('radio', { name: /^Pain much worse/ }).check();
    await page.getByRole('radio', { name: /^Mild/ }).check();
    await page.getByLabel('What happened, in your own words').fill('A twinge in the calf on the last stretch');
    await submit(page, page.getByRole('button', { name: 'Send and see what to do' }));
    const main = await page.locator('main').innerText();
    assert.match(main, /Carry on with care/);
    assert.equal(await page.locator('main a[href^="tel:"]').count(), 0, 'nothing alarming');
    await checkPage(page, 'harm-04-mild');
    await page.goto('/today', { waitUntil: 'load' });
    assert.equal(await page.getByRole('link', { name: /session/i }).count() > 0, true, 'the programme goes on');
    await page.context().close();
  });
});
