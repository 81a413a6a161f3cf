// A clinician's actions on the demo clinic, with forms and no JavaScript: change the exercises of
// a programme (an exercise marked "avoid" for the cause is refused with the reason, one outside
// the protocol is taken with a warning), leave a note the patient then sees on Today, and the
// other forms. (Confirming the cause, starting a programme and accepting a proposal are in
// clinician-journey.test.mjs.)

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, checkPage, launchBrowser, newPage, signIn, startServer, submit, visit } from '../lib.mjs';

const WAITING = 'jordan@demo.invalid';

/** The patient record id of a demo patient, asked as that patient. */
async function patientId(browser, server, email) {
  const page = await newPage(browser, server.url);
  await signIn(page, email);
  const me = await (await page.request.get('/api/v1/me')).json();
  await page.context().close();
  assert.ok(me.patient_id, `${email} has a patient record`);
  return me.patient_id;
}

describe("a clinician's actions", { timeout: 240_000 }, () => {
  let server;
  let browser;
  let clinician;
  let alex;
  let jordan;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    alex = await patientId(browser, server, DEMO.patient);
    jordan = await patientId(browser, server, WAITING);
    clinician = await newPage(browser, server.url, { javaScriptEnabled: false });
    await signIn(clinician, DEMO.clinician);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('change the exercises: refused with the reason, or taken with a warning', async () => {
    await visit(clinician, `/clinic/patients/${alex}/program/exercises`, 'clinic-exercises');
    await clinician.getByLabel('Exercise', { exact: true }).selectOption('seated-flexion');
    const refused = await submit(clinician, clinician.getByRole('button', { name: 'Add the exercise' }));
    assert.equal(refused.status(), 422);
    assert.match(await clinician.locator('main [role="alert"]').innerText(), /marked avoid/);
    await checkPage(clinician, 'clinic-exercises-refused', { status: 422 });
    await clinician.getByLabel('Exercise', { exact: true }).selectOption('clamshell');
    await submit(clinician, clinician.getByRole('button', { name: 'Add the exercise' }));
    assert.match(await clinician.locator('main').innerText(), /Outside the protocol/);
    await checkPage(clinician, 'clinic-exercises-warned');
  });

  test('leave a note; the patient sees it on Today', async () => {
    await visit(clinician, `/clinic/patients/${jordan}/note`, 'clinic-note');
    await clinician.getByLabel('Note for the person').fill('Well done, Jordan. Keep the walks short and often.');
    await submit(clinician, clinician.getByRole('button', { name: 'Save' }));
    assert.match(await clinician.locator('main').innerText(), /Note for the person/);

    const patient = await newPage(browser, server.url);
    await signIn(patient, WAITING);
    await visit(patient, '/today', 'today-clinician-note');
    const today = await patient.locator('main').innerText();
    assert.match(today, /A note from your clinician/);
    assert.match(today, /Keep the walks short and often/);
    await patient.context().close();
  });

  test('the other forms: clearance, acknowledgement and phase', async () => {
    await visit(clinician, `/clinic/patients/${alex}/clearance`, 'clinic-clearance');
    await visit(clinician, `/clinic/patients/${alex}/acknowledge`, 'clinic-acknowledge');
    const refused = await submit(clinician, clinician.getByRole('button', { name: 'Save' }));
    assert.equal(refused.status(), 422, 'an acknowledgement needs a note');
    assert.match(await clinician.locator('main [role="alert"]').innerText(), /The note is required/);
    await checkPage(clinician, 'clinic-acknowledge-refused', { status: 422 });
    await visit(clinician, `/clinic/patients/${alex}/phase`, 'clinic-phase');
  });

  test('another patient of no care team is not found', async () => {
    const res = await clinician.goto('/clinic/patients/no-such-patient/actions', { waitUntil: 'load' });
    assert.equal(res.status(), 404);
  });
});
