// The scheme catalogue in a browser: a visitor browses the catalogue and
// opens a scheme; a coordinator creates a scheme from a type (after a
// mistake explained beside the field), then publishes it and finds it on
// the catalogue. axe-core checks every page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_PASSWORD } from '../lib/server.mjs';
import { browserSuite } from '../lib/browser.mjs';

const { journey } = browserSuite();

test('a visitor browses the catalogue, filters it and opens a scheme', () => journey(async (tab) => {
  await tab.goto('/');
  await tab.follow('Schemes');
  await tab.expectPage('Schemes');
  await tab.page.getByLabel('Type', { exact: true }).selectOption('pre_arrival');
  await tab.submit('Filter');
  await tab.expectPage('Schemes');
  assert.match(await tab.page.getByRole('status').innerText(), /^1 scheme$/);
  await tab.follow('Clear');
  await tab.follow('Computer Science peer mentoring');
  await tab.expectPage('Computer Science peer mentoring');
  assert.match(await tab.page.locator('dl.summary').innerText(), /Pastoral peer mentoring/);
  assert.equal(await tab.page.getByRole('link', { name: 'Apply to be a mentor' }).count(), 1);
  assert.equal(await tab.page.getByRole('link', { name: 'Sign up as a mentee' }).count(), 1);
}));

test('a coordinator creates a scheme from a type and publishes it', () => journey(async (tab) => {
  await tab.signIn('coordinator@demo.ac.uk', DEMO_PASSWORD);
  await tab.goto('/schemes');
  await tab.follow('Create a scheme');
  await tab.expectPage('Create a scheme');
  await tab.page.getByLabel('Buddy scheme', { exact: true }).check();
  await tab.submit('Continue');
  await tab.expectPage('Create a scheme: Buddy scheme', { title: 'Create a scheme' });
  assert.equal(await tab.page.getByLabel('Academic year', { exact: true }).inputValue(), '2026/27');

  await tab.fill('Name', 'Library buddies');
  await tab.fill('Mentees (or groups) a mentor takes', '0');
  await tab.submit('Create the scheme');
  await tab.expectPage('Create a scheme: Buddy scheme', { title: 'Create a scheme', status: 400 });
  assert.match((await tab.errorSummary()).join('\n'), /from 1 to 100/);
  assert.match(await tab.fieldError('Mentees (or groups) a mentor takes'), /from 1 to 100/);
  assert.equal(await tab.page.getByLabel('Name', { exact: true }).inputValue(), 'Library buddies');
  await tab.fill('Mentees (or groups) a mentor takes', '2');
  await tab.fill('Summary', 'A friendly face in the library.');
  await tab.submit('Create the scheme');
  await tab.expectPage('Library buddies');
  assert.match(await tab.page.getByRole('status').innerText(), /The scheme was created/);
  assert.match(await tab.page.locator('main').innerText(), /Draft/);

  await tab.follow('Edit the scheme, its staff and materials');
  await tab.expectPage('Edit Library buddies');
  await tab.page.getByLabel('Status', { exact: true }).selectOption('published');
  await tab.page.getByLabel('Open for mentee sign-up (when published)', { exact: true }).check();
  await tab.submit('Save changes');
  await tab.expectPage('Library buddies');
  assert.match(await tab.page.getByRole('status').innerText(), /Your changes were saved/);
  assert.equal(await tab.page.getByRole('link', { name: 'Sign up as a mentee' }).count(), 1);

  await tab.signOut();
  await tab.goto('/schemes?q=library');
  await tab.expectPage('Schemes');
  await tab.follow('Library buddies');
  await tab.expectPage('Library buddies');
}));
