// The demo clinician's panel and record: sign in, land on the panel (who needs attention first,
// every state, filtered without JavaScript), open a patient's record, record some clinician time
// and read the monthly summary; and the demo patient ending a clinician's access from their
// account page. (The journey from the panel to the printed report is clinician-journey.test.mjs.)
// Every page is checked for accessibility at phone and desktop sizes and screenshotted.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEMO, checkPage, launchBrowser, newPage, signIn, startServer, submit, visit,
} from '../lib.mjs';

describe('the demo clinician', { timeout: 240_000 }, () => {
  let server;
  let browser;
  let page;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await newPage(browser, server.url);
    await signIn(page, DEMO.clinician);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('lands on the panel, most pressing first, and filters without JavaScript', async () => {
    assert.equal(new URL(page.url()).pathname, '/clinic', 'clinicians land on their panel');
    await visit(page, '/clinic', 'clinic-panel');
    const names = await page.locator('table.panel tbody th.who a').allInnerTexts();
    assert.equal(names[0], 'Bea Moreno', `the urgent patient first: ${names}`);
    assert.ok(names.includes('Alex') && names.length >= 8, `every demo patient: ${names}`);
    const first = await page.locator('table.panel tbody tr').first().innerText();
    assert.match(first, /Urgent, not acknowledged/);
    for (const state of ['Spreading down the leg', 'Harm reported', 'Leg pain worsening', 'Not logging', 'Proposals waiting', 'On track']) {
      assert.ok(await page.locator('table.panel').getByText(state, { exact: false }).first().isVisible(), `${state} on the panel`);
    }
    const plain = await newPage(browser, server.url, { javaScriptEnabled: false });
    await signIn(plain, DEMO.clinician);
    await visit(plain, '/clinic', 'clinic-panel-no-js');
    await plain.getByLabel('Show').selectOption('harm');
    await submit(plain, plain.getByRole('button', { name: 'Filter' }));
    const filtered = await plain.locator('table.panel tbody th.who a').allInnerTexts();
    assert.deepEqual(filtered, ['Dee Laine']);
    await checkPage(plain, 'clinic-panel-filtered');
    await plain.context().close();
  });

  test('opens a record, records time, and reads the monthly summary', async () => {
    await visit(page, '/clinic', 'clinic-panel');
    await page.getByRole('link', { name: 'Cal Osei' }).click();
    await page.waitForURL(/\/clinic\/patients\/[^/]+$/);
    const record = new URL(page.url()).pathname;
    await visit(page, record, 'clinic-record');
    const main = await page.locator('main').innerText();
    for (const heading of ['What each exercise does', 'Sessions', 'Safety screens', 'Programme versions', 'Clinical actions']) {
      assert.ok(main.includes(heading), `${heading} on the record`);
    }
    assert.match(main, /Prone press-up[^\n]*\t1\tMixed/, 'the exercise that once spread the symptoms is named');

    await page.getByLabel("Minutes spent today on this patient's care").fill('15');
    await page.getByLabel(/What for/).fill('reviewed the week');
    await submit(page, page.getByRole('button', { name: 'Record the time' }));
    assert.match(await page.locator('main').innerText(), /Your time is recorded/);
    await checkPage(page, 'clinic-record-time');

    await visit(page, `${record}/monitoring`, 'clinic-monitoring');
    assert.match(await page.locator('main').innerText(), /15 minutes/);
  });

  test('a patient sees their clinicians and can end an access', async () => {
    const alex = await newPage(browser, server.url);
    await signIn(alex, DEMO.patient);
    await visit(alex, '/account', 'account-clinicians');
    assert.match(await alex.locator('#clinicians').innerText(), /clinician@demo\.invalid/);
    await submit(alex, alex.getByRole('button', { name: /End access/ }));
    await checkPage(alex, 'account-end-access');
    await submit(alex, alex.getByRole('button', { name: 'End access' }));
    assert.match(await alex.locator('#clinicians').innerText(), /had access from/);
    await visit(page, '/clinic', 'clinic-panel-after');
    const names = await page.locator('table.panel tbody th.who a').allInnerTexts();
    assert.ok(!names.includes('Alex'), 'Alex left the panel');
    await alex.context().close();
  });
});
