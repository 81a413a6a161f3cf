// Helpers for the browser tests: a real sciatica server on a fresh database, headless Chromium,
// and the checks every page gets (status, axe-core accessibility, console errors, screenshots at
// phone and desktop sizes).

import { spawn, execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import axe from 'axe-core';

const here = dirname(fileURLToPath(import.meta.url));

/** The repository's root folder. */
export const ROOT = resolve(here, '..');
/** The sciatica binary under test (built by the caller). */
export const BIN = process.env.SCIATICA_BIN || join(ROOT, 'target', 'debug', 'sciatica');
/** Debian's Chromium. */
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
/** Where screenshots go: `<page>-phone.png` and `<page>-desktop.png`. */
export const SCREENSHOTS = join(ROOT, 'screenshots');

/** The demo accounts' password, and the accounts `demo --serve` makes. */
export const DEMO_PASSWORD = 'sciatica-demo';
export const DEMO = {
  patient: 'alex@demo.invalid',
  clinician: 'clinician@demo.invalid',
  admin: 'admin@demo.invalid',
};

/** Viewports for screenshots and checks: a phone first (the main audience), then a desktop. */
export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
};

/** The accessibility standard every page must meet. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Chromium's command-line flags. No background connections (the tests must not reach beyond this
 * machine), and every host name but the loopback address fails to resolve. Playwright adds its
 * own automation switches and a fresh, temporary profile (user-data dir) for every launch.
 */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // One argument, no shell: the quotes of a shell command line are not part of it.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

const SERVER_START_MS = 60_000;
const SERVER_STOP_MS = 10_000;

// ---------------------------------------------------------------------------------------------
// The server

/**
 * Starts sciatica on a free loopback port with a fresh database in a temporary folder.
 * `demo: true` (the default) runs `demo --serve`: a few weeks of made-up data and the demo
 * accounts. `demo: false` runs `serve` on an empty database (for sign-up tests; make invitation
 * links with `server.invite()`). `env` adds environment variables (settings such as the
 * emergency numbers). Resolves once `/readyz` answers 200.
 */
export async function startServer({ demo = true, env = {} } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'sciatica-e2e-'));
  const db = join(dir, 'sciatica.sqlite');
  // Port 0: the server binds a free port and prints the address it got.
  const command = demo
    ? ['--db', db, 'demo', '--serve', '--listen', '127.0.0.1:0']
    : ['--db', db, 'serve', '--listen', '127.0.0.1:0'];
  const child = spawn(BIN, command, {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', RUST_LOG: process.env.RUST_LOG || 'warn', ...env },
  });
  let output = '';
  const exited = new Promise((res) => child.once('exit', (code, signal) => res({ code, signal })));
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (s) => { output += s; });
  child.stderr.on('data', (s) => { output += s; });
  const spawnError = new Promise((_, rej) => child.once('error', rej));

  const server = {
    url: '',
    db,
    dir,
    /** Everything the server printed so far (standard output and error). */
    output: () => output,
    /** An invitation link made with `sciatica admin invite` for a role (default: patient). */
    invite: (role = 'patient') => invite(server, role),
    /** Stops the server (SIGTERM, then SIGKILL if it does not end) and deletes its folder. */
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        let timer;
        const late = new Promise((res) => { timer = setTimeout(res, SERVER_STOP_MS, null); });
        const done = await Promise.race([exited, late]);
        clearTimeout(timer);
        if (!done) {
          child.kill('SIGKILL');
          await exited;
          throw new Error(`sciatica did not stop within ${SERVER_STOP_MS} ms of SIGTERM\n${output}`);
        }
      }
      await rm(dir, { recursive: true, force: true });
    },
  };

  const failed = (why) => new Error(`sciatica did not start: ${why}\n$ ${BIN} ${command.join(' ')}\n${output}`);
  const deadline = Date.now() + SERVER_START_MS;
  const started = (async () => {
    while (!server.url) {
      const m = output.match(/sciatica is running at (http:\/\/[^\s)]+)/);
      if (m) server.url = m[1].replace(/\/$/, '');
      else if (Date.now() > deadline) throw failed('no "sciatica is running at" line');
      else await sleep(50);
    }
    while (!(await ready(server.url))) {
      if (Date.now() > deadline) throw failed('/readyz did not answer 200');
      await sleep(100);
    }
  })();
  try {
    await Promise.race([
      started,
      spawnError.catch((e) => { throw failed(e.message); }),
      exited.then(({ code, signal }) => { throw failed(`it exited (code ${code}, signal ${signal})`); }),
    ]);
  } catch (e) {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return server;
}

async function ready(url) {
  try {
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

async function invite(server, role) {
  const { stdout } = await promisify(execFile)(
    BIN,
    ['--db', server.db, '--format', 'json', 'admin', 'invite', '--role', role, '--base-url', server.url],
    { env: { ...process.env, NO_COLOR: '1' } },
  );
  const url = JSON.parse(stdout).url;
  assert.ok(url?.startsWith(`${server.url}/join/`), `admin invite printed an unexpected link: ${stdout}`);
  return url;
}

/**
 * A second origin on another loopback port: serves `html` at `/` and 404 for anything else.
 * Returns `{ url, close() }`.
 */
export async function startStaticSite(html) {
  const site = createServer((req, res) => {
    if (req.url === '/' || req.url?.startsWith('/?')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(html);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise((res, rej) => site.listen(0, '127.0.0.1', res).once('error', rej));
  const { port } = site.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((res) => { site.closeAllConnections(); site.close(res); }),
  };
}

// ---------------------------------------------------------------------------------------------
// The browser

/** Launches headless Chromium with `CHROMIUM_FLAGS` and a fresh profile. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: false,
    args: CHROMIUM_FLAGS,
    timeout: 30_000,
  });
}

/**
 * A page in a new browser context (its own cookies: a fresh visitor), at phone size, with
 * relative URLs resolved against `baseURL` and its console watched (see `consoleErrors`).
 * `options` adds or overrides browser-context options.
 */
export async function newPage(browser, baseURL, options = {}) {
  const context = await browser.newContext({
    baseURL,
    viewport: VIEWPORTS.phone,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    // More context options, e.g. `javaScriptEnabled: false` or `reducedMotion: 'reduce'`.
    ...options,
  });
  const page = await context.newPage();
  watchConsole(page);
  if (options.javaScriptEnabled === false) scriptless.add(page);
  return page;
}

/** Pages in contexts made with `javaScriptEnabled: false`. */
const scriptless = new WeakSet();

const watched = new WeakMap();

function watchConsole(page) {
  const errors = [];
  watched.set(page, errors);
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      errors.push({ text: msg.text(), url: msg.location()?.url || '' });
    }
  });
  page.on('pageerror', (err) => errors.push({ text: `uncaught: ${err.message}`, url: '' }));
}

/** Forgets the console errors seen so far on a page. */
export function clearConsole(page) {
  watched.get(page)?.splice(0);
}

/**
 * The console errors seen on a page since the last `clearConsole` (content-security-policy
 * violations, failed loads and uncaught exceptions among them). Chromium also reports a page
 * that answers an error status as a failed load; `status` names the one expected for the page
 * itself, which is then not counted.
 */
export function consoleErrors(page, { status = 200 } = {}) {
  const errors = watched.get(page) ?? [];
  const expected = `the server responded with a status of ${status}`;
  return errors
    .filter((e) => !(status >= 400 && e.text.includes(expected) && sameDocument(e.url, page.url())))
    .map((e) => (e.url ? `${e.text} (${e.url})` : e.text));
}

function sameDocument(a, b) {
  try {
    const x = new URL(a);
    const y = new URL(b);
    return x.origin === y.origin && x.pathname === y.pathname;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Checks

/**
 * Opens `path`, checks the status, then runs `checkPage` under `name`. Adding a page to the
 * tests is one call of this.
 */
export async function visit(page, path, name, { status = 200 } = {}) {
  clearConsole(page);
  const res = await page.goto(path, { waitUntil: 'load' });
  assert.ok(res, `${path}: no response`);
  assert.equal(res.status(), status, `${path} answered ${res.status()}, expected ${status} (now at ${page.url()})`);
  await checkPage(page, name, { status });
  return res;
}

/**
 * The checks for the page as it is now (after `visit`, or after a form was sent): no
 * horizontal scrolling at phone width, zero axe-core violations at phone and desktop width,
 * screenshots at both, and no console errors. `status` is the status the page answered.
 */
export async function checkPage(page, name, { status = 200 } = {}) {
  const original = page.viewportSize();
  try {
    await page.setViewportSize(VIEWPORTS.phone);
    await noHorizontalScroll(page, name);
    await expectAccessible(page, `${name} (phone)`);
    await screenshot(page, name, 'phone');
    await page.setViewportSize(VIEWPORTS.desktop);
    await expectAccessible(page, `${name} (desktop)`);
    await screenshot(page, name, 'desktop');
  } finally {
    if (original) await page.setViewportSize(original);
  }
  const errors = consoleErrors(page, { status });
  assert.deepEqual(errors, [], `${name}: console errors on ${page.url()}:\n  ${errors.join('\n  ')}`);
}

/** Fails when the page is wider than the window (sideways scrolling on a phone). */
export async function noHorizontalScroll(page, name) {
  const { scroll, width, wide } = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .slice(0, 5)
      .map((el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + (el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''));
    return { scroll: document.documentElement.scrollWidth, width, wide };
  });
  assert.ok(scroll <= width, `${name}: the page is ${scroll} px wide in a ${width} px window; too wide: ${wide.join(', ')}`);
}

/** Runs axe-core (WCAG 2.1 A and AA) on the page and fails with a readable list of violations. */
export async function expectAccessible(page, name) {
  const violations = await axeViolations(page);
  assert.equal(violations.length, 0, `${name}: ${violations.length} accessibility violation(s) on ${page.url()}:\n${formatViolations(violations)}`);
}

/** The axe-core violations of the page as it is now. */
export async function axeViolations(page) {
  if (scriptless.has(page)) return axeViolationsOfCopy(page);
  // Evaluated through the DevTools protocol, so the page's content security policy does not apply
  // to axe itself (and axe causes no CSP reports of its own).
  const loaded = await page.evaluate(() => typeof window.axe === 'object');
  if (!loaded) await page.evaluate(axe.source);
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  return result.violations;
}

/**
 * Without JavaScript a page runs no timers and no promise callbacks, and axe-core needs both. So
 * the document (which no script of the page has changed) is checked as a copy: the same HTML
 * without its script elements, served at the same address to a page with JavaScript at the same
 * window size, with the same style sheets. One copying page per page, closed with its context.
 */
async function axeViolationsOfCopy(page) {
  const url = page.url();
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
  let copy = copies.get(page);
  if (!copy) {
    const context = await page.context().browser().newContext({ locale: 'en-GB', timezoneId: 'Europe/London' });
    page.context().once('close', () => context.close().catch(() => {}));
    copy = { page: await context.newPage(), html: '' };
    await copy.page.route(() => true, (route) => (route.request().isNavigationRequest()
      ? route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: copy.html })
      : route.continue()));
    copies.set(page, copy);
  }
  copy.html = html;
  await copy.page.setViewportSize(page.viewportSize());
  await copy.page.goto(url, { waitUntil: 'load' });
  return axeViolations(copy.page);
}

const copies = new WeakMap();

/** One block per rule: id, impact, what it means, and the selectors of the failing elements. */
export function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `      ${n.target.join(' ')}${n.failureSummary ? `\n        ${n.failureSummary.split('\n').join('\n        ')}` : ''}`)
        .join('\n');
      return `  - ${v.id} [${v.impact}] ${v.help} (${v.helpUrl})\n${nodes}`;
    })
    .join('\n');
}

/** A full-page screenshot at the current viewport, as `screenshots/<name>-<size>.png`. */
export async function screenshot(page, name, size) {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}-${size}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}

// ---------------------------------------------------------------------------------------------
// Actions

/** Clicks a button that sends a form and resolves with the response of the page it leads to. */
export async function submit(page, button) {
  clearConsole(page);
  const navigation = page.waitForNavigation({ waitUntil: 'load' });
  await button.click();
  const res = await navigation;
  assert.ok(res, `no response after clicking ${button}`);
  return res;
}

/**
 * Signs in through the form at /login and resolves with the response of the page it lands on.
 * Fails unless it left the sign-in page with a session cookie.
 */
export async function signIn(page, email, password = DEMO_PASSWORD) {
  await page.goto('/login', { waitUntil: 'load' });
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  const res = await submit(page, page.getByRole('button', { name: 'Sign in' }));
  const path = new URL(page.url()).pathname;
  assert.notEqual(path, '/login', `signing in as ${email} stayed on /login (status ${res.status()})`);
  assert.ok(await sessionCookie(page), `signing in as ${email} set no session cookie`);
  return res;
}

/** The session cookie of the page's browser context, if any. */
export async function sessionCookie(page) {
  const cookies = await page.context().cookies();
  return cookies.find((c) => c.name === '__Host-sciatica' && c.value !== '');
}

export function sleep(ms) {
  return new Promise((res) => setTimeout(res, ms));
}
