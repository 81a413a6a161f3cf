// The demo administrator: the staff pages, and an invitation made in the browser that a new
// patient uses to sign up.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEMO, checkPage, launchBrowser, newPage, signIn, startServer, submit, visit,
} from '../lib.mjs';

describe('the demo administrator', { timeout: 180_000 }, () => {
  let server;
  let browser;
  let page;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await newPage(browser, server.url);
    await signIn(page, DEMO.admin);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  // [path, screenshot name]: one line per page of a signed-in administrator.
  const PAGES = [
    ['/admin', 'admin'],
    ['/account', 'account-admin'],
  ];
  for (const [path, name] of PAGES) {
    test(`${path} is accessible, clean and screenshotted`, async () => {
      await visit(page, path, name);
    });
  }

  test('an invitation link made in the browser signs up a new patient', async () => {
    await visit(page, '/admin', 'admin');
    await page.getByRole('radio', { name: 'a patient' }).check();
    const made = await submit(page, page.getByRole('button', { name: 'Make an invitation link' }));
    assert.equal(made.status(), 200);
    const box = page.getByRole('textbox', { name: 'The invitation link' });
    const link = await box.inputValue();
    assert.match(link, new RegExp(`^${server.url}/join/[^/]+$`));
    await checkPage(page, 'admin-invitation');

    // Someone else, in a browser of their own.
    const newcomer = await newPage(browser, server.url);
    await visit(newcomer, link, 'join');
    await newcomer.getByLabel('Email').fill('sam@example.org');
    await newcomer.getByLabel('What should we call you?').fill('Sam');
    await newcomer.getByLabel('Choose a password').fill('a long enough password');
    await submit(newcomer, newcomer.getByRole('button', { name: 'Create account' }));
    assert.equal(new URL(newcomer.url()).pathname, '/login', 'signed up, then asked to sign in');
    await signIn(newcomer, 'sam@example.org', 'a long enough password');
    await visit(newcomer, '/account', 'account-new-patient');
    assert.match(await newcomer.locator('main').innerText(), /Signed in as sam@example\.org \(patient\)/);

    // The link works once.
    const again = await newPage(browser, server.url);
    const res = await again.goto(link);
    assert.notEqual(res.status(), 200, 'a used invitation link is refused');
    await newcomer.context().close();
    await again.context().close();
  });
});
