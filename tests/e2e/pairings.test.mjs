// Pairings in a browser: a coordinator pairs Jiayi (who goes by Joy) with
// Amara by hand on the Computer Science scheme, checking the pair's score
// first; Jiayi and then Amara each find the pairing on their home page,
// see how to contact the other and acknowledge it, which makes it active.
// axe-core checks every page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_PASSWORD } from '../lib/server.mjs';
import { browserSuite } from '../lib/browser.mjs';

const { journey } = browserSuite();

// The value of the option whose text matches re in the select labelled label.
async function optionValue(tab, label, re) {
  const select = tab.page.getByLabel(label, { exact: true });
  const options = await select.locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
  const hit = options.find(([, text]) => re.test(text));
  assert.ok(hit, `${label} offers ${re}`);
  return hit[0];
}

test('a coordinator pairs a mentee by hand; each side sees it at home and acknowledges it', () => journey(async (tab) => {
  await tab.signIn('coordinator@demo.ac.uk', DEMO_PASSWORD);
  await tab.goto('/schemes');
  await tab.follow('Computer Science peer mentoring');
  await tab.follow('Pairings');
  await tab.expectPage('Pairings: Computer Science peer mentoring');
  assert.match(await tab.page.locator('main').innerText(), /No pairings here yet/);
  await tab.page.getByLabel('Mentee waiting for a mentor', { exact: true })
    .selectOption(await optionValue(tab, 'Mentee waiting for a mentor', /^Joy Chen/));
  await tab.page.getByLabel('Mentor', { exact: true })
    .selectOption(await optionValue(tab, 'Mentor', /^Amara Okafor/));
  await tab.submit('Check this pair');
  const score = tab.page.getByRole('status');
  assert.match(await score.innerText(), /Score \d+ of 1000/);
  // The choice is kept while the score shows.
  assert.match(await tab.page.getByLabel('Mentor', { exact: true }).locator('option:checked').innerText(), /Amara Okafor/);
  await tab.submit('Pair them');
  await tab.expectPage('Joy Chen with Amara Okafor');
  assert.match(await tab.page.getByRole('status').innerText(), /were paired, and both were emailed/);
  assert.match(await tab.page.locator('main').innerText(), /Waiting for the mentee to acknowledge it/);
  const pairing = tab.path.replace(/\?.*/, '');
  await tab.signOut();

  await tab.signIn('first-year@demo.ac.uk', DEMO_PASSWORD);
  await tab.goto('/');
  const card = tab.page.getByRole('heading', { name: 'Your mentoring' }).locator('..');
  assert.match(await card.innerText(), /Your mentor: Amara Okafor \(Computer Science peer mentoring, Proposed\)/);
  await tab.follow('Amara Okafor');
  await tab.expectPage('Your mentor: Amara Okafor');
  assert.equal(tab.path, pairing);
  assert.ok(await tab.page.getByRole('link', { name: /@demo\.ac\.uk$/ }).count(), 'how to contact Amara');
  await tab.submit('Acknowledge the pairing');
  assert.match(await tab.page.getByRole('status').innerText(), /Done/);
  assert.match(await tab.page.locator('main').innerText(), /The mentee acknowledged it on/);
  assert.equal(await tab.page.getByRole('button', { name: 'Acknowledge the pairing' }).count(), 0);
  await tab.signOut();

  await tab.signIn('student@demo.ac.uk', DEMO_PASSWORD);
  await tab.goto('/');
  const mine = tab.page.getByRole('heading', { name: 'Your mentoring' }).locator('..');
  assert.match(await mine.innerText(), /Your mentee: Joy Chen/);
  await tab.follow('Joy Chen');
  await tab.expectPage('Your mentee: Joy Chen');
  await tab.submit('Acknowledge the pairing');
  assert.match(await tab.page.locator('main p.lead').innerText(), /Active/);
  // Both acknowledged: the history says so, and the pause is offered.
  assert.match(await tab.page.getByRole('region', { name: 'History' }).innerText(), /Proposed to Active/);
  assert.equal(await tab.page.getByRole('button', { name: 'Pause the pairing' }).count(), 1);
  await tab.goto('/');
  assert.match(await tab.page.getByRole('heading', { name: 'Your mentoring' }).locator('..').innerText(),
    /Your mentee: Joy Chen \(Computer Science peer mentoring, Active\)/);
}));
