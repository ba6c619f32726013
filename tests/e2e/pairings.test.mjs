// Pairings in a browser: a coordinator pairs Jiayi (who goes by Joy) with
// Amara by hand on the Computer Science scheme, checking the pair's score
// first; Jiayi and then Amara each find the pairing on their home page,
// see how to contact the other and acknowledge it, which makes it active.
// A coordinator then sets a mentor's places (a mistake first, shown in
// the error summary and beside the field) and unblocks a pair removed from
// a draft, on the matching page. axe-core checks every page.
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

test('a coordinator sets a mentor\'s places, after a mistake, and unblocks a pair removed from a draft', () => journey(async (tab) => {
  const page = tab.page;
  await tab.signIn('coordinator@demo.ac.uk', DEMO_PASSWORD);
  await tab.goto('/schemes');
  await tab.follow('Computer Science peer mentoring');
  const scheme = tab.path;
  await tab.follow('Pairings');
  await tab.expectPage('Pairings: Computer Science peer mentoring');

  // The first mentor of the table, by the label of their places.
  const mentors = page.getByRole('region', { name: 'Mentors and their places' });
  const first = mentors.locator('input[name="places"]').first();
  const label = (await page.locator(`label[for="${await first.getAttribute('id')}"]`).innerText()).trim();
  const name = label.replace(/^Places for /, '');
  await tab.fill(label, '51');
  await tab.submit(`Save places for ${name}`);
  await tab.expectPage('Pairings: Computer Science peer mentoring', { status: 400 });
  const problem = 'Enter the mentor\'s places as a whole number from 0 to 50.';
  assert.deepEqual(await tab.errorSummary(), [problem]);
  assert.equal(await tab.fieldError(label), problem);
  assert.equal(await page.getByLabel(label, { exact: true }).inputValue(), '51', 'what was typed is kept');
  // The summary's link leads to the field.
  await page.getByRole('alert').getByRole('link').click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), await first.getAttribute('id'));

  await tab.fill(label, '2');
  await tab.submit(`Save places for ${name}`);
  await tab.expectPage('Pairings: Computer Science peer mentoring', { status: 200 });
  assert.match(await page.getByRole('status').innerText(), /The mentor's places were saved/);
  assert.equal(await page.getByLabel(label, { exact: true }).inputValue(), '2');
  assert.equal(await tab.fieldError(label), '');
  const option = await page.getByLabel('Mentor', { exact: true }).locator('option', { hasText: name }).innerText();
  assert.match(option, /of 2 places left\)$/);

  // A pair removed from a draft is blocked...
  await tab.goto(scheme);
  await tab.follow('Match runs');
  await tab.submit('Run matching');
  await tab.expectPage(/^Match run \d+$/, { title: /^Match run \d+: Computer Science peer mentoring – Tandem$/ });
  const remove = page.getByRole('button', { name: /^Remove / }).first();
  const [, mentee, mentor] = (await remove.textContent()).trim().match(/^Remove (.+) with (.+) \(blocks the pair\)$/);
  await tab.navigate(() => remove.click());
  assert.match(await page.getByRole('status').innerText(), /The pair is blocked/);

  // ...listed on the matching page, and unblocked there.
  await tab.goto(scheme);
  await tab.follow('Matching');
  const blocks = page.getByRole('region', { name: 'Blocked pairs' });
  const row = blocks.getByRole('row', { name: new RegExp(`^${mentee} ${mentor} `) });
  assert.equal(await row.count(), 1, `${mentee} and ${mentor} are listed`);
  assert.match(await row.innerText(), /Removed from run \d+'s draft\s+Priya Raman\s+\d{4}-\d\d-\d\d \d\d:\d\d/);
  await tab.submit(`Unblock ${mentee} and ${mentor}`);
  await tab.expectPage('Matching criteria', { title: 'Matching criteria: Computer Science peer mentoring' });
  assert.match(await page.getByRole('status').innerText(), /The pair was unblocked: the next match run may pair them/);
  assert.match(await page.locator('#blocks').innerText(), /No pairs are blocked/);
}));
