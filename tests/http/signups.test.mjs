// Mentee sign-up and invitations: an eligible student signs up, sees,
// changes and withdraws it, with a confirmation in the outbox; an
// ineligible one is told why and refused; a student cannot see another's
// sign-up; the scheme's managers list and download sign-ups; an incoming
// student, signed out, opens an invitation link (built from --base-url),
// creates an account and signs up in one go, after which the link is dead
// (410), as is an expired one; importing their record as enrolled merges
// it with the account. On SQLite, or PostgreSQL with TANDEM_TEST_PG.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, Client, PG } from '../lib/server.mjs';

const BASE = 'https://mentoring.demo.ac.uk';
const PASSWORD = 'a new password for tandem';

// Behind the proxy, browsers send the public origin, which --base-url names.
class ProxiedClient extends Client {
  request(method, path, opts = {}) {
    return super.request(method, path, { ...opts, headers: { Origin: BASE, ...(opts.headers || {}) } });
  }
}

let srv, coordinator, admin, student, firstYear, champion;
let cs, welcome; // the demo's pastoral and pre-arrival schemes

async function schemeId(name) {
  const r = await new ProxiedClient(srv.url).get('/schemes');
  const m = r.text.match(new RegExp(`href="/schemes/(\\d+)">${name}<`));
  assert.ok(m, `the catalogue lists ${name}`);
  return Number(m[1]);
}

before(async () => {
  srv = await startServer({ args: ['--base-url', BASE] });
  coordinator = new ProxiedClient(srv.url);
  await coordinator.signIn('coordinator@demo.ac.uk');
  admin = new ProxiedClient(srv.url);
  await admin.signIn('admin@demo.ac.uk');
  student = new ProxiedClient(srv.url);
  await student.signIn('student@demo.ac.uk');
  firstYear = new ProxiedClient(srv.url);
  await firstYear.signIn('first-year@demo.ac.uk');
  champion = new ProxiedClient(srv.url);
  await champion.signIn('champion@demo.ac.uk');
  cs = await schemeId('Computer Science peer mentoring');
  welcome = await schemeId('Welcome before you arrive');
});
after(async () => { await srv.stop(); });

// The help topics a sign-up form offers.
function topicsOf(html) {
  return [...html.matchAll(/name="topics" value="([^"]+)"/g)].map((m) => m[1]);
}

// Run SQL against the test's database (to age an invitation).
function sql(statement) {
  if (PG) execFileSync('psql', [srv.db, '-qc', statement], { stdio: 'pipe' });
  else execFileSync('sqlite3', [srv.db, statement], { stdio: 'pipe' });
}

async function outbox(to) {
  return (await admin.get(`/admin/outbox?to=${encodeURIComponent(to)}`)).text;
}

// The newest invitation link mailed to email.
async function invitationLink(email) {
  const text = await outbox(email);
  const m = text.match(/(https?:\/\/[^\s<]+)\/invitations\/([A-Za-z0-9_-]{43})/);
  assert.ok(m, `an invitation to ${email} is in the outbox`);
  return { base: m[1], token: m[2] };
}

async function invite(emails, scheme = welcome) {
  return coordinator.submit(`/schemes/${scheme}/invitations`, `/schemes/${scheme}/invitations`,
    { action: 'list', emails });
}

test('an eligible student signs up, sees it, changes it and withdraws', async () => {
  let r = await student.get(`/schemes/${cs}/signup`);
  assert.equal(r.status, 200);
  assert.match(r.text, /id="eligibility"><p>Eligible/);
  const topics = topicsOf(r.text);
  assert.ok(topics.length > 1, 'the help topics are offered');
  assert.match(r.text, /Careers advice: the careers service/, 'what mentors refer on, and where to go');

  // A mistake: the form comes back with the input kept.
  r = await student.submit(`/schemes/${cs}/signup`, `/schemes/${cs}/signup`,
    { topics: topics[0], preferences: ['course', 'language'], mode: 'by_pigeon', note: 'Timetables, please' });
  assert.equal(r.status, 400);
  assert.match(r.text, /There is a problem/);
  assert.match(r.text, /href="#mode"/);
  assert.match(r.text, /value="language" checked/);
  assert.match(r.text, /Timetables, please<\/textarea>/);

  r = await student.submit(`/schemes/${cs}/signup`, `/schemes/${cs}/signup`,
    { topics: topics[0], preferences: ['course', 'language'], mode: 'online', note: 'Timetables, please' });
  assert.equal(r.status, 303);
  r = await student.get(`/schemes/${cs}/signup`);
  assert.match(r.text, /You signed up on \d{4}-\d\d-\d\d/);
  assert.match(r.text, /value="online" checked/);
  assert.match(r.text, /Save my changes/);
  r = await student.get('/signups');
  assert.match(r.text, /Computer Science peer mentoring/);
  assert.match(r.text, /Signed up/);
  assert.match(await outbox('student@demo.ac.uk'), /Computer Science peer mentoring: you have signed up/);

  // One sign-up per person: a second submission changes it.
  r = await student.submit(`/schemes/${cs}/signup`, `/schemes/${cs}/signup`,
    { topics: topics.slice(0, 2), mode: 'either' });
  assert.equal(r.status, 303);
  r = await coordinator.get(`/api/v1/schemes/${cs}/signups?q=amara`);
  let list = JSON.parse(r.text);
  assert.equal(list.items.length, 1);
  assert.deepEqual(list.items[0].topics, topics.slice(0, 2));
  assert.equal(list.items[0].mode, 'either');

  r = await student.submit(`/schemes/${cs}/signup`, `/schemes/${cs}/signup/withdraw`, {});
  assert.equal(r.status, 303);
  r = await student.get(`/schemes/${cs}/signup`);
  assert.match(r.text, /You withdrew your sign-up/);
  r = await coordinator.get(`/api/v1/schemes/${cs}/signups?q=amara`);
  list = JSON.parse(r.text);
  assert.equal(list.items[0].state, 'withdrawn');
});

test('an ineligible student is told why and refused', async () => {
  let r = await student.get(`/schemes/${welcome}/signup`);
  assert.equal(r.status, 200);
  assert.match(r.text, /id="eligibility"><p>Not eligible: [^<]+/);
  assert.doesNotMatch(r.text, /name="mode"/, 'no form');
  const token = await student.csrf('/account/password');
  r = await student.post(`/schemes/${welcome}/signup`, { _csrf: token, mode: 'either' });
  assert.equal(r.status, 403);
  assert.match(r.text, /Not eligible/);
  r = await student.get('/signups');
  assert.doesNotMatch(r.text, /Welcome before you arrive/);
});

test('a student cannot see another student\'s sign-up; the managers list them', async () => {
  let r = await firstYear.get(`/schemes/${cs}/signup`);
  const topics = topicsOf(r.text);
  r = await firstYear.submit(`/schemes/${cs}/signup`, `/schemes/${cs}/signup`,
    { topics: topics[0], preferences: 'home_country', mode: 'face_to_face' });
  assert.equal(r.status, 303);
  r = await coordinator.get(`/api/v1/schemes/${cs}/signups?q=jiayi`);
  const { items } = JSON.parse(r.text);
  assert.equal(items.length, 1);
  const id = items[0].id;
  assert.deepEqual(items[0].preferences, ['home_country']);
  assert.ok(items[0].student_number, 'linked to the student record');

  assert.equal((await firstYear.get(`/api/v1/signups/${id}`)).status, 200);
  assert.equal((await student.get(`/api/v1/signups/${id}`)).status, 403);
  assert.equal((await student.get(`/api/v1/schemes/${cs}/signups`)).status, 403);
  assert.equal((await student.get(`/schemes/${cs}/signups`)).status, 403);
  assert.equal((await student.get(`/schemes/${cs}/invitations`)).status, 403);
  assert.equal((await new Client(srv.url).get(`/api/v1/signups/${id}`)).status, 401);

  r = await coordinator.get(`/schemes/${cs}/signups`);
  assert.equal(r.status, 200);
  assert.match(r.text, /Jiayi/);
  assert.match(r.text, /Someone from my home country/);
  assert.match(r.text, /\d+ sign-ups?\./);
  r = await coordinator.get(`/schemes/${cs}/signups?state=active&q=jiayi`);
  assert.match(r.text, /1 sign-up\./);
  r = await coordinator.get(`/schemes/${cs}/signups.csv?state=active&q=jiayi`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/csv/);
  assert.match(r.text, /^name,email,student_number/);
  assert.match(r.text, /face_to_face/);
  // The scheme's academic champion manages it too.
  assert.equal((await champion.get(`/schemes/${cs}/signups`)).status, 200);
});

test('an incoming student signs up through an invitation; the link then dies', async () => {
  // Pasted addresses are all or nothing.
  let r = await invite('wei.zhang@example.com\nnot an email\n');
  assert.equal(r.status, 400);
  assert.match(r.text, /Nothing was sent: 1 line is wrong/);
  assert.match(r.text, /Line 2 \(not an email\)/);
  assert.doesNotMatch(await outbox('wei.zhang@example.com'), /invitations\//);

  r = await invite('Wei.Zhang@example.com\n');
  assert.equal(r.status, 200);
  assert.match(r.text, /1 invitation sent/);
  const { base, token } = await invitationLink('wei.zhang@example.com');
  assert.equal(base, BASE, 'the link is built from --base-url');
  r = await coordinator.get(`/schemes/${welcome}/invitations`);
  assert.match(r.text, /wei\.zhang@example\.com/);
  assert.match(r.text, /Sent, not used yet/);
  assert.ok(!r.text.includes(token), 'tokens are never shown');

  const anon = new ProxiedClient(srv.url);
  r = await anon.get(`/invitations/${token}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /value="wei\.zhang@example\.com" readonly/);
  assert.match(r.text, /name="new_password"/);
  const topics = topicsOf(r.text);
  assert.ok(topics.length > 0);

  // Mistakes keep the input and the link.
  r = await anon.submit(`/invitations/${token}`, `/invitations/${token}`,
    { name: 'Wei Zhang', new_password: PASSWORD, confirm_password: 'something else', topics: topics[0], mode: 'online' });
  assert.equal(r.status, 400);
  assert.match(r.text, /The two new passwords are not the same/);
  assert.match(r.text, /value="Wei Zhang"/);

  r = await anon.submit(`/invitations/${token}`, `/invitations/${token}`,
    { name: 'Wei Zhang', new_password: PASSWORD, confirm_password: PASSWORD, topics: topics[0], mode: 'online' });
  assert.equal(r.status, 303, r.text);
  assert.equal(r.headers.get('location'), '/signups/welcome');
  assert.ok(anon.cookies.has('tandem_session'), 'signed in');
  r = await anon.get('/signups/welcome');
  assert.equal(r.status, 200);
  assert.match(r.text, /You have signed up/);
  r = await anon.get('/signups');
  assert.equal(r.status, 200);
  assert.match(r.text, /Welcome before you arrive/);
  assert.match(await outbox('wei.zhang@example.com'), /Welcome before you arrive: you have signed up/);

  // Single use: a second submission, and the page, say the link is dead.
  const again = new ProxiedClient(srv.url);
  r = await again.get(`/invitations/${token}`);
  assert.equal(r.status, 410);
  assert.match(r.text, /ask the Peer Mentoring Team for a new link/);
  const csrf = await again.csrf('/signin');
  r = await again.post(`/invitations/${token}`,
    { _csrf: csrf, name: 'Someone', new_password: PASSWORD, confirm_password: PASSWORD, topics: topics[0], mode: 'online' });
  assert.equal(r.status, 410);
  r = await again.get(`/invitations/${'x'.repeat(43)}`);
  assert.equal(r.status, 404);
  assert.match(r.text, /ask the Peer Mentoring Team for a new link/);

  r = await coordinator.get(`/schemes/${welcome}/invitations`);
  assert.match(r.text, /Used: signed up/);
  r = await coordinator.get(`/schemes/${welcome}/signups`);
  assert.match(r.text, /Wei Zhang/);
  assert.match(r.text, /No record yet \(invited\)/);
});

test('an expired invitation is dead; a new link works', async () => {
  let r = await invite('late.comer@example.com');
  assert.equal(r.status, 200);
  const { token } = await invitationLink('late.comer@example.com');
  sql("UPDATE scheme_invitations SET expires_at = 1 WHERE email = 'late.comer@example.com'");
  const anon = new ProxiedClient(srv.url);
  r = await anon.get(`/invitations/${token}`);
  assert.equal(r.status, 410);
  r = await coordinator.get(`/schemes/${welcome}/invitations`);
  assert.match(r.text, /Expired/);

  // Sending again (a new token) brings it back; the old token stays dead.
  r = await invite('late.comer@example.com');
  assert.match(r.text, /1 sent again with a new link/);
  const fresh = (await invitationLink('late.comer@example.com')).token;
  assert.notEqual(fresh, token);
  assert.equal((await anon.get(`/invitations/${token}`)).status, 404);
  assert.equal((await anon.get(`/invitations/${fresh}`)).status, 200);
});

async function upload(client, kind, name, text) {
  const token = await client.csrf('/people/import');
  const form = new FormData();
  form.append('_csrf', token);
  form.append('kind', kind);
  form.append('file', new Blob([text], { type: 'text/csv' }), name);
  return client.request('POST', '/people/import', { body: form });
}

test('importing the student\'s record as enrolled merges it with the invited account', async () => {
  await invite('merge.me@example.com');
  const { token } = await invitationLink('merge.me@example.com');
  const anon = new ProxiedClient(srv.url);
  let r = await anon.get(`/invitations/${token}`);
  const topics = topicsOf(r.text);
  r = await anon.submit(`/invitations/${token}`, `/invitations/${token}`,
    { name: 'Mei Lin', new_password: PASSWORD, confirm_password: PASSWORD, topics: topics[0], mode: 'either' });
  assert.equal(r.status, 303);
  assert.doesNotMatch((await anon.get('/profile')).text, /MRG0001/, 'no record yet');

  const csv = 'student_number,legal_name,university_email,personal_email,course_code,year_of_study,status,home_country\n'
    + 'MRG0001,Mei Lin,mei.lin@demo.ac.uk,Merge.Me@example.com,G400,1,enrolled,CN\n';
  r = await upload(coordinator, 'students', 'students.csv', csv);
  assert.equal(r.status, 200, r.text);
  assert.match(r.text, /Imported 1 student/);

  r = await coordinator.get(`/api/v1/schemes/${welcome}/signups?q=mei`);
  const { items } = JSON.parse(r.text);
  assert.equal(items.length, 1);
  assert.equal(items[0].student_number, 'MRG0001');
  assert.equal(items[0].email, 'merge.me@example.com', 'the account keeps its sign-in email');
  r = await anon.get('/profile');
  assert.equal(r.status, 200);
  assert.match(r.text, /MRG0001/);
  r = await admin.get('/admin/audit?action=signup.merged');
  assert.match(r.text, /MRG0001/);
  // Again: nothing more to merge.
  r = await upload(coordinator, 'students', 'students.csv', csv);
  assert.match(r.text, /1 unchanged/);
  r = await admin.get('/admin/audit?action=signup.merged');
  assert.equal((r.text.match(/MRG0001/g) || []).length, 1);
});
