// Recruitment and selection in a browser, on the demo university: a student
// proposes a scheme, which a coordinator approves, making the student its
// lead; a first-year is told why they cannot mentor; a second-year applies
// as a mentor and goes through review, interview (booking a slot), offer
// and the role agreement; an incoming student, invited by email, opens the
// link signed out, creates an account and signs up as a mentee. Each person
// has a tab of their own; axe-core checks every page.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { DEMO_PASSWORD, PG } from '../lib/server.mjs';
import { browserSuite } from '../lib/browser.mjs';

const suite = browserSuite();
const { journey } = suite;

function sql(query) {
  const db = suite.server.db;
  if (PG) return execFileSync('psql', [db, '-qAtc', query], { encoding: 'utf8' }).trim();
  return execFileSync('sqlite3', [db, query], { encoding: 'utf8' }).trim();
}

const CS = 'Computer Science peer mentoring';
const WELCOME = 'Welcome before you arrive';

async function signedIn(tab, email) {
  await tab.signIn(email, DEMO_PASSWORD);
  assert.doesNotMatch(tab.path, /^\/signin/, `${email} is signed in`);
}

// Open a scheme from the catalogue.
async function openScheme(tab, name) {
  await tab.goto('/schemes');
  await tab.follow(name);
  await tab.expectPage(name);
  return Number(tab.path.match(/^\/schemes\/(\d+)/)[1]);
}

// The text of the page's main part, spaces squeezed.
async function mainText(tab) {
  return (await tab.page.locator('main').innerText()).replace(/\s+/g, ' ');
}

async function statusText(tab) {
  return (await tab.page.getByRole('status').first().innerText()).trim();
}

test('a student proposes a scheme; the coordinator approves it; the student leads it', () => journey(async (amara) => {
  await signedIn(amara, 'student@demo.ac.uk');
  await amara.goto('/proposals/new');
  await amara.expectPage('Propose a scheme');
  const purpose = 'Second years pair up with first years for weekly coding practice.\nWe meet in the lab on Wednesdays.';
  await amara.fill('What is it for?', purpose);
  await amara.fill('How many mentors do you expect?', '6');
  await amara.fill('How many mentees do you expect?', '12');
  await amara.submit('Send the proposal');
  await amara.expectPage('Propose a scheme', { status: 400 });
  assert.deepEqual(await amara.errorSummary(), ['Enter a name for the scheme.']);
  assert.equal(await amara.fieldError('Name of the scheme'), 'Enter a name for the scheme.');
  assert.equal(await amara.page.getByLabel('What is it for?').inputValue(), purpose, 'the purpose is kept');
  assert.equal(await amara.page.getByLabel('How many mentees do you expect?').inputValue(), '12');

  await amara.fill('Name of the scheme', 'Coding club buddies');
  await amara.submit('Send the proposal');
  await amara.expectPage('Coding club buddies', { title: 'Proposal: Coding club buddies' });
  assert.match(await statusText(amara), /Your proposal has been sent/);
  assert.match(await mainText(amara), /Waiting for a decision/);
  assert.equal(await amara.page.getByRole('button', { name: /Approve/ }).count(), 0, 'students do not decide');

  let schemeId;
  await journey(async (priya) => {
    await signedIn(priya, 'coordinator@demo.ac.uk');
    await priya.goto('/proposals');
    await priya.expectPage('Proposed schemes');
    const row = priya.page.getByRole('row', { name: /Coding club buddies/ });
    assert.match(await row.innerText(), /Amara Okafor/);
    await priya.follow('Coding club buddies');
    await priya.expectPage('Coding club buddies', { title: 'Proposal: Coding club buddies' });
    assert.match(await mainText(priya), /Proposed by Amara Okafor/);
    await priya.submit('Approve and create the scheme');
    await priya.expectPage('Coding club buddies', { title: 'Proposal: Coding club buddies' });
    assert.match(await statusText(priya), /The decision has been saved/);
    assert.match(await mainText(priya), /Approved/);
    await priya.follow('Finish setting up the scheme');
    await priya.expectPage('Coding club buddies');
    schemeId = Number(priya.path.match(/^\/schemes\/(\d+)/)[1]);
    const text = await mainText(priya);
    assert.match(text, /Draft/);
    assert.match(text, /Amara Okafor, student lead/);
  });

  await amara.goto('/proposals');
  await amara.expectPage('Your proposals');
  assert.match(await amara.page.getByRole('row', { name: /Coding club buddies/ }).innerText(), /Approved/);
  await amara.follow('Coding club buddies');
  await amara.expectPage('Coding club buddies', { title: 'Proposal: Coding club buddies' });
  assert.match(await mainText(amara), /Approved/);
  await amara.follow('See your scheme');
  await amara.expectPage('Coding club buddies');
  assert.equal(amara.path, `/schemes/${schemeId}`);
  // As its lead, the student manages the scheme.
  const manage = amara.page.getByRole('navigation', { name: 'Manage this scheme' });
  assert.ok(await manage.getByRole('link', { name: 'Eligibility rules' }).count(), 'the lead may manage it');
  await amara.follow('Edit the scheme, its staff and materials');
  await amara.expectPage('Edit Coding club buddies');
}));

test('a first-year is told why they cannot apply to mentor', () => journey(async (joy) => {
  await signedIn(joy, 'first-year@demo.ac.uk');
  const id = await openScheme(joy, CS);
  await joy.follow('Apply to be a mentor');
  await joy.expectPage(`Apply to mentor: ${CS}`);
  assert.equal(joy.path, `/schemes/${id}/apply`);
  assert.match(await mainText(joy), /Not eligible: .*one completed year/);
  assert.equal(await joy.page.getByRole('button', { name: 'Send my application' }).count(), 0, 'no form to send');
}));

test('a second-year applies as a mentor, is interviewed, offered the role and accepts', () => journey(async (priya) => {
  // The demo made Amara a mentor of the scheme already: she starts again.
  const amaras = "(SELECT id FROM applications WHERE student_id = (SELECT id FROM students WHERE university_email = 'student@demo.ac.uk'))";
  sql(`DELETE FROM application_events WHERE application_id IN ${amaras}; DELETE FROM applications WHERE id IN ${amaras}`);
  await signedIn(priya, 'coordinator@demo.ac.uk');
  const id = await openScheme(priya, CS);

  // The coordinator asks two questions of applicants: one required.
  await priya.follow('Application questions');
  await priya.expectPage('Application questions', { title: `Questions: ${CS}` });
  await priya.fill('Question', 'Why do you want to mentor?');
  await priya.submit('Add the question');
  await priya.expectPage('Application questions', { title: `Questions: ${CS}` });
  await priya.fill('Question', 'What could you help with?');
  await priya.page.getByLabel('Kind of answer').selectOption('multiple');
  await priya.fill('Choices', 'Settling in\nStudy habits\nSocial life');
  await priya.page.getByLabel('An answer is required').uncheck();
  await priya.submit('Add the question');
  await priya.expectPage('Application questions', { title: `Questions: ${CS}` });
  const questions = await mainText(priya);
  assert.match(questions, /Why do you want to mentor\?/);
  assert.match(questions, /What could you help with\?/);

  // An interview slot, if the scheme has none.
  await priya.goto(`/schemes/${id}/interviews`);
  await priya.expectPage('Interview slots', { title: `Interview slots: ${CS}` });
  if (/No interview slots yet/.test(await mainText(priya))) {
    await priya.fill('Starts (UTC)', '2030-01-10T10:00');
    await priya.fill('Room or online link', 'Room 1.01');
    await priya.submit('Add the slot');
    await priya.expectPage('Interview slots', { title: `Interview slots: ${CS}` });
    assert.match(await mainText(priya), /2030-01-10 10:00/);
  }

  await journey(async (amara) => {
    await signedIn(amara, 'student@demo.ac.uk');
    await openScheme(amara, CS);
    await amara.follow('Apply to be a mentor');
    await amara.expectPage(`Apply to mentor: ${CS}`);
    assert.match(await mainText(amara), /Eligible: /);
    await amara.page.getByLabel('Settling in').check();
    await amara.page.getByLabel('Study habits').check();
    await amara.submit('Send my application');
    await amara.expectPage(`Apply to mentor: ${CS}`, { status: 400 });
    assert.deepEqual(await amara.errorSummary(), ['Answer this question.']);
    assert.equal(await amara.fieldError('Why do you want to mentor?'), 'Answer this question.');
    assert.equal(await amara.page.getByLabel('Settling in').isChecked(), true, 'the choices are kept');
    assert.equal(await amara.page.getByLabel('Study habits').isChecked(), true);
    assert.equal(await amara.page.getByLabel('Social life').isChecked(), false);

    await amara.fill('Why do you want to mentor?', 'I had a great mentor in my first year.');
    await amara.submit('Send my application');
    await amara.expectPage('Your application');
    assert.match(await statusText(amara), /Your application has been sent/);
    assert.match(await mainText(amara), /State Submitted/);
    const appPath = amara.path.replace(/\?.*$/, '');

    // Review, then an invitation to interview.
    await priya.goto(`/schemes/${id}/applications`);
    await priya.expectPage('Mentor applications', { title: `Applications: ${CS}` });
    await priya.follow('Amara Okafor');
    await priya.expectPage("Amara Okafor's application", { title: 'Application: Amara Okafor' });
    assert.equal(priya.path, appPath);
    assert.match(await mainText(priya), /I had a great mentor in my first year\./);
    await priya.submit('Start the review');
    await priya.expectPage("Amara Okafor's application", { title: 'Application: Amara Okafor' });
    assert.match(await mainText(priya), /State Under review/);
    await priya.submit('Invite to interview');
    await priya.expectPage("Amara Okafor's application", { title: 'Application: Amara Okafor' });
    assert.match(await mainText(priya), /State Invited to interview/);

    // The student books the slot.
    await amara.goto(appPath);
    await amara.expectPage('Your application');
    assert.match(await mainText(amara), /State Invited to interview/);
    const slot = amara.page.getByRole('group', { name: 'Interview slots' }).getByRole('radio').first();
    const when = (await amara.page.locator(`label[for="${await slot.getAttribute('id')}"]`).innerText()).trim();
    assert.match(when, /^\d{4}-\d\d-\d\d \d\d:\d\d \(UTC\), \d+ minutes, at /);
    await slot.check();
    await amara.submit('Book this slot');
    await amara.expectPage('Your application');
    assert.match(await statusText(amara), /Your interview is booked/);
    assert.ok((await mainText(amara)).includes(when), `the booked slot (${when}) is shown`);

    // The offer, and the role agreement: the box must be ticked.
    await priya.goto(appPath);
    await priya.submit('Offer the role');
    await priya.expectPage("Amara Okafor's application", { title: 'Application: Amara Okafor' });
    assert.match(await mainText(priya), /State Offered/);

    await amara.goto(appPath);
    await amara.expectPage('Your application');
    assert.match(await mainText(amara), /The role agreement and its boundaries/);
    await amara.submit('Accept the offer');
    await amara.expectPage('Your application', { status: 400 });
    assert.match((await amara.errorSummary()).join('\n'), /accept the role agreement/);
    assert.match(await amara.fieldError('I accept the role agreement and its boundaries'), /accept the role agreement/);
    await amara.page.getByLabel('I accept the role agreement and its boundaries').check();
    await amara.submit('Accept the offer');
    await amara.expectPage('Your application');
    const done = await mainText(amara);
    assert.match(done, /State Accepted/);
    assert.match(done, /Agreement accepted/);

    await amara.goto('/applications');
    await amara.expectPage('Your applications');
    assert.match(await amara.page.getByRole('row', { name: new RegExp(CS) }).innerText(), /Accepted/);
  });

  await priya.goto(`/schemes/${id}/applications`);
  await priya.expectPage('Mentor applications', { title: `Applications: ${CS}` });
  assert.match(await priya.page.getByRole('row', { name: /Amara Okafor/ }).innerText(), /Accepted/);
}));

test('an incoming student signs up through an invitation link', () => journey(async (priya) => {
  await signedIn(priya, 'coordinator@demo.ac.uk');
  await openScheme(priya, WELCOME);
  await priya.follow('Invitations for incoming students');
  await priya.expectPage(`Invite incoming students: ${WELCOME}`, { title: `Invitations: ${WELCOME}` });
  await priya.fill('Personal email addresses', 'Wei.Zhang@example.com\n');
  await priya.submit('Send invitations');
  await priya.expectPage(`Invite incoming students: ${WELCOME}`, { title: `Invitations: ${WELCOME}` });
  assert.match(await statusText(priya), /^1 invitation sent/);
  assert.match(await priya.page.getByRole('row', { name: /wei\.zhang@example\.com/ }).innerText(), /Sent, not used yet/);

  // The link, as the administrator reads it in the outbox.
  let link;
  await journey(async (alex) => {
    await signedIn(alex, 'admin@demo.ac.uk');
    await alex.goto('/admin/outbox');
    await alex.expectPage('Outbox');
    await alex.fill('To address', 'wei.zhang@example.com');
    await alex.submit('Filter');
    await alex.expectPage('Outbox');
    const mail = alex.page.locator('article.mail').filter({ hasText: `Sign up for a mentor: ${WELCOME}` });
    assert.equal(await mail.count(), 1, 'the invitation is in the outbox');
    link = (await mail.locator('pre').innerText()).match(/https?:\/\/\S+\/invitations\/[A-Za-z0-9_-]+/)[0];
  });

  await journey(async (wei) => {
    await wei.goto(link);
    await wei.expectPage(`Sign up for a mentor: ${WELCOME}`, { title: `Sign up: ${WELCOME}` });
    assert.equal(await wei.page.getByLabel('Email address').inputValue(), 'wei.zhang@example.com');
    await wei.fill('Your name', 'Wei Zhang');
    await wei.fill('New password', 'a new password for tandem');
    await wei.fill('New password again', 'not the same password');
    await wei.page.getByLabel('Settling in').check();
    await wei.page.getByLabel('Online').check();
    await wei.submit('Create my account and sign up');
    await wei.expectPage(`Sign up for a mentor: ${WELCOME}`, { title: `Sign up: ${WELCOME}`, status: 400 });
    assert.match((await wei.errorSummary()).join('\n'), /The two new passwords are not the same/);
    assert.equal(await wei.page.getByLabel('Your name').inputValue(), 'Wei Zhang', 'the name is kept');
    assert.equal(await wei.page.getByLabel('Settling in').isChecked(), true, 'the topics are kept');

    await wei.fill('New password', 'a new password for tandem');
    await wei.fill('New password again', 'a new password for tandem');
    await wei.submit('Create my account and sign up');
    await wei.expectPage('You have signed up');
    assert.match(await statusText(wei), /Your Tandem account is ready and you are signed up/);
    // Signed in already: the header says so.
    assert.equal(await wei.page.getByRole('button', { name: 'Sign out' }).count(), 1, 'signed in');
    assert.ok(!(await wei.navLabels()).includes('Sign in'));
    await wei.follow('See your sign-up');
    await wei.expectPage('Your sign-ups');
    assert.equal(await wei.page.getByRole('button', { name: 'Sign out' }).count(), 1, 'signed in');
    assert.match(await wei.page.getByRole('row', { name: new RegExp(WELCOME) }).innerText(), /Signed up/);
  });

  await priya.goto(priya.path);
  assert.match(await priya.page.getByRole('row', { name: /wei\.zhang@example\.com/ }).innerText(), /Used: signed up/);
}));
