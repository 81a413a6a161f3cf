// The demo patient: sign in, the patient's pages, sign out.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEMO, launchBrowser, newPage, sessionCookie, signIn, startServer, submit, visit,
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

  // [path, screenshot name]: one line per page of a signed-in patient.
  const PAGES = [
    ['/account', 'account'],
  ];
  for (const [path, name] of PAGES) {
    test(`${path} is accessible, clean and screenshotted`, async () => {
      await visit(page, path, name);
    });
  }

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
