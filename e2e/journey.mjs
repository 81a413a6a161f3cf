// Helpers for a patient's journey through the pages: sign-up with an invitation link, the safety
// questions, session times, and the steps of the session player.

import assert from 'node:assert/strict';
import { checkPage, newPage, signIn, submit } from './lib.mjs';

/** The password of the patients the tests sign up. */
export const PASSWORD = 'a long enough password';

/**
 * Answers of someone with no warning signs, a cause confirmed by a clinician (a worn disc: its
 * first phase has holds, a walking plan and an exercise counted in repetitions) and cleared to
 * exercise. Every question not named here is answered "no" (or "none").
 */
export const NO_WARNING_SIGNS = { age: '52', diagnosis: 'degenerative_disc', cleared_to_exercise: 'yes' };

/** The path of the page's current URL. */
export function pathOf(page) {
  return new URL(page.url()).pathname;
}

/**
 * Signs up through an invitation link, then signs in on the page sign-up leads to (it answers the
 * same whether or not the email had an account, so it never signs in by itself), and fails
 * unless it ends signed in. Resolves with the response of the page signing in lands on.
 */
export async function signUp(page, link, { email, name = '', password = PASSWORD }) {
  await page.goto(link, { waitUntil: 'load' });
  await page.getByLabel('Email').fill(email);
  if (name) await page.getByLabel('What should we call you?').fill(name);
  await page.getByLabel('Choose a password').fill(password);
  const made = await submit(page, page.getByRole('button', { name: 'Create account' }));
  assert.equal(pathOf(page), '/login', `signing up as ${email} did not lead to sign-in (status ${made.status()}, at ${page.url()})`);
  return signIn(page, email, password);
}

/**
 * Answers the safety questions page by page, from wherever the page is (or `/screen`) to the
 * result. `answers` maps a question's field name to a value (a list for tick boxes); every other
 * question is answered "no" or "none", and tick-box lists are left empty. Once answered, page n
 * is checked (`checkPage`) as `<check>-<n>` when `check` is a name, or as `check(n)` when it is a
 * function that names it. Resolves with the number of pages.
 */
export async function answerScreen(page, answers = {}, { check } = {}) {
  const onQuestions = () => /^\/screen\/\d+$/.test(pathOf(page));
  if (!onQuestions()) await page.goto('/screen', { waitUntil: 'load' });
  let pages = 0;
  while (onQuestions()) {
    const n = Number(pathOf(page).split('/')[2]);
    // Hidden fields (the confirmation of last time's answers) are sent as they are.
    const inputs = await page.locator('main form input:not([type="hidden"])').evaluateAll((els) =>
      els.map((e) => ({ type: e.type, name: e.name, value: e.value })));
    for (const name of new Set(inputs.map((i) => i.name))) {
      const own = inputs.filter((i) => i.name === name);
      const values = own.map((i) => i.value);
      const want = name in answers ? answers[name] : ['no', 'none'].find((v) => values.includes(v));
      if (own[0].type === 'number') {
        assert.ok(want !== undefined, `safety question ${n}: no answer given for the number "${name}"`);
        await page.locator(`main input[name="${name}"]`).fill(String(want));
      } else if (want !== undefined) {
        for (const v of [want].flat()) await page.locator(`main input[name="${name}"][value="${v}"]`).check();
      } else {
        assert.equal(own[0].type, 'checkbox', `safety question ${n}: no answer given for "${name}" (${values.join(', ')})`);
      }
    }
    const name = typeof check === 'function' ? check(n) : check && `${check}-${n}`;
    if (name) await checkPage(page, name);
    const res = await submit(page, page.locator('main form button[type="submit"]'));
    assert.equal(res.status(), 200, `safety questions page ${n} was refused (${res.status()}): ${await page.locator('main').innerText()}`);
    pages += 1;
  }
  assert.match(pathOf(page), /^\/screen\/result\/[^/]+$/, `the safety questions ended at ${page.url()}`);
  return pages;
}

/** Chooses a time zone and session times on /onboarding/times and saves them (lands on /today). */
export async function chooseTimes(page, { zone = 'Europe/London', morning = '08:00', evening = '18:00' } = {}, { check } = {}) {
  if (pathOf(page) !== '/onboarding/times') await page.goto('/onboarding/times', { waitUntil: 'load' });
  await page.getByLabel('Your time zone').fill(zone);
  await page.getByLabel('Morning session').fill(morning);
  await page.getByLabel('Evening session').fill(evening);
  if (check) await checkPage(page, check);
  await submit(page, page.getByRole('button', { name: 'Save and go to today' }));
  assert.equal(pathOf(page), '/today');
}

/**
 * A new patient on a server made with `startServer({ demo: false })`: invited, signed up, the
 * safety questions answered (`answers`, default no warning signs) and session times chosen. The
 * page (in a context of its own, `options` as for `newPage`) is left on /today.
 */
export async function newPatient(browser, server, { email, name = '', answers = NO_WARNING_SIGNS, options = {} }) {
  const page = await newPage(browser, server.url, options);
  await signUp(page, await server.invite('patient'), { email, name });
  await answerScreen(page, answers);
  await chooseTimes(page);
  return page;
}

/**
 * The step the session player shows, from the action of the page's first form: "safety",
 * "pain-before", "reach-before", "exercise-0", "response-0", ..., "pain-after", "reach-after",
 * "extras"; "" on a page without a form of the player.
 */
export async function sessionStep(page) {
  const form = page.locator('main form[action^="/session/"]').first();
  if ((await form.count()) === 0) return '';
  return (await form.getAttribute('action')).replace('/session/', '');
}

/** Taps box `n` of the 0 to 10 scale labelled `label` and checks it is chosen. */
export async function tapScale(page, label, n) {
  const box = page.getByRole('group', { name: label }).getByRole('radio', { name: String(n), exact: true });
  await box.click();
  assert.ok(await box.isChecked(), `${label}: box ${n} is not chosen after a tap`);
}

/** Chooses a leg's level in words ("Left leg", "Thigh"). */
export async function chooseLevel(page, leg, level) {
  const radio = page.getByRole('group', { name: leg }).getByRole('radio', { name: level, exact: true });
  await radio.check();
}

/** Sends the player's "Next" (or another named) button and checks the next page answered 200. */
export async function next(page, name = 'Next') {
  const res = await submit(page, page.getByRole('button', { name, exact: true }));
  assert.equal(res.status(), 200, `"${name}" answered ${res.status()} at ${page.url()}: ${await page.locator('main').innerText()}`);
  return res;
}

/**
 * Runs the rest of a session without checking pages: no warning signs, some pain, symptoms to
 * the thigh, every exercise done with `response` ("No change" unless told), the last questions.
 * Resolves on the summary page, or on step `stopAt` (see `sessionStep`) when it is given.
 */
export async function quickSession(page, { response = 'No change', stopAt } = {}) {
  if (!pathOf(page).startsWith('/session')) await page.goto('/session', { waitUntil: 'load' });
  for (let guard = 0; guard < 40; guard++) {
    const step = await sessionStep(page);
    if (step === stopAt) return;
    if (step === 'safety') {
      await page.getByRole('radio', { name: 'No', exact: true }).check();
      await next(page);
    } else if (step.startsWith('pain-')) {
      await tapScale(page, 'Leg pain', 4);
      await tapScale(page, 'Back pain', 3);
      await next(page);
    } else if (step.startsWith('reach-')) {
      await chooseLevel(page, 'Left leg', 'Thigh');
      await chooseLevel(page, 'Right leg', 'No symptoms');
      await next(page);
    } else if (step.startsWith('exercise-')) {
      await next(page, 'I have done it');
    } else if (step.startsWith('response-')) {
      await next(page, response);
    } else if (step === 'extras') {
      await next(page, 'Save the session');
    } else {
      break;
    }
  }
  assert.match(pathOf(page), /^\/session\/summary\/[^/]+$/, `the session ended at ${page.url()}`);
}
