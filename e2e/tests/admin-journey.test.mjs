// The administrator's journey on the demo clinic: find accounts, change a role (and be told why
// not when the clinician still has patients), see and revoke an invitation, filter the audit log,
// change the clinic settings; and a patient's page of who has seen their record.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEMO, DEMO_PASSWORD, checkPage, launchBrowser, newPage, signIn, startServer, submit, visit,
} from '../lib.mjs';

describe('the administrator manages the clinic', { timeout: 240_000 }, () => {
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

  /** The card of one account (or invitation) on a list page. */
  const card = (text) => page.locator('li.row-card').filter({ hasText: text });

  test('accounts → role → invitations → revoke → audit → settings', async () => {
    // A new clinician joins by an invitation link (made on the command line).
    const link = await server.invite('clinician');
    const newcomer = await newPage(browser, server.url);
    await newcomer.goto(link);
    await newcomer.getByLabel('Email').fill('robin@example.org');
    await newcomer.getByLabel('Choose a password').fill('a long enough password');
    await submit(newcomer, newcomer.getByRole('button', { name: 'Create account' }));
    await newcomer.context().close();

    // Accounts: all of them, then a search by email, then by role.
    await visit(page, '/admin/accounts', 'admin-accounts');
    const all = await page.locator('main').innerText();
    for (const email of [DEMO.admin, DEMO.clinician, DEMO.patient, 'robin@example.org']) {
      assert.ok(all.includes(email), `${email} is listed`);
    }
    await page.getByLabel('Email contains').fill('robin');
    await submit(page, page.getByRole('button', { name: 'Find' }));
    assert.equal(await page.locator('li.row-card').count(), 1);
    await page.getByLabel('Email contains').fill('');
    await page.getByLabel('Role').first().selectOption('clinician');
    await submit(page, page.getByRole('button', { name: 'Find' }));
    assert.equal(await page.locator('li.row-card').count(), 2, 'the two clinicians');
    await checkPage(page, 'admin-accounts-clinicians');

    // The demo clinician has patients: the role stays, and the page says why.
    await card(DEMO.clinician).locator('summary').click();
    await card(DEMO.clinician).getByLabel('Role').selectOption('admin');
    const refused = await submit(page, card(DEMO.clinician).getByRole('button', { name: 'Change role' }));
    assert.equal(refused.status(), 422);
    assert.match(await page.getByRole('alert').innerText(), /role: this clinician still looks after \d+ patients?/);
    await checkPage(page, 'admin-accounts-role-refused', { status: 422 });

    // A password-reset link for the demo patient (they will see it on their access page).
    await visit(page, '/admin/accounts?role=patient', 'admin-accounts-patients');
    await card(DEMO.patient).locator('summary').click();
    await submit(page, card(DEMO.patient).getByRole('button', { name: 'Make a password-reset link' }));
    assert.match(await page.getByRole('textbox', { name: 'The password-reset link' }).inputValue(), /\/reset\//);
    await checkPage(page, 'admin-accounts-reset-link');

    // The new clinician becomes an administrator.
    await visit(page, '/admin/accounts?role=clinician', 'admin-accounts-clinicians-again');
    await card('robin@example.org').locator('summary').click();
    await card('robin@example.org').getByLabel('Role').selectOption('admin');
    const changed = await submit(page, card('robin@example.org').getByRole('button', { name: 'Change role' }));
    assert.equal(changed.status(), 200);
    assert.match(await page.getByRole('status').innerText(), /robin@example\.org is now admin\./);
    await checkPage(page, 'admin-accounts-role-changed');

    // Invitations: one made on the staff page, listed, then revoked.
    await visit(page, '/admin', 'admin-invite');
    await page.getByLabel('Their email').fill('new.patient@example.org');
    await submit(page, page.getByRole('button', { name: 'Make an invitation link' }));
    await visit(page, '/admin/invitations', 'admin-invitations');
    const invitation = page.locator('li.row-card').filter({ hasText: 'new.patient@example.org' });
    assert.equal(await invitation.count(), 1);
    await submit(page, invitation.getByRole('button', { name: /^Revoke/ }));
    assert.match(await page.getByRole('status').innerText(), /The invitation is revoked/);
    assert.equal(await page.locator('li.row-card').filter({ hasText: 'new.patient@example.org' }).count(), 0);
    await checkPage(page, 'admin-invitations-revoked');

    // The audit log: the role change, found by who made it and what it was.
    await visit(page, '/admin/audit', 'admin-audit');
    await page.getByLabel('Who').fill(DEMO.admin);
    await page.getByLabel('Action').selectOption('account.role');
    await submit(page, page.getByRole('button', { name: 'Filter' }));
    const entries = page.locator('ol.rows > li');
    assert.equal(await entries.count(), 1);
    assert.match(await entries.first().innerText(), /robin@example\.org: clinician to admin/);
    await checkPage(page, 'admin-audit-filtered');
    await page.getByLabel('From').fill('yesterday');
    const bad = await submit(page, page.getByRole('button', { name: 'Filter' }));
    assert.equal(bad.status(), 422);
    await checkPage(page, 'admin-audit-bad-date', { status: 422 });

    // Clinic settings: a wrong number is named, then the settings are saved.
    await visit(page, '/admin/settings', 'admin-settings');
    await page.getByLabel('Clinic name').fill('Hillside Physio');
    await page.getByLabel('Clinic telephone number').fill('call us');
    const wrong = await submit(page, page.getByRole('button', { name: 'Save settings' }));
    assert.equal(wrong.status(), 422);
    await checkPage(page, 'admin-settings-error', { status: 422 });
    await page.getByLabel('Clinic telephone number').fill('+44 20 7946 0000');
    await page.getByLabel(/Days without a session/).fill('5');
    const saved = await submit(page, page.getByRole('button', { name: 'Save settings' }));
    assert.equal(saved.status(), 200);
    assert.match(await page.getByRole('status').innerText(), /The settings are saved/);
    assert.equal(await page.getByLabel(/Days without a session/).inputValue(), '5');
    await checkPage(page, 'admin-settings-saved');
  });

  test('a patient sees who has seen their record', async () => {
    const patient = await newPage(browser, server.url);
    await signIn(patient, DEMO.patient, DEMO_PASSWORD);
    await visit(patient, '/account', 'account-patient-access-link');
    await patient.getByRole('link', { name: 'Who has seen your record' }).click();
    await checkPage(patient, 'account-access');
    assert.match(await patient.locator('h1').innerText(), /Who has seen your record/);
    const seen = await patient.locator('main').innerText();
    assert.ok(seen.includes(DEMO.admin), seen);
    assert.ok(seen.includes('Made a link to set a new password for your account'), seen);
    await patient.context().close();
  });
});
