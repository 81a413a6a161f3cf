// Questionnaires a new patient answers at home: Today lists the ones due, each is answered on a
// phone and scored, and the saved page says in one sentence what the score means against the
// first one. Licensed questionnaires are not offered, but their scores can still be entered
// from a clinic's paper copy.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPage, launchBrowser, startServer, submit, visit } from '../lib.mjs';
import { newPatient, pathOf } from '../journey.mjs';

/** Ticks answer `code` of question `n` (1-based) on the form shown. */
async function tick(page, n, code) {
  await page.locator('main fieldset').nth(n - 1).getByRole('radio', { name: String(code), exact: true }).check();
}

async function save(page, name) {
  const res = await submit(page, page.getByRole('button', { name: 'Save my answers' }));
  assert.equal(res.status(), 200, `saving ${name}`);
  assert.match(pathOf(page), /\/saved\//, `saving ${name} shows the result (at ${page.url()})`);
  await checkPage(page, name);
  return page.locator('main .card').innerText();
}

describe('questionnaires answered and scored', { timeout: 240_000 }, () => {
  let server;
  let browser;
  let page;
  before(async () => {
    server = await startServer({ demo: false });
    browser = await launchBrowser();
    page = await newPatient(browser, server, { email: 'kim@example.org', name: 'Kim' });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('Today lists the questionnaires due at the start, and not the licensed ones', async () => {
    await visit(page, '/today', 'today-questionnaires-due');
    const due = page.locator('main .due-list a');
    assert.deepEqual(await due.allInnerTexts(), ['Leg and back pain', 'Things you find hard to do', 'Pain and its effect on your life']);
    assert.equal(await page.locator('main a[href="/measures/odi"]').count(), 0);
    const start = await page.getByRole('link', { name: 'Start a session' }).boundingBox();
    assert.ok(start && start.y + start.height <= 844, `the start button stays above the fold (y = ${start?.y})`);
    await visit(page, '/measures', 'measures-offered');
    assert.equal(await page.locator('main .measure-list li').count(), 4, 'the four questionnaires whose text is shipped');
  });

  test('leg and back pain: two scales, then the change against the first answer', async () => {
    await page.goto('/today');
    await submit(page, page.getByRole('link', { name: 'Leg and back pain' }));
    await tick(page, 1, 7);
    await tick(page, 2, 3);
    await checkPage(page, 'measure-nrs');
    assert.match(await save(page, 'measure-nrs-saved'), /Leg pain: 7 out of 10[\s\S]*this is your starting point/);
    await visit(page, '/measures/nrs', 'measure-nrs-again');
    await tick(page, 1, 4);
    await tick(page, 2, 2);
    assert.match(await save(page, 'measure-nrs-better'), /3 points better than your first answer of 7: that is a change that matters/);
  });

  test('the PSFS: named activities, a missing name named, then the average', async () => {
    await visit(page, '/measures/psfs', 'measure-psfs');
    await page.getByLabel('What is the activity?').nth(0).fill('Sitting through a meal');
    await tick(page, 1, 3);
    await tick(page, 2, 5);
    const res = await submit(page, page.getByRole('button', { name: 'Save my answers' }));
    assert.equal(res.status(), 422);
    assert.match(await page.locator('main .error').innerText(), /has a rating but no name; allowed: the activity/);
    await checkPage(page, 'measure-psfs-error', { status: 422 });
    assert.equal(await page.getByLabel('What is the activity?').nth(0).inputValue(), 'Sitting through a meal');
    await page.getByLabel('What is the activity?').nth(1).fill('Putting on socks');
    await tick(page, 1, 3);
    await tick(page, 2, 5);
    assert.match(await save(page, 'measure-psfs-saved'), /Your average rating is 4 out of 10/);
  });

  test('the PEG and the weekly question', async () => {
    await visit(page, '/measures/peg', 'measure-peg');
    await tick(page, 1, 4);
    await tick(page, 2, 6);
    await tick(page, 3, 7);
    assert.match(await save(page, 'measure-peg-saved'), /Your PEG score is 5\.7 out of 10/);
    await visit(page, '/measures/global_change', 'measure-global-change');
    await page.getByRole('radio', { name: 'Much better' }).check();
    assert.match(await save(page, 'measure-global-change-saved'), /much better than when you started/);
    await visit(page, '/today', 'today-questionnaires-done');
    assert.equal(await page.locator('main .due-list').count(), 0, 'nothing left to answer today');
  });

  test("a licensed questionnaire's scores from the clinic's paper copy", async () => {
    await visit(page, '/measures/odi', 'measure-odi-paper');
    assert.match(await page.locator('main .notice').innerText(), /Use your clinic's copy/);
    for (let n = 1; n <= 10; n++) await tick(page, n, n === 8 ? 0 : 2);
    assert.match(await save(page, 'measure-odi-saved'), /36 out of 100[\s\S]*starting point/);
  });
});
