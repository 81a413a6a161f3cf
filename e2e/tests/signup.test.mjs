// A new server on an empty database: an invitation made on the command line, sign-up, and the
// link opened again once used.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkPage, launchBrowser, newPage, signIn, startServer, submit, visit,
} from '../lib.mjs';

describe('sign-up on an empty server', { timeout: 180_000 }, () => {
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

  test('a too-short password is explained, then sign-up works', async () => {
    const link = await server.invite('patient');
    const page = await newPage(browser, server.url);
    await visit(page, link, 'signup');
    await page.getByLabel('Email').fill('kim@example.org');
    await page.getByLabel('Choose a password').fill('short');
    const refused = await submit(page, page.getByRole('button', { name: 'Create account' }));
    assert.equal(refused.status(), 422);
    assert.equal(await page.getByLabel('Choose a password').getAttribute('aria-invalid'), 'true');
    await checkPage(page, 'signup-errors', { status: 422 });

    await page.getByLabel('Choose a password').fill('a long enough password');
    await submit(page, page.getByRole('button', { name: 'Create account' }));
    // The answer is the same whether or not the email had an account: the sign-in page says the
    // account is ready, and the person signs in with the password they chose.
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.match(await page.getByRole('status').innerText(), /Your account is ready/);
    await checkPage(page, 'signup-welcome');
    await signIn(page, 'kim@example.org', 'a long enough password');
    await visit(page, '/account', 'account-signed-up');
    assert.match(await page.locator('main').innerText(), /Signed in as kim@example\.org \(patient\)/);
    await page.context().close();

    // The same link again, on another device: it says it was used and offers sign-in.
    const again = await newPage(browser, server.url);
    await visit(again, link, 'signup-link-used', { status: 410 });
    assert.match(await again.locator('main h1').innerText(), /already been used/);
    await submit(again, again.locator('main').getByRole('link', { name: 'Sign in' }));
    assert.equal(new URL(again.url()).pathname, '/login');
    await again.context().close();
  });
});
