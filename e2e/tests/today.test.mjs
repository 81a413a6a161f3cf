// Today on a phone: whatever notices are shown, the button that starts a session is on the first
// screen, and the notices are still there to read below it.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, VIEWPORTS, launchBrowser, newPage, signIn, startServer, visit } from '../lib.mjs';
import { NO_WARNING_SIGNS, newPatient } from '../journey.mjs';

/** Fails unless the link that starts a session (named `name`) ends within the phone's first
 * screen. */
async function startAboveTheFold(page, name = 'Start a session') {
  await page.setViewportSize(VIEWPORTS.phone);
  await page.evaluate(() => window.scrollTo(0, 0));
  const start = await page.getByRole('link', { name }).boundingBox({ timeout: 5_000 });
  assert.ok(start, `a "${name}" button is shown`);
  assert.ok(start.y + start.height <= VIEWPORTS.phone.height,
    `the start button ends at y = ${start.y + start.height}, below the first ${VIEWPORTS.phone.height} px`);
}

describe('Today keeps the start button on the first screen', { timeout: 180_000 }, () => {
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

  test('two notices: advice to see a clinician soon and the questionnaires due', async () => {
    // Two answers that each ask for a routine check by a doctor, and a new patient's
    // questionnaires: a notice card with two reasons and the list of questionnaires due.
    const answers = { ...NO_WARNING_SIGNS, vascular: 'yes', inflammatory: 'yes' };
    const page = await newPatient(browser, server, { email: 'sam@example.org', name: 'Sam', answers });
    await visit(page, '/today', 'today-two-notices');
    const notice = page.locator('main .card-notice');
    assert.equal(await notice.count(), 1, 'the advice to see a clinician is shown');
    assert.ok((await notice.locator('p').count()) >= 2, 'with both reasons');
    assert.equal(await page.locator('main section.notice .due-list').count(), 1, 'the questionnaires due are shown');
    await startAboveTheFold(page);
    await page.context().close();
  });
});

describe('Today for the demo patient, with the weekly safety check due', { timeout: 120_000 }, () => {
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

  test('the start button comes before the notice', async () => {
    const page = await newPage(browser, server.url);
    await signIn(page, DEMO.patient);
    await visit(page, '/today', 'today');
    assert.match(await page.locator('main').innerText(), /weekly safety check/);
    // The demo's sessions are laid out on the clock: after the evening session's time both are
    // done and the button offers an extra session instead.
    await startAboveTheFold(page, /^(Start a session|Do an extra session)$/);
    await page.context().close();
  });
});
