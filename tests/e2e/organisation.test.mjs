// A coordinator's organisation journey: open Organisation, add a term
// (after a mistake explained beside the field), visit faculties, staff and
// interests, then open a course and change its title. A champion reads
// without forms. axe-core checks every page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_PASSWORD } from '../lib/server.mjs';
import { browserSuite } from '../lib/browser.mjs';

const { journey } = browserSuite();

test('a coordinator adds a term and edits a course title', () => journey(async (tab) => {
  await tab.signIn('coordinator@demo.ac.uk', DEMO_PASSWORD);
  await tab.follow('Organisation');
  await tab.expectPage('Organisation');
  assert.match(await tab.page.locator('dl.summary').innerText(), /Demo University/);

  await tab.fill('Term name', 'Winter school');
  await tab.fill('Starts on', '2027-01-20');
  await tab.fill('Ends on', '2027-01-10');
  await tab.submit('Save the term');
  await tab.expectPage('Organisation', { status: 400 });
  assert.match((await tab.errorSummary()).join('\n'), /end date must be after the start date/);
  assert.equal(await tab.page.getByLabel('Term name', { exact: true }).inputValue(), 'Winter school');
  await tab.fill('Ends on', '2027-01-31');
  await tab.submit('Save the term');
  await tab.expectPage('Organisation');
  assert.match(await tab.page.getByRole('status').innerText(), /The term has been saved/);
  assert.match(await tab.page.getByRole('table', { name: 'Terms' }).innerText(), /Winter school\s+2027-01-20\s+2027-01-31/);

  await tab.follow('Faculties');
  await tab.expectPage('Faculties');
  await tab.goto('/staff');
  await tab.expectPage('Staff');
  await tab.goto('/interests');
  await tab.expectPage('Interests');

  await tab.goto('/organisation');
  await tab.follow('Courses');
  await tab.expectPage('Courses');
  const link = tab.page.locator('table tbody tr a').first();
  const title = (await tab.page.locator('table tbody tr td').nth(1).innerText()).trim();
  await tab.navigate(() => link.click());
  await tab.expectPage(title);
  await tab.fill('Title', `${title} (revised)`);
  await tab.submit('Save the course');
  await tab.expectPage(`${title} (revised)`);
  assert.match(await tab.page.getByRole('status').innerText(), /The course has been saved/);
}));

test('a champion reads the organisation without forms', () => journey(async (tab) => {
  await tab.signIn('champion@demo.ac.uk', DEMO_PASSWORD);
  await tab.follow('Organisation');
  await tab.expectPage('Organisation');
  assert.equal(await tab.page.getByRole('button', { name: 'Save the term' }).count(), 0);
  await tab.follow('Staff');
  await tab.expectPage('Staff');
  await tab.fill('Name', 'nowak');
  await tab.submit('Search');
  await tab.follow('Dr Tomasz Nowak');
  await tab.expectPage('Dr Tomasz Nowak');
}));
