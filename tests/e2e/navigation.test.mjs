// Getting around: the skip link, keyboard-only use, error pages, and the
// layout at phone width. axe-core checks every page.
//
// With TANDEM_SCREENSHOTS=DIR, full-page screenshots of the main pages go
// to DIR (for a person to look at; nothing compares them).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startServer, DEMO_PASSWORD } from '../lib/server.mjs';
import { launchBrowser, openTab } from '../lib/browser.mjs';

let server, browser;
const SHOTS = process.env.TANDEM_SCREENSHOTS;
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function journey(fn, opts) {
  const tab = await openTab(browser, server.url, opts);
  try {
    await fn(tab);
  } catch (e) {
    await tab.close();
    throw e;
  }
  await tab.done();
}

async function shot(tab, name) {
  if (SHOTS) await tab.screenshot(join(SHOTS, `${name}.png`));
}

const focused = (tab) => tab.page.evaluate(() => {
  const e = document.activeElement;
  return { tag: e.tagName.toLowerCase(), id: e.id, text: (e.innerText || e.value || '').trim(), href: e.getAttribute('href') };
});

test('the skip link is the first thing to focus and moves focus to the main content', () => journey(async (tab) => {
  for (const path of ['/', '/signin']) {
    await tab.goto(path);
    await tab.page.keyboard.press('Tab');
    assert.deepEqual(await focused(tab), { tag: 'a', id: '', text: 'Skip to main content', href: '#main' }, `first focus on ${path}`);
    // Visible once focused, inside the window.
    const box = await tab.page.getByRole('link', { name: 'Skip to main content' }).boundingBox();
    assert.ok(box && box.x >= 0 && box.y >= 0 && box.width > 0 && box.height > 0, `the focused skip link is on screen: ${JSON.stringify(box)}`);
    await tab.page.keyboard.press('Enter');
    await tab.page.waitForFunction(() => document.activeElement?.id === 'main');
    assert.equal((await focused(tab)).tag, 'main');
    // The next Tab goes on from the main content, not back to the header.
    await tab.page.keyboard.press('Tab');
    assert.equal(await tab.page.evaluate(() => !!document.activeElement.closest('main')), true, `Tab after the skip link stays in main on ${path}`);
  }
  // Signed in, it is still first, before the navigation and Sign out.
  await tab.signIn('coordinator@demo.ac.uk', DEMO_PASSWORD);
  await tab.page.keyboard.press('Tab');
  assert.equal((await focused(tab)).text, 'Skip to main content');
}));

test('signing in with the keyboard alone', () => journey(async (tab) => {
  await tab.goto('/signin');
  await tab.page.keyboard.press('Tab'); // skip link
  await tab.page.keyboard.press('Enter');
  await tab.page.waitForFunction(() => document.activeElement?.id === 'main');
  await tab.page.keyboard.press('Tab');
  assert.equal((await focused(tab)).id, 'email');
  await tab.page.keyboard.type('student@demo.ac.uk');
  await tab.page.keyboard.press('Tab');
  assert.equal((await focused(tab)).id, 'password');
  await tab.page.keyboard.type(DEMO_PASSWORD);
  await tab.navigate(() => tab.page.keyboard.press('Enter'));
  await tab.expectPage(/^Welcome, /, { title: 'Home' });
}));

test('an unknown address shows the 404 page', () => journey(async (tab) => {
  await tab.goto('/no/such/page');
  await tab.expectPage('Page not found', { status: 404 });
  assert.match(await tab.page.locator('main').innerText(), /There is no page at this address/);
  assert.deepEqual(await tab.navLabels(), ['Home', 'Schemes', 'Sign in']);
  await shot(tab, '404');
  await tab.follow('Go to the home page');
  await tab.expectPage('Peer mentoring, together', { title: 'Home', status: 200 });

  // Signed in, the 404 page keeps the person's navigation.
  await tab.signIn('admin@demo.ac.uk', DEMO_PASSWORD);
  await tab.goto('/admin/users/999999');
  await tab.expectPage('Page not found', { status: 404 });
  await tab.goto('/admin/nothing-here');
  await tab.expectPage('Page not found', { status: 404 });
  assert.deepEqual(await tab.navLabels(), ['Home', 'Schemes', 'Training', 'People', 'Organisation', 'Accounts', 'Audit log', 'Outbox', 'API keys', 'Your account']);
}));

test('the main pages, for a look (screenshots with TANDEM_SCREENSHOTS)', () => journey(async (tab) => {
  await tab.goto('/');
  await shot(tab, 'home-signed-out');
  await tab.goto('/signin');
  await tab.submit('Sign in');
  await tab.expectPage('Sign in', { status: 400 });
  await shot(tab, 'signin-errors');
  await tab.signIn('admin@demo.ac.uk', DEMO_PASSWORD);
  await shot(tab, 'home-admin');
  for (const [path, heading, name] of [
    ['/admin/users', 'Accounts', 'accounts'],
    ['/admin/users/2', 'Priya Raman', 'user'],
    ['/admin/audit', 'Audit log', 'audit'],
    ['/admin/outbox', 'Outbox', 'outbox'],
    ['/account', 'Your account', 'account'],
  ]) {
    await tab.goto(path);
    await tab.expectPage(heading, { status: 200 });
    await shot(tab, name);
  }
  await tab.goto('/admin/users/new');
  await tab.fill('Full name', 'x');
  await tab.submit('Add the account');
  await tab.expectPage('Add an account', { status: 400 });
  await shot(tab, 'user-new-errors');
}));

// Found by this suite, fixed in d4e4dec: the accounts and audit tables
// made the whole page scroll sideways at phone width.
test('at phone width no page scrolls sideways', () => journey(async (tab) => {
  const wide = [];
  const measure = async (what) => {
    const px = await tab.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (px > 0) wide.push(`${what} is ${px}px too wide`);
  };
  await tab.goto('/');
  await shot(tab, 'phone-home');
  await measure('/');
  await tab.signIn('admin@demo.ac.uk', DEMO_PASSWORD);
  await shot(tab, 'phone-home-admin');
  await measure('/ (signed in)');
  for (const path of ['/admin/users', '/admin/users/2', '/admin/audit', '/admin/outbox', '/account', '/account/password',
    '/organisation', '/faculties', '/courses', '/courses/1', '/staff', '/interests']) {
    await tab.goto(path);
    await shot(tab, `phone${path.replace(/\//g, '-')}`);
    await measure(path);
  }
  assert.deepEqual(wide, []);
}, { viewport: { width: 360, height: 740 } }));

// Found by this suite, fixed in de5aadb: `td { overflow-wrap: anywhere }`
// broke single words anywhere ("account.creat|e"), even on a wide screen.
// A break after a hyphen is ordinary line breaking and allowed.
test('table cells never split a single word across lines', async () => {
  const split = [];
  for (const viewport of [{ width: 1280, height: 900 }, { width: 360, height: 740 }]) {
    await journey(async (tab) => {
      await tab.signIn('admin@demo.ac.uk', DEMO_PASSWORD);
      for (const path of ['/admin/users', '/admin/audit', '/courses', '/staff']) {
        await tab.goto(path);
        const broken = await tab.page.evaluate(() => {
          const out = [];
          for (const td of document.querySelectorAll('main td')) {
            const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
            for (let n = walker.nextNode(); n; n = walker.nextNode()) {
              const re = /[^\s-]+/g; // a break after a hyphen is ordinary line breaking
              for (let m = re.exec(n.data); m; m = re.exec(n.data)) {
                const range = document.createRange();
                range.setStart(n, m.index);
                range.setEnd(n, m.index + m[0].length);
                const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
                if (tops.size > 1) out.push(m[0]);
              }
            }
          }
          return [...new Set(out)];
        });
        if (broken.length) split.push(`${viewport.width}px ${path}: ${broken.slice(0, 6).join(', ')}${broken.length > 6 ? ', ...' : ''}`);
      }
    }, { viewport });
  }
  assert.deepEqual(split, []);
});
