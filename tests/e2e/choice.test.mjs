// A mentee chooses their mentor, in a browser: in the demo's International
// scheme (mentees choose), a signed-up mentee follows "Choose your mentor"
// from the scheme's page, reads why the best-matched mentor suits them,
// asks them with a message (a message too long first: explained beside
// the field); the mentor sees the request on their home page, reads the
// message and the explanation, and accepts; the mentee sees their mentor.
// axe-core checks every page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_PASSWORD } from '../lib/server.mjs';
import { browserSuite } from '../lib/browser.mjs';
import { SCHEMES, schemeId } from '../lib/matching.mjs';
import { mentorsOf, menteesOf } from '../lib/choice.mjs';

const suite = browserSuite();

test('a mentee asks the mentor they choose, who accepts; both see the pairing', () => suite.journey(async (tab) => {
  const srv = suite.server;
  const intl = await schemeId(srv, SCHEMES.international);
  const mentee = menteesOf(srv, intl)[0];
  const mentors = mentorsOf(srv, intl);

  await tab.signIn(mentee.email, DEMO_PASSWORD);
  await tab.goto(`/schemes/${intl}`);
  await tab.follow('Choose your mentor');
  await tab.expectPage('Choose your mentor: International student mentoring');
  const card = tab.page.locator('main ul.cards > li').first();
  const studentId = Number((await card.getAttribute('id')).replace('mentor-', ''));
  const mentor = mentors.find((m) => m.studentId === studentId);
  assert.ok(mentor, 'the first card is one of the scheme\'s mentors');
  const name = (await card.locator('h3').innerText()).trim();
  // Why this mentor: the explanation, behind its summary.
  const why = card.locator('details');
  assert.equal(await why.locator('p').isVisible(), false);
  await why.locator('summary').click();
  assert.match(await why.locator('p').innerText(), /Score \d+/);

  await tab.fill(`A message for ${name} (optional)`, 'x'.repeat(1001));
  await tab.submit(`Ask ${name} to be your mentor`);
  assert.deepEqual(await tab.errorSummary(), ['Your message has at most 1000 characters.']);
  assert.equal(await tab.fieldError(`A message for ${name} (optional)`), 'Your message has at most 1000 characters.');
  await tab.fill(`A message for ${name} (optional)`, 'I would love help settling in.');
  await tab.submit(`Ask ${name} to be your mentor`);
  assert.match(await tab.page.getByRole('status').innerText(), /Your request was sent/);
  const mine = tab.page.getByRole('region', { name: 'Your requests' });
  assert.match(await mine.innerText(), new RegExp(`${name}\\s+1st`));
  assert.match(await mine.innerText(), /Waiting for an answer/);
  await tab.signOut();

  await tab.signIn(mentor.email, DEMO_PASSWORD);
  await tab.goto('/');
  await tab.follow('1 request from a mentee');
  await tab.expectPage('Requests from mentees');
  const request = tab.page.locator('main ul.cards > li').first();
  assert.match(await request.innerText(), /I would love help settling in\./);
  await request.locator('summary').click();
  assert.match(await request.locator('details p').innerText(), /Score \d+/);
  await tab.submit(`Accept ${mentee.name}`);
  assert.match(await tab.page.getByRole('status').innerText(), /You accepted the request/);
  await tab.follow('see your new pairing');
  assert.match(await tab.page.locator('main').innerText(), new RegExp(mentee.name));
  await tab.signOut();

  await tab.signIn(mentee.email, DEMO_PASSWORD);
  await tab.goto('/');
  assert.match(await tab.page.locator('main').innerText(), new RegExp(name));
  await tab.goto(`/schemes/${intl}/mentors`);
  assert.match(await tab.page.locator('main').innerText(), /You have a mentor in this scheme/);
  assert.match(await tab.page.getByRole('region', { name: 'Your requests' }).innerText(), /Accepted/);
}));
