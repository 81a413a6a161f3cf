// One clinician's morning on the demo clinic, in one go as they would do it: sign in and land on
// the panel, open a patient, confirm the cause, start the programme from the protocol; back on
// the panel, find the patient whose move waits, accept the proposal with a reason; then open that
// patient's one-page report and print it (print styles, then A4 and Letter PDFs of one page);
// the patient then sees the decision and its reason. Every state of every page is checked for accessibility at phone and desktop sizes and
// screenshotted; the PDFs land beside the screenshots.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DEMO, SCREENSHOTS, checkPage, launchBrowser, newPage, signIn, startServer, submit, visit,
} from '../lib.mjs';
import { pathOf } from '../journey.mjs';

/** Clicks a link and checks the page it leads to. */
async function follow(page, link, name) {
  const res = await submit(page, link);
  assert.equal(res.status(), 200, `${name}: ${res.status()} at ${page.url()}`);
  await checkPage(page, name);
}

describe("a clinician's journey", { timeout: 300_000 }, () => {
  let server;
  let browser;
  let page;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await newPage(browser, server.url);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('panel → patient → cause → programme → proposal → printed report', async () => {
    // Signing in lands on the panel: who needs attention first.
    await signIn(page, DEMO.clinician);
    assert.equal(pathOf(page), '/clinic', 'clinicians land on their panel');
    await checkPage(page, 'journey-panel');
    const names = await page.locator('table.panel tbody th.who a').allInnerTexts();
    assert.equal(names[0], 'Bea Moreno', `the urgent patient first: ${names}`);

    // Alex: the record, then confirm the cause and start the programme from the protocol.
    await follow(page, page.getByRole('link', { name: 'Alex', exact: true }), 'journey-record');
    assert.match(pathOf(page), /^\/clinic\/patients\/[^/]+$/);
    const alex = pathOf(page);
    assert.match(await page.locator('h1').innerText(), /Alex/);
    await follow(page, page.getByRole('link', { name: 'Confirm or change the cause' }), 'journey-cause');
    await page.getByLabel('Cause').selectOption('disc_herniation');
    await page.getByLabel('Why (optional)').fill('Examined today: L5 signs, MRI agrees.');
    await submit(page, page.getByRole('button', { name: 'Save' }));
    assert.equal(pathOf(page), `${alex}/actions`);
    assert.match(await page.locator('main').innerText(), /Cause confirmed: Lumbar disc herniation/i);
    await checkPage(page, 'journey-cause-saved');
    await follow(page, page.getByRole('link', { name: 'Start a programme from the protocol' }), 'journey-programme');
    await page.getByLabel('Phase').selectOption('1');
    await submit(page, page.getByRole('button', { name: 'Save' }));
    assert.match(await page.locator('main').innerText(), /Programme started: Lumbar disc herniation with radiculopathy, phase 1/);
    await checkPage(page, 'journey-programme-saved');

    // Back to the panel; the patients with a proposal waiting, and Jordan's.
    await follow(page, page.getByRole('link', { name: /^Back to .*record$/ }), 'journey-record-after');
    await follow(page, page.getByRole('link', { name: 'Your patients' }), 'journey-panel-again');
    await page.getByLabel('Show').selectOption('proposals');
    await submit(page, page.getByRole('button', { name: 'Filter' }));
    const waiting = await page.locator('table.panel tbody th.who a').allInnerTexts();
    assert.ok(waiting.includes('Jordan') && !waiting.includes('Alex'), `the patients whose proposals wait: ${waiting}`);
    await checkPage(page, 'journey-panel-proposals');
    await follow(page, page.getByRole('link', { name: 'Jordan', exact: true }), 'journey-record-waiting');
    const jordan = pathOf(page);
    await follow(page, page.getByRole('link', { name: 'Decide proposals' }), 'journey-actions-waiting');
    await follow(page, page.locator('main a[href$="/proposals/progress-phase-2"]'), 'journey-proposal');
    await page.getByRole('radio', { name: /^Accept/ }).check();
    await page.getByLabel(/^Why/).fill('Two steady weeks: time for strengthening.');
    await submit(page, page.getByRole('button', { name: 'Save the decision' }));
    assert.equal(pathOf(page), `${jordan}/actions`);
    const decided = await page.locator('main').innerText();
    assert.match(decided, /Proposal progress-phase-2: accepted/);
    assert.match(decided, /Nothing is waiting/);
    await checkPage(page, 'journey-proposal-accepted');

    // Jordan's one-page report: on screen, with the print styles, then printed.
    await follow(page, page.getByRole('link', { name: /^Back to .*record$/ }), 'journey-record-decided');
    await follow(page, page.getByRole('link', { name: 'Progress report' }), 'journey-report');
    const report = await page.locator('main').innerText();
    assert.match(report, /Progress report: Jordan/);
    assert.match(report, /Phase 2 since/, 'the report shows the accepted move');
    await page.emulateMedia({ media: 'print' });
    try {
      assert.equal(await page.locator('.no-print').first().isVisible(), false, 'the screen-only line is not printed');
      assert.equal(await page.locator('header.top').isVisible(), false, 'no site header on paper');
      await checkPage(page, 'journey-report-print');
      await mkdir(SCREENSHOTS, { recursive: true });
      for (const format of ['A4', 'Letter']) {
        const pdf = await page.pdf({ format, printBackground: true });
        await writeFile(join(SCREENSHOTS, `journey-report-${format}.pdf`), pdf);
        const pages = (pdf.toString('latin1').match(/\/Count (\d+)/) || [])[1];
        assert.equal(pages, '1', `the report prints on one ${format} page`);
      }
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }

    // What the clinician decided reaches Jordan: the new phase and the reason, on their programme.
    const patient = await newPage(browser, server.url);
    await signIn(patient, 'jordan@demo.invalid');
    await visit(patient, '/program', 'journey-program-decision');
    const program = await patient.locator('main').innerText();
    assert.match(program, /You are now in phase 2\./);
    assert.match(program, /Two steady weeks: time for strengthening\./);
    await patient.context().close();
  });
});
