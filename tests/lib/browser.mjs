// Browser tests' helpers: headless Debian Chromium through playwright-core,
// and axe-core run on every page a test visits.
//
//   const browser = await launchBrowser();
//   const tab = await openTab(browser, server.url);
//   await tab.goto('/signin');                 // loads, then runs axe
//   await tab.submit('Sign in');               // clicks, waits for the page, runs axe
//   await tab.done();                          // fails if any page loaded went unchecked
//
// axe runs with the WCAG 2.0/2.1 A and AA rules and a violation fails the
// test with a readable list. The page's Content-Security-Policy is left in
// force (no bypassCSP): axe's source goes in through page.evaluate, which
// the policy does not govern, so a page that breaks its own CSP still shows.
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIMEOUT = 15000;

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update',
      '--disable-sync'],
  });
}

// A persistent context with a fresh profile, for tests that want one.
export async function launchPersistent() {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-chromium-'));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update',
      '--disable-sync'],
  });
  return { ctx, async close() { await ctx.close(); rmSync(dir, { recursive: true, force: true }); } };
}

// axe's violations, one readable paragraph each.
export function formatViolations(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.slice(0, 5).map((n) =>
      `    at ${n.target.join(' ')}\n      ${n.html.slice(0, 200)}\n      ${(n.failureSummary || '').replace(/\n/g, '\n      ')}`).join('\n');
    const more = v.nodes.length > 5 ? `\n    ... and ${v.nodes.length - 5} more` : '';
    return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}${more}`;
  }).join('\n');
}

// Run axe on the page as it is now; throws on any violation.
export async function checkA11y(page, what = page.url()) {
  const has = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!has) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  }, AXE_TAGS);
  if (result.length) {
    assert.fail(`axe-core found ${result.length} accessibility violation(s) on ${what} ` +
      `("${await page.title()}"):\n${formatViolations(result)}`);
  }
}

// A page in its own context (own cookies), which checks every document it
// loads with axe and collects script errors and CSP violations.
export async function openTab(browser, base, { viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.newContext({ baseURL: base, viewport, locale: 'en-GB' });
  context.setDefaultTimeout(TIMEOUT);
  context.setDefaultNavigationTimeout(TIMEOUT);
  const page = await context.newPage();
  return new Tab(base, context, page);
}

export class Tab {
  constructor(base, context, page) {
    this.base = base;
    this.context = context;
    this.page = page;
    this.loads = [];        // every document the main frame loaded: { url, status, checked }
    this.problems = [];     // script errors, CSP violations, failed sub-resources
    this.lastStatus = null;
    page.on('response', (res) => {
      if (res.request().isNavigationRequest() && res.frame() === page.mainFrame()) {
        this.lastStatus = res.status();
      } else if (res.status() >= 400) {
        this.problems.push(`${res.status()} for ${res.url()} on ${page.url()}`);
      }
    });
    page.on('load', () => this.loads.push({ url: page.url(), status: this.lastStatus, checked: false }));
    page.on('pageerror', (e) => this.problems.push(`script error on ${page.url()}: ${e.message}`));
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const where = msg.location().url;
      // Chromium logs every 4xx response as an error; error pages are pages
      // the tests expect, and a failing sub-resource is caught above.
      if (/^Failed to load resource/.test(msg.text())) return;
      this.problems.push(`console error on ${page.url()}: ${msg.text()} (${where})`);
    });
    page.on('requestfailed', (req) => {
      if (req.isNavigationRequest()) return;
      this.problems.push(`request failed on ${page.url()}: ${req.url()} ${req.failure()?.errorText}`);
    });
  }

  // The document's HTTP status.
  get status() { return this.lastStatus; }

  // The path (and query) of the current address.
  get path() { const u = new URL(this.page.url()); return u.pathname + u.search; }

  // Check the page now showing: axe, and mark its load as checked.
  async check() {
    await this.page.waitForLoadState('load');
    await checkA11y(this.page, this.path);
    const last = this.loads.at(-1);
    if (last) last.checked = true;
  }

  async goto(path) {
    const res = await this.page.goto(path);
    this.lastStatus = res ? res.status() : this.lastStatus;
    await this.check();
    return res;
  }

  // Do something that loads a new document (click a link or a button,
  // press Enter in a form), wait for it and check it.
  async navigate(action) {
    const loaded = this.page.waitForEvent('load');
    await action();
    await loaded;
    await this.check();
  }

  // Click the button (or link) with this accessible name and check the page that follows.
  async submit(name) {
    await this.navigate(() => this.page.getByRole('button', { name, exact: true }).click());
  }

  async follow(name) {
    await this.navigate(() => this.page.getByRole('link', { name, exact: true }).first().click());
  }

  // Fill a field by its label.
  async fill(label, value) {
    await this.page.getByLabel(label, { exact: true }).fill(value);
  }

  async signIn(email, password) {
    if (!/^\/signin/.test(this.path)) await this.goto('/signin');
    await this.fill('Email address', email);
    await this.fill('Password', password);
    await this.submit('Sign in');
  }

  async signOut() {
    await this.submit('Sign out');
  }

  // What a user reads first: the title and the main heading.
  async expectPage(heading, { title = heading, status } = {}) {
    const h1 = this.page.locator('main h1');
    assert.equal(await h1.count(), 1, `one h1 on ${this.path}`);
    const text = (await h1.innerText()).trim();
    if (heading instanceof RegExp) assert.match(text, heading);
    else assert.equal(text, heading, `heading on ${this.path}`);
    assert.ok(await h1.isVisible(), 'the heading is visible');
    const t = await this.page.title();
    assert.match(t, /^.+ – Tandem$/, `title "${t}" is "Page – Tandem"`);
    if (title instanceof RegExp) assert.match(t, title);
    else assert.equal(t, `${title} – Tandem`);
    if (status !== undefined) assert.equal(this.status, status, `HTTP status of ${this.path}`);
  }

  // The labels of the main navigation, in order.
  async navLabels() {
    return (await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts()).map((s) => s.trim());
  }

  // The error summary's items, or [] if there is none.
  async errorSummary() {
    const box = this.page.getByRole('alert');
    if (!(await box.count())) return [];
    assert.ok(await box.isVisible(), 'the error summary is visible');
    return (await box.locator('li').allInnerTexts()).map((s) => s.trim());
  }

  // The error shown next to a field (by the field's label), or '' if none.
  async fieldError(label) {
    const input = this.page.getByLabel(label, { exact: true });
    const described = (await input.getAttribute('aria-describedby')) || '';
    const id = described.split(/\s+/).find((s) => s.endsWith('-error'));
    if (!id) return '';
    assert.equal(await input.getAttribute('aria-invalid'), 'true', `${label} is marked invalid`);
    return (await this.page.locator(`#${id}`).innerText()).replace(/^Error:\s*/, '').trim();
  }

  async screenshot(file) {
    await this.page.screenshot({ path: file, fullPage: true });
  }

  // Every document loaded was checked with axe, and nothing went wrong in the page.
  async done() {
    const unchecked = this.loads.filter((l) => !l.checked);
    await this.context.close();
    assert.deepEqual(unchecked.map((l) => l.url), [], 'every page visited was checked with axe');
    assert.deepEqual(this.problems, [], 'no script errors, CSP violations or failed requests');
  }

  // Close without the final checks (after a failure).
  async close() { await this.context.close().catch(() => {}); }
}

// browserSuite(): one server (with the demo data) and one browser for a
// test file, started before its tests and stopped after them. journey(fn)
// runs fn(tab) in a fresh tab (its own cookies) and fails if a page it
// loaded went unchecked by axe. suite.server and suite.browser are there
// for what a test needs beyond that.
export function browserSuite() {
  const suite = { server: null, browser: null };
  before(async () => {
    [suite.server, suite.browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });
  suite.journey = async (fn, opts) => {
    const tab = await openTab(suite.browser, suite.server.url, opts);
    try {
      await fn(tab);
    } catch (e) {
      await tab.close();
      throw e;
    }
    await tab.done();
  };
  return suite;
}
