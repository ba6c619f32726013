// Training in a browser, the rest of issue 7: an academic champion books a
// staff development session and makes a calendar link; a coordinator reads
// the training reports, changes the session (a mistake first, explained),
// cancels the champion's booking and then the session; a student reads
// their training record on their profile. axe-core checks every page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_PASSWORD } from '../lib/server.mjs';
import { browserSuite } from '../lib/browser.mjs';

const { journey } = browserSuite();

test('a champion books staff development; a coordinator reports, changes and cancels; a student reads their record', () => journey(async (tab) => {
  await tab.signIn('champion@demo.ac.uk', DEMO_PASSWORD);
  await tab.goto('/training');
  await tab.expectPage('Training');
  await tab.follow('Staff development');
  await tab.expectPage('Staff development');
  const session = await tab.page.locator('table a[href^="/training/sessions/"]').first().getAttribute('href');
  await tab.goto(session);
  await tab.expectPage("Supporting your programme's mentors", { title: /^Supporting your programme's mentors, / });
  await tab.submit('Book a place');
  assert.match(await tab.page.getByRole('status').innerText(), /Your place is booked/);
  await tab.goto('/training');
  await tab.submit('Create a calendar link');
  await tab.expectPage('Your calendar link');
  assert.match(await tab.page.locator('#calendar-link').innerText(), /\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  await tab.goto('/training/staff');
  assert.match(await tab.page.locator('main').innerText(), /Supporting your programme's mentors, .* \(UTC\): Booked/);
  await tab.signOut();

  await tab.signIn('coordinator@demo.ac.uk', DEMO_PASSWORD);
  await tab.goto('/training');
  await tab.follow('Training reports');
  await tab.expectPage('Training reports');
  await tab.follow('Computer Science peer mentoring');
  await tab.expectPage('Training report: Computer Science peer mentoring');
  await tab.goto('/training/reports');
  await tab.follow('Boundaries and referral');
  await tab.expectPage('Training report: Boundaries and referral');

  await tab.goto(session);
  await tab.fill('Places', '0');
  await tab.submit('Save the changes');
  assert.deepEqual(await tab.errorSummary(), ['Enter the number of places, from 1 to 1000.']);
  await tab.fill('Places', '20');
  await tab.fill('Room or place', 'Staff Centre, room 5');
  await tab.submit('Save the changes');
  assert.match(await tab.page.getByRole('status').first().innerText(), /The session has been changed/);
  await tab.submit("Cancel Dr Tomasz Nowak's booking");
  assert.match(await tab.page.getByRole('status').first().innerText(), /The booking has been cancelled/);
  await tab.fill('Reason (optional)', 'Moved to next term');
  await tab.submit('Cancel the session');
  assert.match(await tab.page.locator('main').innerText(), /This session was cancelled on .*The reason: Moved to next term/);
  await tab.signOut();

  await tab.signIn('student@demo.ac.uk', DEMO_PASSWORD);
  await tab.goto('/profile');
  await tab.expectPage('Your profile');
  assert.match(await tab.page.locator('#training-record').innerText(), /Training record/);
}));
