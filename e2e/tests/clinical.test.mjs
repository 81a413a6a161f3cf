// A clinician's actions on the demo clinic, with forms and no JavaScript: confirm the cause and
// start a programme from the protocol for one patient, accept the waiting move to phase 2 of
// another and leave a note; that patient then sees the note on Today and the decision with its
// reason on their programme page.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO, checkPage, launchBrowser, newPage, signIn, startServer, submit, visit } from '../lib.mjs';
import { pathOf } from '../journey.mjs';

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

  test('confirm the cause and start a programme from the protocol', async () => {
    await visit(clinician, `/clinic/patients/${alex}/actions`, 'clinic-actions');
    await submit(clinician, clinician.getByRole('link', { name: 'Confirm or change the cause' }));
    await checkPage(clinician, 'clinic-cause');
    await clinician.getByLabel('Cause').selectOption('disc_herniation');
    await clinician.getByLabel('Why (optional)').fill('Examined today: L5 signs, MRI agrees.');
    await submit(clinician, clinician.getByRole('button', { name: 'Save' }));
    assert.equal(pathOf(clinician), `/clinic/patients/${alex}/actions`);
    assert.match(await clinician.locator('main').innerText(), /Cause confirmed: Lumbar disc herniation/i);

    await submit(clinician, clinician.getByRole('link', { name: 'Start a programme from the protocol' }));
    await checkPage(clinician, 'clinic-program');
    await clinician.getByLabel('Phase').selectOption('1');
    await submit(clinician, clinician.getByRole('button', { name: 'Save' }));
    const main = await clinician.locator('main').innerText();
    assert.match(main, /Programme started/);
    await checkPage(clinician, 'clinic-actions-saved');

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

  test('accept the waiting proposal and leave a note; the patient sees both', async () => {
    await visit(clinician, `/clinic/patients/${jordan}/actions`, 'clinic-actions-waiting');
    await submit(clinician, clinician.locator('main a[href$="/proposals/progress-phase-2"]'));
    await checkPage(clinician, 'clinic-proposal');
    await clinician.getByRole('radio', { name: /^Accept/ }).check();
    await clinician.getByLabel(/^Why/).fill('Two steady weeks: time for strengthening.');
    await submit(clinician, clinician.getByRole('button', { name: 'Save the decision' }));
    assert.match(await clinician.locator('main').innerText(), /Proposal progress-phase-2: accepted/);
    assert.match(await clinician.locator('main').innerText(), /Nothing is waiting/);

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
    await visit(patient, '/program', 'program-clinician-decision');
    const program = await patient.locator('main').innerText();
    assert.match(program, /You are now in phase 2\./);
    assert.match(program, /Two steady weeks: time for strengthening\./);
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
