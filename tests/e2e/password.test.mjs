// Passwords in a real browser: a forgotten password reset by email (read
// from the administrator's outbox), and changing a password when signed in.
// axe-core checks every page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
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

// Each tab is its own browser context: its own cookies, as if a fresh browser.
async function withTab(fn) {
  const tab = await openTab(browser, server.url);
  try {
    return await fn(tab);
  } catch (e) {
    await tab.close();
    throw e;
  } finally {
    if (!tab.page.isClosed()) await tab.done();
  }
}

let emailedLink;

test('a forgotten password is reset with the emailed link, and the new password signs in', async () => {
  const email = 'student@demo.ac.uk', fresh = 'a-brand-new-passphrase';

  // 1. The student asks for a link.
  await withTab(async (tab) => {
    await tab.goto('/signin');
    await tab.follow('Forgotten your password?');
    await tab.expectPage('Reset your password');
    await tab.fill('Email address', email);
    await tab.submit('Send the link');
    await tab.expectPage('Check your email', { status: 200 });
    assert.match(await tab.page.locator('main').innerText(), new RegExp(`If ${email.replace(/\./g, '\\.')} has a Tandem account`));
  });

  // 2. An administrator reads the message in the outbox.
  const link = await withTab(async (tab) => {
    await tab.signIn('admin@demo.ac.uk', DEMO_PASSWORD);
    await tab.follow('Outbox');
    await tab.expectPage('Outbox');
    await tab.fill('To address', email);
    await tab.submit('Filter');
    await tab.expectPage('Outbox');
    const mails = tab.page.locator('article.mail');
    assert.equal(await mails.count(), 1, 'one message to the student');
    assert.match(await mails.locator('dl').innerText(), /Waiting/);
    const body = await mails.locator('pre').innerText();
    const m = body.match(/https?:\/\/\S+\/password\/reset\?token=[A-Za-z0-9_-]+/);
    assert.ok(m, `a reset link in the message:\n${body}`);
    return new URL(m[0]);
  });

  emailedLink = link;

  // 3. Signed out, in a fresh browser, the student opens the link. (Its
  //    path and query, on this server: where the link itself points is
  //    the next test's business.)
  const open = new URL(link.pathname + link.search, server.url).href;
  await withTab(async (tab) => {
    await tab.goto(open);
    await tab.expectPage('Choose a new password', { status: 200 });

    // A mismatch first.
    await tab.fill('New password', fresh);
    await tab.fill('New password again', fresh + '!');
    await tab.submit('Set the new password');
    await tab.expectPage('Choose a new password', { status: 400 });
    assert.deepEqual(await tab.errorSummary(), ['The two new passwords are not the same.']);
    assert.equal(await tab.fieldError('New password again'), 'The two new passwords are not the same.');

    await tab.fill('New password', fresh);
    await tab.fill('New password again', fresh);
    await tab.submit('Set the new password');
    await tab.expectPage('Your password has been changed', { title: 'Password changed', status: 200 });

    // The link works once.
    await tab.goto(open);
    await tab.expectPage('This link has expired', { title: 'Link expired', status: 400 });

    // The old password no longer works; the new one does.
    await tab.signIn(email, DEMO_PASSWORD);
    await tab.expectPage('Sign in', { status: 401 });
    await tab.signIn(email, fresh);
    await tab.expectPage(/^Welcome, /, { title: 'Home' });
  });
});

// Found by this suite, fixed in d7c4988: the link was built from the
// configured port, so a server on --port 0 mailed http://127.0.0.1:0/ links.
test('the emailed reset link points at the server that sent it', () => {
  assert.ok(emailedLink, 'the reset journey above read a link from the outbox');
  assert.equal(emailedLink.origin, server.url);
  assert.equal(emailedLink.pathname, '/password/reset');
});

// Found by this suite, fixed in 9a64325: "1 messages."
test('the outbox counts one message in the singular', () => withTab(async (tab) => {
  await tab.signIn('admin@demo.ac.uk', DEMO_PASSWORD);
  await tab.goto('/admin/outbox?to=student%40demo.ac.uk');
  await tab.expectPage('Outbox');
  assert.equal(await tab.page.locator('article.mail').count(), 1);
  assert.match(await tab.page.locator('main').innerText(), /^1 message\.$/m);
}));

test('changing a password: a mismatched confirmation is an error, then it changes', async () => {
  const email = 'champion@demo.ac.uk', fresh = 'champion-new-passphrase';

  await withTab(async (tab) => {
    await tab.signIn(email, DEMO_PASSWORD);
    await tab.follow('Your account');
    await tab.follow('Change your password');
    assert.equal(tab.path, '/account/password');
    await tab.expectPage('Change your password');

    await tab.fill('Current password', DEMO_PASSWORD);
    await tab.fill('New password', fresh);
    await tab.fill('New password again', 'something-else-entirely');
    await tab.submit('Change password');
    await tab.expectPage('Change your password', { status: 400 });
    assert.deepEqual(await tab.errorSummary(), ['The two new passwords are not the same.']);
    assert.equal(await tab.fieldError('New password again'), 'The two new passwords are not the same.');
    assert.equal(await tab.fieldError('Current password'), '');
    for (const label of ['Current password', 'New password', 'New password again']) {
      assert.equal(await tab.page.getByLabel(label, { exact: true }).inputValue(), '', `${label} is not sent back`);
    }

    // A wrong current password.
    await tab.fill('Current password', 'not-my-password');
    await tab.fill('New password', fresh);
    await tab.fill('New password again', fresh);
    await tab.submit('Change password');
    await tab.expectPage('Change your password', { status: 400 });
    assert.deepEqual(await tab.errorSummary(), ['Your current password is not right.']);
    assert.equal(await tab.fieldError('Current password'), 'Your current password is not right.');

    await tab.fill('Current password', DEMO_PASSWORD);
    await tab.fill('New password', fresh);
    await tab.fill('New password again', fresh);
    await tab.submit('Change password');
    await tab.expectPage('Change your password', { status: 200 });
    assert.match(await tab.page.getByRole('status').innerText(), /Your password has been changed/);
    assert.deepEqual(await tab.errorSummary(), []);
    // Still signed in here.
    assert.deepEqual(await tab.navLabels(), ['Home', 'Schemes', 'Training', 'People', 'Organisation', 'Your account']);

    await tab.signOut();
    await tab.signIn(email, DEMO_PASSWORD);
    await tab.expectPage('Sign in', { status: 401 });
    await tab.signIn(email, fresh);
    await tab.expectPage(/^Welcome, /, { title: 'Home' });
  });
});
