// A coordinator's people journey (import a CSV with a mistake, fix it,
// import, search, open, edit) and a student's (edit their profile).
// axe-core checks every page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_PASSWORD } from '../lib/server.mjs';
import { browserSuite } from '../lib/browser.mjs';

const { journey } = browserSuite();

const HEADER = 'student_number,legal_name,university_email,course_code,year_of_study,status,home_country,languages,completed_years';

test('a coordinator imports students, fixes a mistake, then finds and edits one', () => journey(async (tab) => {
  await tab.signIn('coordinator@demo.ac.uk', DEMO_PASSWORD);
  await tab.follow('People');
  await tab.expectPage('People');
  // A course code that exists, from the filter's list.
  const course = await tab.page.locator('#course option').nth(1).getAttribute('value');

  await tab.follow('Import from the student record system');
  const file = (rows) => ({ name: 'students.csv', mimeType: 'text/csv', buffer: Buffer.from([HEADER, ...rows].join('\n') + '\n') });
  const good = `99000001,Siobhán Ní Bhriain,s.nibhriain@demo.ac.uk,${course},2,enrolled,IE,ga*;en,2025/26:1:progressed`;
  const typo = `99000002,Kwame Mensah,k.mensah@demo.ac.uk,${course},1,enrolled,UK,ak*;en,`;
  await tab.page.getByLabel('students', { exact: true }).check();
  await tab.page.getByLabel('CSV file').setInputFiles(file([good, typo]));
  await tab.submit('Import');
  const problems = await tab.page.locator('table tbody tr').allInnerTexts();
  assert.equal(problems.length, 1, problems.join('\n'));
  assert.match(problems[0], /^3\s+home_country\s+.*ISO 3166/);
  assert.match(await tab.page.locator('.error-summary').innerText(), /Nothing was imported: 1 problem/);

  const fixed = typo.replace(',UK,', ',GB,');
  await tab.page.getByLabel('students', { exact: true }).check();
  await tab.page.getByLabel('CSV file').setInputFiles(file([good, fixed]));
  await tab.submit('Import');
  assert.match(await tab.page.getByRole('status').innerText(), /Imported 2 students[\s\S]*2 created/);

  await tab.goto('/people');
  await tab.fill('Name, number or email', 'mensah');
  await tab.submit('Search');
  assert.match(await tab.page.getByRole('status').innerText(), /^1 person\./);
  await tab.follow('Kwame Mensah');
  await tab.expectPage('Kwame Mensah');
  await tab.follow('Edit the record');
  await tab.fill('Pronouns', 'he/him');
  await tab.page.getByLabel('Status', { exact: true }).selectOption('interrupted');
  await tab.submit('Save');
  await tab.expectPage('Kwame Mensah');
  const record = await tab.page.locator('dl.summary').innerText();
  assert.match(record, /he\/him/);
  assert.match(record, /Interrupted/);
}));

test('a student edits their profile, sees a mistake explained, and saves', () => journey(async (tab) => {
  await tab.signIn('student@demo.ac.uk', DEMO_PASSWORD);
  await tab.follow('Your profile');
  await tab.expectPage('Your profile');
  await tab.fill('Preferred name', 'Mara');
  await tab.fill('Languages you speak', 'yoruba, en');
  await tab.page.getByLabel('Tuesday evening').check();
  await tab.submit('Save your profile');
  const errors = await tab.errorSummary();
  assert.equal(errors.length, 1);
  assert.match(errors[0], /ISO/);
  assert.equal(await tab.page.getByLabel('Preferred name').inputValue(), 'Mara', 'what was typed is kept');

  await tab.fill('Languages you speak', 'yo, en');
  await tab.submit('Save your profile');
  assert.match(await tab.page.getByRole('status').innerText(), /Your profile has been saved/);
  assert.equal(await tab.page.getByLabel('Preferred name').inputValue(), 'Mara');
  assert.equal(await tab.page.getByLabel('Tuesday evening').isChecked(), true);
}));
