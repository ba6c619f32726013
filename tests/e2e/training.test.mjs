// Training in a browser: a coordinator opens the catalogue, makes a mistake
// creating a module (explained beside the field), creates it and adds a
// session; a student books it and takes the self-paced quiz; the trainer
// marks the register. axe-core checks every page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_PASSWORD } from '../lib/server.mjs';
import { browserSuite } from '../lib/browser.mjs';

const { journey } = browserSuite();

test('a coordinator creates a module and a session; a student books it and passes a quiz; the register is kept', () => journey(async (tab) => {
  await tab.signIn('coordinator@demo.ac.uk', DEMO_PASSWORD);
  await tab.goto('/');
  await tab.follow('Training');
  await tab.expectPage('Training');
  await tab.follow('Create a module');
  await tab.expectPage('Create a training module');
  await tab.submit('Save the module');
  assert.deepEqual(await tab.errorSummary(), ["Enter the module's title."]);
  await tab.fill('Title', 'Record keeping');
  await tab.fill('Purpose', 'Keeping notes safe.');
  await tab.submit('Save the module');
  await tab.expectPage('Record keeping');
  await tab.fill('Starts (UTC)', '2030-03-04T14:00');
  await tab.fill('Room or place', 'Library, room 3');
  await tab.fill('Places', '4');
  await tab.submit('Add the session');
  await tab.expectPage('Record keeping', { title: 'Record keeping, 2030-03-04 14:00' });
  const session = tab.path.replace(/\?.*/, '');
  await tab.goto('/training/modules/3');
  await tab.expectPage('Pre-arrival online contact');
  await tab.goto('/schemes/1/training');
  await tab.expectPage('Training required', { title: 'Training required: Computer Science peer mentoring' });
  await tab.signOut();

  await tab.signIn('student@demo.ac.uk', DEMO_PASSWORD);
  await tab.goto(session);
  await tab.submit('Book a place');
  assert.match(await tab.page.getByRole('status').innerText(), /Your place is booked/);
  await tab.goto('/training/modules/3/quiz');
  await tab.expectPage('Quiz: Pre-arrival online contact');
  for (const answer of ["Point them to the university's international student advisers", "On Tandem's messages",
    "Contact the scheme's coordinator the same day", 'Your own experience of arriving at the university']) {
    await tab.page.getByLabel(answer, { exact: true }).check();
  }
  await tab.submit('Send my answers');
  assert.match(await tab.page.getByRole('status').innerText(), /You scored 100% and passed/);
  await tab.goto('/training');
  assert.match(await tab.page.locator('main').innerText(), /Quiz passed/);
  await tab.signOut();

  await tab.signIn('coordinator@demo.ac.uk', DEMO_PASSWORD);
  await tab.goto(session);
  await tab.submit('Mark Amara Okafor attended');
  assert.match(await tab.page.getByRole('status').innerText(), /The register has been updated/);
}));
