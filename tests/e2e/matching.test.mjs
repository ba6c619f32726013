// Matching in a browser: the coordinator of "Computer Science peer
// mentoring" lowers a criterion's weight and watches the live preview
// change (the script asks the API; no page load), saves, runs matching,
// opens a pair's explanation, pins a pair, re-solves (the pin holds) and
// publishes, confirming the dialog; the run then shows as published with
// a link to the scheme's pairings. axe-core checks every page, and the
// preview region again after it changed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_PASSWORD, } from '../lib/server.mjs';
import { browserSuite, checkA11y } from '../lib/browser.mjs';

const { journey } = browserSuite();

test('a coordinator adjusts a weight, runs, reads an explanation, pins a pair, re-solves and publishes', () => journey(async (tab) => {
  const page = tab.page;
  await tab.signIn('coordinator@demo.ac.uk', DEMO_PASSWORD);
  await tab.goto('/schemes/1');
  await tab.follow('Matching');
  await tab.expectPage('Matching criteria', { title: 'Matching criteria: Computer Science peer mentoring' });

  // The live preview: the course criterion's weight to 0 lowers the scores
  // of the mentors on the mentee's course, without a page load.
  const preview = page.locator('#preview');
  const before = await preview.innerText();
  assert.match(before, /Top candidates under these criteria/);
  const loads = tab.loads.length;
  await tab.fill('Same course', '0');
  await page.waitForFunction((text) => document.getElementById('preview').innerText !== text, before);
  const after = await preview.innerText();
  assert.match(after, /Top candidates under these criteria/);
  assert.notEqual(after, before);
  assert.equal(await page.locator('#weight-total').innerText(), String(1000 - 180));
  assert.equal(tab.loads.length, loads, 'the preview changed without loading a page');
  await checkA11y(page, 'the criteria page after the preview changed');
  await tab.submit('Save the criteria');
  await tab.expectPage('Matching criteria', { title: 'Matching criteria: Computer Science peer mentoring' });
  assert.match(await page.getByRole('status').innerText(), /The criteria were saved/);
  assert.equal(await page.getByLabel('Same course', { exact: true }).inputValue(), '0');

  await tab.follow('Match runs');
  await tab.expectPage('Match runs', { title: 'Match runs: Computer Science peer mentoring' });
  await tab.submit('Run matching');
  await tab.expectPage(/^Match run \d+$/, { title: /^Match run \d+: Computer Science peer mentoring – Tandem$/ });
  const firstRun = tab.path;
  assert.match(await page.locator('main').innerText(), /Proven optimal/);
  assert.equal(await page.getByRole('img', { name: /^Pairs by score/ }).count(), 1);

  // An explanation, opened.
  const why = page.locator('#pairs ~ form details').first();
  await why.locator('summary').click();
  assert.equal(await why.evaluate((d) => d.open), true);
  assert.match(await why.locator('p').innerText(), /^Score \d+ of \d+/);

  // Pin the first pair.
  const pin = page.getByRole('button', { name: /^Pin / }).first();
  const value = await pin.getAttribute('value');
  const [, signup, mentor] = value.split(':');
  const name = (await pin.innerText()).trim();
  await tab.navigate(() => pin.click());
  assert.match(await page.getByRole('status').innerText(), /The pair is pinned/);
  assert.equal(await page.locator(`button[value="unpin:${signup}:${mentor}"]`).count(), 1);

  // Choosing a pair to swap with, then changing one's mind.
  await tab.navigate(() => page.getByRole('link', { name: /^Swap / }).last().click());
  assert.match(await page.getByRole('status').innerText(), /Swapping mentors/);
  assert.ok(await page.getByRole('button', { name: /^Swap with this pair/ }).count() > 0);
  await tab.follow('Cancel the swap');

  // Re-solve: a new run, the pinned pair in it and marked.
  await tab.submit('Re-solve');
  await tab.expectPage(/^Match run \d+$/, { title: /^Match run \d+: Computer Science peer mentoring – Tandem$/ });
  assert.notEqual(tab.path, firstRun);
  const row = page.locator('tr', { has: page.locator(`button[value="unpin:${signup}:${mentor}"]`) });
  assert.equal(await row.count(), 1, `${name.replace(/^Pin /, '')} is still proposed`);
  assert.match(await row.innerText(), /Pinned/);
  assert.match(await page.locator('main').innerText(), /Compared with the previous run/);

  // Publish, confirming the dialog.
  const matched = Number((await page.locator('dl.summary dt:text-is("Matched") + dd').innerText()).trim());
  page.once('dialog', (d) => d.accept());
  await tab.submit('Publish');
  await tab.expectPage(/^Match run \d+$/, { title: /^Match run \d+: Computer Science peer mentoring – Tandem$/ });
  assert.match(await page.getByRole('status').innerText(), new RegExp(`Published: ${matched} pairings were created`));
  assert.match(await page.locator('main').innerText(), /See the scheme's pairings/);
  assert.equal(await page.getByRole('button', { name: 'Publish' }).count(), 0);
}));
