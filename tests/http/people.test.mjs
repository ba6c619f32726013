// The people pages on the demo university: who may list and see whom,
// editing a record, bulk actions, erasure, a student's profile and their
// data. Every form keeps the input and says what is wrong.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

const as = async (email) => { const c = new Client(srv.url); await c.signIn(email); return c; };

test('a student cannot list or open people', async () => {
  const s = await as('student@demo.ac.uk');
  for (const path of ['/people', '/people/1', '/people/1/edit', '/people/export.csv']) {
    assert.equal((await s.get(path)).status, 403, path);
  }
  const anon = new Client(srv.url);
  assert.equal((await anon.get('/people')).status, 303);
});

test('a coordinator searches and filters, and the total is right', async () => {
  const c = await as('coordinator@demo.ac.uk');
  const all = await c.get('/people');
  assert.equal(all.status, 200);
  const total = Number(all.text.match(/(\d+) (?:person|people)\./)[1]);
  assert.ok(total >= 300, `the demo has its students (${total})`);
  const amara = await c.get('/people?q=okafor');
  assert.match(amara.text, /Amara Okafor/);
  const second = await c.get('/people?q=amara&year=2&status=enrolled');
  assert.match(second.text, /Amara Okafor/);
  const none = await c.get('/people?q=amara&year=4');
  assert.doesNotMatch(none.text, /Amara Okafor/);
  const bad = await c.get('/people?course=NO-SUCH-COURSE');
  assert.match(bad.text, /There is no course with that code/);
  const badYear = await c.get('/people?year=eleven');
  assert.match(badYear.text, /year of study is a number/);
  const page2 = await c.get('/people?page=2');
  assert.match(page2.text, /Page 2 of/);
  // Past the last page: said plainly, with the way back.
  const last = Number(page2.text.match(/Page 2 of (\d+)/)[1]);
  const past = await c.get(`/people?page=${last + 3}`);
  assert.equal(past.status, 200);
  assert.doesNotMatch(past.text, /Page \d+ of/);
  assert.match(past.text, new RegExp(`There is no page ${last + 3}; the last is page ${last}`));
  assert.match(past.text, new RegExp(`href="/people\\?page=${last}" rel="prev">Go to page ${last}<`));
});

test('a champion sees only the students of the courses they teach', async () => {
  const champion = await as('champion@demo.ac.uk');
  const mine = await champion.get('/people');
  assert.equal(mine.status, 200);
  assert.match(mine.text, /Students of the courses you teach/);
  const n = Number(mine.text.match(/(\d+) (?:person|people)\./)[1]);
  const coord = await as('coordinator@demo.ac.uk');
  const all = Number((await coord.get('/people')).text.match(/(\d+) (?:person|people)\./)[1]);
  assert.ok(n > 0 && n < all, `champion sees ${n} of ${all}`);
  // Amara studies a course the champion teaches; someone else does not.
  const amara = await champion.get('/people?q=amara+okafor');
  const id = amara.text.match(/href="\/people\/(\d+)">Amara Okafor/)[1];
  assert.equal((await champion.get(`/people/${id}`)).status, 200);
  const list = (await coord.get('/people?faculty=&status=enrolled')).text;
  const ids = [...list.matchAll(/href="\/people\/(\d+)"/g)].map((m) => m[1]);
  let outside = 0;
  for (const other of ids) {
    const r = await champion.get(`/people/${other}`);
    if (r.status === 403) outside++;
  }
  assert.ok(outside > 0, 'some students are outside the champion\'s courses');
  // A champion cannot edit or bulk-change.
  assert.equal((await champion.get(`/people/${id}/edit`)).status, 403);
});

test('a coordinator edits a record: errors keep the input, the change is audited', async () => {
  const c = await as('coordinator@demo.ac.uk');
  const list = await c.get('/people?q=amara+okafor');
  const id = list.text.match(/href="\/people\/(\d+)">Amara Okafor/)[1];
  const bad = await c.submit(`/people/${id}/edit`, `/people/${id}/edit`, {
    legal_name: 'Amara N. Okafor', preferred_name: '', pronouns: 'she/her',
    university_email: 'student@demo.ac.uk', personal_email: '', course_code: '',
    year_of_study: '2', study_mode: 'full_time', status: 'enrolled', graduated_on: '',
    home_country: 'UK', fee_status: 'home', campus: '',
  });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /ISO 3166 country code/);
  assert.match(bad.text, /value="Amara N\. Okafor"/, 'the input is kept');
  const page = await c.get(`/people/${id}/edit`);
  const course = page.text.match(/<option value="([^"]+)" selected>/)[1];
  const ok = await c.submit(`/people/${id}/edit`, `/people/${id}/edit`, {
    legal_name: 'Amara N. Okafor', preferred_name: '', pronouns: 'she/her',
    university_email: 'student@demo.ac.uk', personal_email: '', course_code: course,
    year_of_study: '2', study_mode: 'full_time', status: 'enrolled', graduated_on: '',
    home_country: 'GB', fee_status: 'home', campus: '',
  });
  assert.equal(ok.status, 303);
  const shown = await c.get(`/people/${id}`);
  assert.match(shown.text, /Amara N\. Okafor/);
  assert.match(shown.text, /she\/her/);
  const admin = await as('admin@demo.ac.uk');
  assert.match((await admin.get('/admin/audit')).text, /person\.edit/);
});

test('bulk deactivation applies to exactly the filtered list', async () => {
  const c = await as('coordinator@demo.ac.uk');
  const filtered = await c.get('/people?status=withdrawn');
  const n = Number(filtered.text.match(/(\d+) (?:person|people)\./)[1]);
  assert.ok(n > 0);
  const before = Number((await c.get('/people')).text.match(/(\d+) (?:person|people)\./)[1]);
  const token = await c.csrf('/people?status=withdrawn');
  const r = await c.post('/people/bulk?status=withdrawn', { _csrf: token, action: 'deactivate' });
  assert.equal(r.status, 200);
  assert.match(r.text, new RegExp(`${n} (?:person|people) deactivated`));
  const after = Number((await c.get('/people')).text.match(/(\d+) (?:person|people)\./)[1]);
  assert.equal(after, before - n);
  const back = await c.post('/people/bulk?status=withdrawn&inactive=1', { _csrf: token, action: 'activate' });
  assert.match(back.text, new RegExp(`${n} (?:person|people) reactivated`));
  // Without the token, nothing happens.
  assert.equal((await c.post('/people/bulk?status=withdrawn', { action: 'deactivate' })).status, 403);
});

test('an administrator erases a person; the record stays without anything that identifies them', async () => {
  const admin = await as('admin@demo.ac.uk');
  const list = await admin.get('/people?status=graduated');
  const id = list.text.match(/href="\/people\/(\d+)">/)[1];
  const before = await admin.get(`/people/${id}`);
  const name = before.text.match(/<h1>([^<]+)<\/h1>/)[1];
  const coord = await as('coordinator@demo.ac.uk');
  assert.equal((await coord.submit(`/people/${id}`, `/people/${id}/erase`, {})).status, 403, 'coordinators cannot erase');
  const r = await admin.submit(`/people/${id}`, `/people/${id}/erase`, {});
  assert.equal(r.status, 200);
  assert.match(r.text, /personal data was erased/);
  assert.doesNotMatch(r.text, new RegExp(name));
  const search = await admin.get(`/people?q=${encodeURIComponent(name.split(' ').pop())}&inactive=1`);
  assert.doesNotMatch(search.text, new RegExp(`>${name}<`));
  assert.match((await admin.get('/admin/audit')).text, /person\.erase/);
});

test('a student edits their profile; mistakes keep what they typed', async () => {
  const s = await as('first-year@demo.ac.uk');
  const page = await s.get('/profile');
  assert.equal(page.status, 200);
  assert.match(page.text, /Jiayi Chen/);
  assert.match(page.text, /Who can see this/);
  const interest = page.text.match(/name="interests" value="(\d+)"/)[1];
  const bad = await s.submit('/profile', '/profile', {
    preferred_name: 'Jess', pronouns: 'she/her', bio: 'I like maths.', languages: 'zh, english',
    interests: interest, availability: ['0', '5'], personal_email: '', contact_preference: 'university_email',
  });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /ISO codes|ISO 639/);
  assert.match(bad.text, /value="Jess"/);
  assert.match(bad.text, /I like maths\./);
  const ok = await s.submit('/profile', '/profile', {
    preferred_name: 'Jess', pronouns: 'she/her', bio: 'I like maths.', languages: 'zh, en',
    interests: interest, availability: ['0', '5'], personal_email: '', contact_preference: 'university_email',
    share: 'commuter', 'visible-commuter': 'coordinators_and_mentor',
  });
  assert.equal(ok.status, 303);
  const saved = await s.get('/profile?saved=1');
  assert.match(saved.text, /Your profile has been saved/);
  assert.match(saved.text, /id="slot-5" name="availability" value="5" checked/);
  assert.match(saved.text, /id="share-commuter" name="share" value="commuter" checked/);
  // The coordinator sees it; a champion never sees characteristics.
  const coord = await as('coordinator@demo.ac.uk');
  const id = (await coord.get('/people?q=jiayi')).text.match(/href="\/people\/(\d+)">Jiayi Chen/)[1];
  const shown = await coord.get(`/people/${id}`);
  assert.match(shown.text, /Jess/);
  assert.match(shown.text, /Commuter student/);
  const champion = await as('champion@demo.ac.uk');
  const seen = await champion.get(`/people/${id}`);
  if (seen.status === 200) assert.doesNotMatch(seen.text, /Commuter student/);
});

test('everyone can download what Tandem holds about them', async () => {
  const s = await as('student@demo.ac.uk');
  const r = await s.get('/profile/data.json');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition'), /attachment/);
  const data = JSON.parse(r.text);
  assert.equal(data.account.email, 'student@demo.ac.uk');
  assert.equal(data.student_record.university_email, 'student@demo.ac.uk');
  assert.ok(data.student_record.completed_years.length >= 1);
  const admin = await as('admin@demo.ac.uk');
  const mine = JSON.parse((await admin.get('/profile/data.json')).text);
  assert.deepEqual(mine.account.roles, ['admin']);
  assert.ok(mine.staff_record, 'the admin\'s staff record');
});
