// Signing in and out in a real browser, as each kind of user, and the
// mistakes people make on the sign-in form. axe-core checks every page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer, DEMO_PASSWORD } from '../lib/server.mjs';
import { launchBrowser, openTab } from '../lib/browser.mjs';

let server, browser;
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// Run a journey in a fresh tab; the tab's final checks run only on success.
async function journey(fn) {
  const tab = await openTab(browser, server.url);
  try {
    await fn(tab);
  } catch (e) {
    await tab.close();
    throw e;
  }
  await tab.done();
}

const STAFF = ['Home', 'Schemes', 'Training', 'People', 'Organisation', 'Your account'];
const STUDENT = ['Home', 'Schemes', 'Training', 'Your profile', 'Your account'];
const ADMIN = ['Home', 'Schemes', 'Training', 'People', 'Organisation', 'Accounts', 'Audit log', 'Outbox', 'API keys', 'Your account'];

const people = [
  { email: 'admin@demo.ac.uk', role: 'Administrator', nav: ADMIN },
  { email: 'coordinator@demo.ac.uk', role: 'Coordinator', nav: STAFF },
  { email: 'champion@demo.ac.uk', role: 'Academic champion', nav: STAFF },
  { email: 'student@demo.ac.uk', role: 'Student', nav: STUDENT },
];

describe('signing in as each role', () => {
  for (const p of people) {
    test(`${p.role.toLowerCase()} signs in, sees their name and their navigation, and signs out`, () => journey(async (tab) => {
      await tab.goto('/');
      await tab.expectPage('Peer mentoring, together', { title: 'Home', status: 200 });
      assert.deepEqual(await tab.navLabels(), ['Home', 'Schemes', 'Sign in']);

      await tab.follow('Sign in');
      await tab.expectPage('Sign in');
      await tab.signIn(p.email, DEMO_PASSWORD);
      assert.equal(tab.path, '/');
      await tab.expectPage(/^Welcome, .+/, { title: 'Home' });
      const name = (await tab.page.locator('main h1').innerText()).replace(/^Welcome,\s*/, '').trim();
      assert.ok(name.length > 0, 'the welcome names the person');
      // The header shows who is signed in.
      assert.equal((await tab.page.locator('header .whoami span').innerText()).trim(), name);
      assert.match(await tab.page.locator('main .lead').innerText(), new RegExp(`signed in as .*${p.role}`));
      assert.deepEqual(await tab.navLabels(), p.nav);

      // Their account page agrees.
      await tab.follow('Your account');
      await tab.expectPage('Your account');
      const summary = await tab.page.locator('main dl.summary').innerText();
      assert.match(summary, new RegExp(p.email.replace(/\./g, '\\.')));
      assert.match(summary, new RegExp(p.role));

      await tab.signOut();
      assert.equal(tab.path, '/');
      await tab.expectPage('Peer mentoring, together', { title: 'Home' });
      assert.deepEqual(await tab.navLabels(), ['Home', 'Schemes', 'Sign in']);
      assert.equal(await tab.page.getByRole('button', { name: 'Sign out' }).count(), 0);

      // Signed out for real: the account page asks to sign in again.
      await tab.goto('/account');
      assert.match(tab.path, /^\/signin/);
      await tab.expectPage('Sign in');
    }));
  }
});

// Found by this suite and fixed in a74b567: the attribute went through
// html_printf's escaping %s and came out as aria-current=&quot;page&quot;.
test('the navigation marks the current page with aria-current="page"', () => journey(async (tab) => {
  const current = async () => {
    const links = tab.page.getByRole('navigation', { name: 'Main' }).getByRole('link');
    const out = [];
    for (let i = 0; i < await links.count(); i++) {
      const v = await links.nth(i).getAttribute('aria-current');
      if (v !== null) out.push([(await links.nth(i).innerText()).trim(), v]);
    }
    return out;
  };
  await tab.goto('/signin');
  assert.deepEqual(await current(), [['Sign in', 'page']], 'on /signin');
  await tab.signIn('admin@demo.ac.uk', DEMO_PASSWORD);
  assert.deepEqual(await current(), [['Home', 'page']], 'on /');
  await tab.goto('/admin/users/new');
  assert.deepEqual(await current(), [['Accounts', 'page']], 'on /admin/users/new');
  await tab.goto('/account/password');
  assert.deepEqual(await current(), [['Your account', 'page']], 'on /account/password');
}));

describe('mistakes on the sign-in form', () => {
  test('a wrong password shows the error summary and keeps the typed email', () => journey(async (tab) => {
    await tab.goto('/signin');
    await tab.fill('Email address', 'coordinator@demo.ac.uk');
    await tab.fill('Password', 'not-the-password');
    await tab.submit('Sign in');
    await tab.expectPage('Sign in', { status: 401 });
    const errors = await tab.errorSummary();
    assert.equal(errors.length, 1);
    assert.match(errors[0], /email address or password is not right/);
    assert.equal((await tab.page.getByRole('alert').getByRole('heading').innerText()).trim(), 'There is a problem');
    // The summary takes focus, so a screen reader announces it.
    assert.equal(await tab.page.evaluate(() => document.activeElement?.classList.contains('error-summary')), true);
    assert.equal(await tab.page.getByLabel('Email address', { exact: true }).inputValue(), 'coordinator@demo.ac.uk');
    assert.equal(await tab.page.getByLabel('Password', { exact: true }).inputValue(), '', 'the password is not sent back');
    assert.deepEqual(await tab.navLabels(), ['Home', 'Schemes', 'Sign in'], 'still signed out');

    // Then the right password works.
    await tab.signIn('coordinator@demo.ac.uk', DEMO_PASSWORD);
    await tab.expectPage(/^Welcome, /, { title: 'Home' });
  }));

  test('an empty form shows an error at the field and in the summary', () => journey(async (tab) => {
    await tab.goto('/signin');
    await tab.submit('Sign in');
    await tab.expectPage('Sign in', { status: 400 });
    const errors = await tab.errorSummary();
    assert.deepEqual(errors, ['Enter your email address.']);
    assert.equal(await tab.fieldError('Email address'), 'Enter your email address.');
    // The summary's link takes you to the field.
    await tab.page.getByRole('alert').getByRole('link', { name: 'Enter your email address.' }).click();
    await tab.page.waitForFunction(() => location.hash === '#email');

    // An email but no password: the error moves to the password.
    await tab.fill('Email address', 'student@demo.ac.uk');
    await tab.submit('Sign in');
    await tab.expectPage('Sign in', { status: 400 });
    assert.deepEqual(await tab.errorSummary(), ['Enter your password.']);
    assert.equal(await tab.fieldError('Password'), 'Enter your password.');
    assert.equal(await tab.fieldError('Email address'), '');
    assert.equal(await tab.page.getByLabel('Email address', { exact: true }).inputValue(), 'student@demo.ac.uk');
  }));
});
