// Pages for someone not signed in, a wrong password, and a form sent from another site.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEMO, checkPage, launchBrowser, newPage, sessionCookie, startServer, startStaticSite, submit, visit,
} from '../lib.mjs';

describe('not signed in', { timeout: 180_000 }, () => {
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

  // [path, screenshot name]: one line per page anyone may open.
  const PAGES = [
    ['/login', 'login'],
    ['/learn', 'learn-anonymous'],
    ['/learn/warning-signs', 'learn-warning-signs-anonymous'],
  ];
  for (const [path, name] of PAGES) {
    test(`${path} is accessible, clean and screenshotted`, async () => {
      const page = await newPage(browser, server.url);
      await visit(page, path, name);
      await page.context().close();
    });
  }

  test('a page that needs an account sends you to /login', async () => {
    const page = await newPage(browser, server.url);
    await page.goto('/account');
    assert.equal(new URL(page.url()).pathname, '/login');
    await page.context().close();
  });

  test('a wrong password says so and signs no one in', async () => {
    const page = await newPage(browser, server.url);
    await page.goto('/login');
    await page.getByLabel('Email').fill(DEMO.patient);
    await page.getByLabel('Password').fill('not-the-password');
    const res = await submit(page, page.getByRole('button', { name: 'Sign in' }));
    assert.equal(res.status(), 401);
    await assert.doesNotReject(
      page.getByRole('alert').filter({ hasText: 'That email and password do not match' }).waitFor(),
    );
    assert.equal(await page.getByLabel('Email').inputValue(), DEMO.patient, 'the email is kept');
    assert.equal(await page.getByLabel('Password').inputValue(), '', 'the password is not sent back');
    assert.equal(await sessionCookie(page), undefined);
    await checkPage(page, 'login-wrong-password', { status: 401 });
    await page.context().close();
  });

  test('a form sent from another site is refused (403) and signs no one in', async () => {
    // The right demo credentials, so that the only thing refusing it is the cross-site check.
    const evil = await startStaticSite(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Another site</title></head><body>
<form method="post" action="${server.url}/login">
  <input name="email" value="${DEMO.patient}">
  <input name="password" value="sciatica-demo">
</form>
<script>document.forms[0].submit();</script>
</body></html>`);
    try {
      const page = await newPage(browser, evil.url);
      const answered = page.waitForResponse(
        (r) => r.url() === `${server.url}/login` && r.request().method() === 'POST',
      );
      await page.goto('/');
      const res = await answered;
      const sent = await res.request().allHeaders();
      assert.equal(sent.origin, evil.url, 'the browser sent the other site as Origin');
      assert.notEqual(sent['sec-fetch-site'], 'same-origin');
      assert.equal(res.status(), 403);
      await page.waitForURL(`${server.url}/login`);
      assert.match(await page.locator('body').innerText(), /sent from another site/);
      assert.equal(await sessionCookie(page), undefined);
      await page.context().close();
    } finally {
      await evil.close();
    }
  });
});
