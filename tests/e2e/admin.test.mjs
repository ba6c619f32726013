// An administrator's journeys (adding an account, granting a role), and
// who may see what: the 403 page, and signing in on the way to a page.
// axe-core checks every page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_PASSWORD } from '../lib/server.mjs';
import { browserSuite } from '../lib/browser.mjs';

const { journey } = browserSuite();

const roleBox = (tab, label) => tab.page.getByRole('checkbox', { name: label, exact: true });

test('an administrator adds an account, grants a role, and the new person signs in', () => journey(async (tab) => {
  const name = 'Jonah Whitfield', email = 'jonah.whitfield@uni.ac.uk', password = 'first-password-for-jonah';

  await tab.signIn('admin@demo.ac.uk', DEMO_PASSWORD);
  await tab.follow('Accounts');
  await tab.expectPage('Accounts');
  assert.match(await tab.page.locator('main').innerText(), /\d+ accounts\./);
  assert.equal(await tab.page.getByRole('table').getByRole('link', { name }).count(), 0);

  await tab.follow('Add an account');
  await tab.expectPage('Add an account');
  assert.equal(tab.path, '/admin/users/new');

  // First with an email that is not one.
  await tab.fill('Full name', name);
  await tab.fill('Email address', 'jonah.whitfield-at-uni.ac.uk');
  await tab.fill('First password', password);
  await roleBox(tab, 'Student').check();
  await tab.submit('Add the account');
  await tab.expectPage('Add an account', { status: 400 });
  assert.deepEqual(await tab.errorSummary(), ['Enter an email address like name@university.ac.uk.']);
  assert.equal(await tab.fieldError('Email address'), 'Enter an email address like name@university.ac.uk.');
  assert.equal(await tab.page.getByLabel('Full name', { exact: true }).inputValue(), name, 'the name is kept');
  assert.equal(await tab.page.getByLabel('Email address', { exact: true }).inputValue(), 'jonah.whitfield-at-uni.ac.uk', 'the email is kept');
  assert.equal(await tab.page.getByLabel('First password', { exact: true }).inputValue(), '', 'the password is not sent back');
  assert.equal(await roleBox(tab, 'Student').isChecked(), true, 'the ticked role is kept');
  assert.equal(await roleBox(tab, 'Coordinator').isChecked(), false);

  // Then correctly.
  await tab.fill('Email address', email);
  await tab.fill('First password', password);
  await tab.submit('Add the account');
  assert.match(tab.path, /^\/admin\/users\/\d+\?created=1$/);
  await tab.expectPage(name, { status: 200 });
  assert.equal((await tab.page.getByRole('status').innerText()).trim(), 'The account has been added.');
  assert.match(await tab.page.locator('main dl.summary').innerText(), new RegExp(`${email.replace(/\./g, '\\.')}[\\s\\S]*Active`));
  assert.equal(await roleBox(tab, 'Student').isChecked(), true);

  // Grant a role.
  await roleBox(tab, 'Coordinator').check();
  await tab.submit('Save roles');
  await tab.expectPage(name);
  assert.equal((await tab.page.getByRole('status').innerText()).trim(), 'Roles saved.');
  assert.equal(await roleBox(tab, 'Coordinator').isChecked(), true);
  assert.equal(await roleBox(tab, 'Student').isChecked(), true);
  assert.equal(await roleBox(tab, 'Administrator').isChecked(), false);

  // The list shows the new person with both roles.
  await tab.follow('All accounts');
  await tab.expectPage('Accounts');
  const row = tab.page.getByRole('row').filter({ has: tab.page.getByRole('link', { name }) });
  assert.equal(await row.count(), 1);
  const cells = (await row.getByRole('cell').allInnerTexts()).map((s) => s.trim());
  assert.equal(cells[1], email);
  assert.match(cells[2], /Coordinator/);
  assert.match(cells[2], /Student/);
  assert.equal(cells[3], 'Active');

  // The audit log records it.
  await tab.follow('Audit log');
  await tab.expectPage('Audit log');
  assert.match(await tab.page.getByRole('table').innerText(), new RegExp(email.replace(/\./g, '\\.')));

  // The new person signs in.
  await tab.signOut();
  await tab.signIn(email, password);
  await tab.expectPage(`Welcome, ${name}`, { title: 'Home' });
  assert.match(await tab.page.locator('main .lead').innerText(), /signed in as Coordinator, Student\./);
  assert.equal((await tab.page.locator('header .whoami span').innerText()).trim(), name);
  assert.deepEqual(await tab.navLabels(), ['Home', 'Schemes', 'Training', 'People', 'Organisation', 'Your profile', 'Your account']);
}));

test('an administrator deactivates an account after confirming, and that person cannot sign in', () => journey(async (tab) => {
  await tab.signIn('admin@demo.ac.uk', DEMO_PASSWORD);
  await tab.goto('/admin/users');
  const link = tab.page.getByRole('row').filter({ hasText: 'champion@demo.ac.uk' }).getByRole('link');
  await tab.navigate(() => link.click());
  const name = (await tab.page.locator('main h1').innerText()).trim();
  await tab.expectPage(name);

  // Saying no to the question leaves the account alone.
  let asked = '';
  tab.page.once('dialog', (d) => { asked = d.message(); d.dismiss(); });
  await tab.page.getByRole('button', { name: 'Deactivate the account' }).click();
  await tab.page.waitForTimeout(200);
  assert.match(asked, /Deactivate this account\?/);
  assert.match(await tab.page.locator('main dl.summary').innerText(), /Active/);

  tab.page.once('dialog', (d) => d.accept());
  await tab.submit('Deactivate the account');
  await tab.expectPage(name);
  assert.equal((await tab.page.getByRole('status').innerText()).trim(), 'The account has been deactivated.');
  assert.match(await tab.page.locator('main dl.summary').innerText(), /Deactivated/);

  await tab.signOut();
  await tab.signIn('champion@demo.ac.uk', DEMO_PASSWORD);
  await tab.expectPage('Sign in', { status: 401 });
  assert.match((await tab.errorSummary())[0], /not right/);
}));

test('a student visiting an administrator\'s page is told it is not allowed', () => journey(async (tab) => {
  await tab.signIn('student@demo.ac.uk', DEMO_PASSWORD);
  assert.deepEqual(await tab.navLabels(), ['Home', 'Schemes', 'Training', 'Your profile', 'Your account'], 'no admin links for a student');
  for (const path of ['/admin/users', '/admin/users/new', '/admin/audit', '/admin/outbox']) {
    await tab.goto(path);
    await tab.expectPage('Not allowed', { status: 403 });
    assert.equal(tab.path, path, 'no redirect');
    assert.match(await tab.page.locator('main').innerText(), /not allowed to see this page/);
    assert.deepEqual(await tab.navLabels(), ['Home', 'Schemes', 'Training', 'Your profile', 'Your account'], 'still signed in');
  }
  await tab.follow('Go to the home page');
  await tab.expectPage(/^Welcome, /, { title: 'Home' });
}));

test('a signed-out visitor to /account is sent to sign in, and back to /account afterwards', () => journey(async (tab) => {
  await tab.goto('/account');
  assert.equal(new URL(tab.page.url()).pathname, '/signin');
  assert.equal(new URL(tab.page.url()).searchParams.get('next'), '/account');
  await tab.expectPage('Sign in');
  await tab.fill('Email address', 'coordinator@demo.ac.uk');
  await tab.fill('Password', DEMO_PASSWORD);
  await tab.submit('Sign in');
  assert.equal(tab.path, '/account');
  await tab.expectPage('Your account');
  assert.match(await tab.page.locator('main dl.summary').innerText(), /coordinator@demo\.ac\.uk/);

  // A wrong password on the way keeps the destination.
  await tab.signOut();
  await tab.goto('/account/password');
  assert.equal(new URL(tab.page.url()).searchParams.get('next'), '/account/password');
  await tab.fill('Email address', 'coordinator@demo.ac.uk');
  await tab.fill('Password', 'wrong-password');
  await tab.submit('Sign in');
  await tab.expectPage('Sign in', { status: 401 });
  await tab.fill('Password', DEMO_PASSWORD);
  await tab.submit('Sign in');
  assert.equal(tab.path, '/account/password');
  await tab.expectPage('Change your password');
}));
