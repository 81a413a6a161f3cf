// A new patient's own records: the programme, the pain ratings, calendar reminders turned on and
// off, downloads of everything recorded, and deleting the account.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  checkPage, launchBrowser, newPage, sessionCookie, startServer, submit, visit,
} from '../lib.mjs';
import { PASSWORD, newPatient, pathOf, quickSession } from '../journey.mjs';

const EMAIL = 'lee@example.org';

/** Clicks a download link and resolves with the file's name and text. */
async function download(page, link) {
  const started = page.waitForEvent('download');
  await link.click();
  const file = await started;
  const failure = await file.failure();
  assert.equal(failure, null, `the download of ${file.suggestedFilename()} failed: ${failure}`);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

describe("a new patient's records", { timeout: 180_000 }, () => {
  let server;
  let browser;
  let page;
  before(async () => {
    server = await startServer({ demo: false });
    browser = await launchBrowser();
    page = await newPatient(browser, server, { email: EMAIL, name: 'Lee' });
    await quickSession(page);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('the programme of the first phase', async () => {
    await visit(page, '/program', 'program-new');
    const links = page.locator('main a.exercise-link');
    assert.ok(await links.count() >= 3, 'the exercises are listed');
    const thumbs = await links.locator('img').evaluateAll((imgs) => imgs.map((i) => i.naturalWidth));
    assert.ok(thumbs.every((w) => w > 0), 'every thumbnail loads');
  });

  test('the leg and back pain ratings are answered from the list and scored', async () => {
    await visit(page, '/measures', 'measures-new');
    assert.equal(await page.locator('main a[href="/measures/odi"]').count(), 0, 'the ODI text is not loaded: not listed');
    await submit(page, page.locator('main a[href="/measures/nrs"]'));
    assert.equal(pathOf(page), '/measures/nrs');
    const items = page.locator('main fieldset');
    assert.equal(await items.count(), 2, 'leg and back are two scales');
    await items.nth(0).getByRole('radio', { name: '6', exact: true }).check();
    await items.nth(1).getByRole('radio', { name: '2', exact: true }).check();
    const res = await submit(page, page.getByRole('button', { name: 'Save my answers' }));
    assert.equal(res.status(), 200);
    assert.match(pathOf(page), /^\/measures\/nrs\/saved\//);
    assert.match(await page.locator('main').innerText(), /Your leg pain is 6 out of 10: this is your starting point/);
    await visit(page, '/measures', 'measures-saved');
    const nrs = page.locator('main li').filter({ hasText: 'Leg and back pain' });
    assert.match(await nrs.innerText(), /Last: 6 /, 'the list shows the saved score');
  });

  test('calendar reminders: the feed is a daily calendar, and turning it off ends the link', async () => {
    await visit(page, '/account', 'account-patient');
    await submit(page, page.getByRole('link', { name: 'Reminders in your calendar' }));
    assert.equal(pathOf(page), '/calendar');
    assert.match(await page.locator('main').innerText(), /Reminders are off/);
    await checkPage(page, 'calendar-off');

    await submit(page, page.getByRole('button', { name: 'Turn on calendar reminders' }));
    const url = await page.getByRole('textbox', { name: 'Your calendar link' }).inputValue();
    assert.match(url, /^https?:\/\/[^/]+\/calendar\/[^/]+\.ics$/, `the link: ${url}`);
    assert.equal(new URL(url).origin, server.url, 'the link points at this server');
    await checkPage(page, 'calendar-on');

    const feed = await page.request.get(url);
    assert.equal(feed.status(), 200);
    assert.match(feed.headers()['content-type'], /^text\/calendar\b/);
    const ics = await feed.text();
    assert.match(ics, /^BEGIN:VCALENDAR\r?\n/);
    assert.match(ics, /RRULE:FREQ=DAILY/);
    assert.match(ics, /T080000/, 'the morning session at the chosen 08:00');
    assert.match(ics, /END:VCALENDAR\s*$/);

    await submit(page, page.getByRole('button', { name: 'Turn reminders off' }));
    assert.match(await page.locator('main').innerText(), /Reminders are off/);
    const gone = await page.request.get(url);
    assert.equal(gone.status(), 404, 'the old link answers 404');
  });

  test('downloads: all the data as JSON and the sessions as CSV', async () => {
    await visit(page, '/data', 'data');
    const json = await download(page, page.getByRole('link', { name: 'All your data (JSON)' }));
    assert.equal(json.name, 'sciatica-export.json');
    const data = JSON.parse(json.text);
    assert.ok(json.text.includes(EMAIL), 'the export holds the account email');
    const sessions = findArray(data, 'sessions');
    assert.ok(sessions && sessions.length >= 1, 'the export holds the session');
    assert.ok(findArray(data, 'measures')?.length >= 1, 'the export holds the questionnaire');

    const csv = await download(page, page.getByRole('link', { name: /Your sessions \(CSV/ }));
    assert.equal(csv.name, 'sessions.csv');
    const lines = csv.text.trim().split(/\r?\n/);
    assert.match(lines[0], /date/i, `a header line: ${lines[0]}`);
    assert.ok(lines.length >= 2, 'one line per session after the header');
  });

  test('deleting the account takes a confirmation, then signing in fails', async () => {
    await visit(page, '/data', 'data');
    await submit(page, page.getByRole('button', { name: 'Delete my account…' }));
    assert.ok(await page.getByRole('checkbox', { name: /everything will be deleted/ }).isVisible());
    await checkPage(page, 'data-delete-confirm');

    // Not ticked: refused, and explained.
    await page.getByLabel('Your password').fill(PASSWORD);
    const refused = await submit(page, page.getByRole('button', { name: 'Delete everything' }));
    assert.equal(refused.status(), 422);
    assert.ok(await sessionCookie(page), 'still signed in');
    await checkPage(page, 'data-delete-errors', { status: 422 });

    await page.getByRole('checkbox', { name: /everything will be deleted/ }).check();
    await page.getByLabel('Your password').fill(PASSWORD);
    const done = await submit(page, page.getByRole('button', { name: 'Delete everything' }));
    assert.equal(done.status(), 200);
    assert.match(await page.locator('main h1').innerText(), /Your account is deleted/);
    await checkPage(page, 'data-deleted');
    assert.equal(await sessionCookie(page), undefined, 'signed out');
    await submit(page, page.getByRole('link', { name: 'warning signs that need urgent care' }).first());
    assert.equal(pathOf(page), '/learn/warning-signs', 'the warning signs are there without an account');

    const again = await newPage(browser, server.url);
    await again.goto('/login');
    await again.getByLabel('Email').fill(EMAIL);
    await again.getByLabel('Password').fill(PASSWORD);
    const res = await submit(again, again.getByRole('button', { name: 'Sign in' }));
    assert.equal(res.status(), 401, 'signing in fails');
    assert.equal(pathOf(again), '/login');
    assert.equal(await sessionCookie(again), undefined);
    await again.context().close();
  });
});

/** The first array under `key` anywhere in a JSON value. */
function findArray(value, key) {
  if (Array.isArray(value)) {
    for (const v of value) {
      const found = findArray(v, key);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    if (Array.isArray(value[key])) return value[key];
    for (const v of Object.values(value)) {
      const found = findArray(v, key);
      if (found) return found;
    }
  }
  return undefined;
}
