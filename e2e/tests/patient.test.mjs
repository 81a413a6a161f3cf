// The demo patient, with weeks of made-up data: sign in, the patient's pages, the progress
// charts, the programme's exercises (also with reduced motion), the learn pages, sign out.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEMO, checkPage, launchBrowser, newPage, sessionCookie, signIn, startServer, submit, visit,
} from '../lib.mjs';

describe('the demo patient', { timeout: 180_000 }, () => {
  let server;
  let browser;
  let page;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await newPage(browser, server.url);
    await signIn(page, DEMO.patient);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  // [path, screenshot name]: one line per page of a signed-in patient (the learn pages and the
  // exercises of the programme are found from their lists, below).
  const PAGES = [
    ['/today', 'today'],
    ['/progress', 'progress'],
    ['/progress?days=84', 'progress-12-weeks'],
    ['/program', 'program'],
    ['/measures', 'measures'],
    ['/learn', 'learn'],
    ['/calendar', 'calendar'],
    ['/data', 'data-demo'],
    ['/onboarding/times', 'times-demo'],
    ['/account', 'account'],
  ];
  for (const [path, name] of PAGES) {
    test(`${path} is accessible, clean and screenshotted`, async () => {
      await visit(page, path, name);
    });
  }

  test('weeks of data: Today, the progress charts with their summaries and tables', async () => {
    await page.goto('/today'); // checked with PAGES above
    assert.match(await page.locator('main').innerText(), /Streak: /);
    assert.ok(await page.locator('main .slot').count() >= 2, 'the morning and evening sessions');

    await page.goto('/progress');
    const charts = page.locator('main section.chart');
    const count = await charts.count();
    assert.ok(count >= 4, `pain, reach, sessions and questionnaire charts (${count})`);
    for (let i = 0; i < count; i++) {
      const chart = charts.nth(i);
      const svg = chart.locator('svg[role="img"]');
      assert.equal(await svg.count(), 1, `chart ${i + 1} is one image`);
      const name = await svg.evaluate((el) => el.getAttribute('aria-label')
        || (el.getAttribute('aria-labelledby') || '').split(/\s+/).map((id) => document.getElementById(id)?.textContent || '').join(' ').trim());
      assert.ok(name, `chart ${i + 1} has a text alternative`);
      assert.ok((await chart.locator('.chart-summary').innerText()).trim().length > 20, `chart ${i + 1} has a summary in words`);
      const table = chart.locator('table');
      assert.ok(await table.isHidden(), 'the table starts folded away');
    }
    const first = charts.first();
    await first.getByText('Show as a table').click();
    assert.ok(await first.locator('table').isVisible(), '"Show as a table" opens the table');
    assert.ok(await first.locator('tbody tr').count() >= 7, 'a row per day');
    await checkPage(page, 'progress-table');
  });

  test('the programme and every exercise in it, each figure loaded', async () => {
    await page.goto('/program');
    const ids = await page.locator('main a.exercise-link').evaluateAll((as) =>
      as.map((a) => a.getAttribute('href').replace('/exercises/', '')));
    assert.ok(ids.length >= 3, `the programme lists exercises (${ids})`);
    for (const id of ids) {
      await visit(page, `/exercises/${id}`, `exercise-${id}`);
      const img = page.locator('main figure picture img');
      assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth > 0), `${id}: the figure loads`);
      assert.match(await img.evaluate((el) => el.currentSrc), new RegExp(`/figures/${id}\\.svg$`), `${id}: the moving figure`);
    }
  });

  test('with reduced motion an exercise shows the still end position', async () => {
    const still = await newPage(browser, server.url, { reducedMotion: 'reduce' });
    await signIn(still, DEMO.patient);
    await visit(still, '/exercises/prone-press-up', 'exercise-reduced-motion');
    const img = still.locator('main figure picture img');
    assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth > 0), 'the figure loads');
    assert.match(await img.evaluate((el) => el.currentSrc), /\/figures\/prone-press-up-end\.svg$/,
      'the <picture> picked the still end-position figure');
    await still.context().close();
  });

  test('the learn list and every learn page', async () => {
    await page.goto('/learn');
    const ids = await page.locator('main ul.learn-list a').evaluateAll((as) =>
      as.map((a) => a.getAttribute('href').replace('/learn/', '')));
    assert.ok(ids.length >= 5, `the learn pages are listed (${ids})`);
    for (const id of ids) {
      await visit(page, `/learn/${id}`, `learn-${id}`);
      assert.ok((await page.locator('main h1').innerText()).trim(), `${id} has a heading`);
    }
  });

  test('the account page names the account', async () => {
    await visit(page, '/account', 'account');
    assert.match(await page.locator('main').innerText(), new RegExp(`Signed in as ${DEMO.patient.replace('.', '\\.')}`));
  });

  test('signing out ends the session', async () => {
    await visit(page, '/account', 'account');
    const res = await submit(page, page.getByRole('button', { name: 'Sign out' }));
    assert.equal(res.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(await sessionCookie(page), undefined, 'the session cookie is gone');
    await page.goto('/account');
    assert.equal(new URL(page.url()).pathname, '/login', 'the account page needs signing in again');
  });
});
