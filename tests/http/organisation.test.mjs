// The organisation pages on the demo university: the institution and its
// terms, faculties, courses, staff and interests. Staff read; coordinators
// change; every form keeps the input and says what is wrong.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

const as = async (email) => { const c = new Client(srv.url); await c.signIn(email); return c; };
const PAGES = ['/organisation', '/faculties', '/courses', '/courses/1', '/staff', '/staff/1', '/interests'];

test('a coordinator edits the institution: a bad date keeps the input, a good one saves', async () => {
  const c = await as('coordinator@demo.ac.uk');
  const page = await c.get('/organisation');
  assert.equal(page.status, 200);
  assert.match(page.text, /Demo University/);
  for (const link of ['/faculties', '/courses', '/staff', '/interests']) {
    assert.match(page.text, new RegExp(`href="${link}"`));
  }
  const bad = await c.submit('/organisation', '/organisation', {
    name: 'Demo University of Tandem', year_starts_on: '2026-02-30', year_ends_on: '2027-06-11',
  });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /There is a problem/);
  assert.match(bad.text, /start date as a real date/);
  assert.match(bad.text, /value="Demo University of Tandem"/, 'the input is kept');
  assert.match(bad.text, /value="2026-02-30"/);
  const backwards = await c.submit('/organisation', '/organisation', {
    name: 'Demo University', year_starts_on: '2027-09-01', year_ends_on: '2027-06-11',
  });
  assert.equal(backwards.status, 400);
  assert.match(backwards.text, /end date must be after the start date/);
  const good = await c.submit('/organisation', '/organisation', {
    name: 'Demo University of Tandem', year_starts_on: '2026-09-14', year_ends_on: '2027-06-18',
  });
  assert.equal(good.status, 303);
  const after_ = await c.get(good.location);
  assert.match(after_.text, /The institution has been saved/);
  assert.match(after_.text, /Demo University of Tandem/);
  assert.match(after_.text, /2026-09-14 to 2027-06-18/);
  const admin = await as('admin@demo.ac.uk');
  const log = await admin.get('/admin/audit?action=organisation');
  assert.match(log.text, /organisation\.edit<\/td><td>institution<\/td><td>2026-09-14 to 2027-06-18/);
});

test('a coordinator adds a term, and changes it by name', async () => {
  const c = await as('coordinator@demo.ac.uk');
  const bad = await c.submit('/organisation', '/organisation/terms', {
    term_name: 'Summer school', term_starts_on: '2027-07-01', term_ends_on: 'soon',
  });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /end date as a real date/);
  assert.match(bad.text, /value="Summer school"/);
  const good = await c.submit('/organisation', '/organisation/terms', {
    term_name: 'Summer school', term_starts_on: '2027-07-01', term_ends_on: '2027-08-15',
  });
  assert.equal(good.status, 303);
  const page = await c.get(good.location);
  assert.match(page.text, /The term has been saved/);
  assert.match(page.text, /<td>Summer school<\/td><td>2027-07-01<\/td><td>2027-08-15<\/td>/);
  await c.submit('/organisation', '/organisation/terms', {
    term_name: 'Summer school', term_starts_on: '2027-07-05', term_ends_on: '2027-08-15',
  });
  const again = await c.get('/organisation');
  assert.equal(again.text.match(/<td>Summer school<\/td>/g).length, 1, 'updated, not added');
  assert.match(again.text, /<td>2027-07-05<\/td>/);
});

test('a coordinator adds a faculty, and renames it by code', async () => {
  const c = await as('coordinator@demo.ac.uk');
  const list = await c.get('/faculties');
  assert.equal(list.status, 200);
  assert.match(list.text, /10 faculties/);
  const bad = await c.submit('/faculties', '/faculties', { code: 'has space', name: 'Faculty of Tests' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /value="Faculty of Tests"/);
  const good = await c.submit('/faculties', '/faculties', { code: 'TST', name: 'Faculty of Tests' });
  assert.equal(good.status, 303);
  const page = await c.get('/faculties');
  assert.match(page.text, /11 faculties/);
  assert.match(page.text, /<td>TST<\/td><td>Faculty of Tests<\/td><td><a href="\/courses\?faculty=TST">0<\/a>/);
  await c.submit('/faculties', '/faculties', { code: 'TST', name: 'Faculty of Testing' });
  const renamed = await c.get('/faculties');
  assert.match(renamed.text, /11 faculties/);
  assert.match(renamed.text, /Faculty of Testing/);
});

test('a coordinator adds a course and edits it; a bad level is an error', async () => {
  const c = await as('coordinator@demo.ac.uk');
  const all = await c.get('/courses');
  assert.equal(all.status, 200);
  const total = Number(all.text.match(/(\d+) courses?\./)[1]);
  assert.ok(total > 200, `the demo has its courses (${total})`);
  const faculty = all.text.match(/<option value="([A-Z]+)">/)[1];
  const one = await c.get(`/courses?faculty=${faculty}`);
  const some = Number(one.text.match(/(\d+) courses?\./)[1]);
  assert.ok(some > 0 && some < total, `filtered: ${some} of ${total}`);
  assert.match((await c.get('/courses?faculty=NOPE')).text, /There is no faculty with that code/);

  const fields = {
    code: 'TST101', title: 'Testing in Practice', course_faculty: faculty,
    level: 'undergraduate', years: '3', campus: 'North',
  };
  const bad = await c.submit('/courses', '/courses', { ...fields, level: 'kindergarten' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /The level &quot;kindergarten&quot; is not one of/);
  assert.match(bad.text, /value="Testing in Practice"/);
  const added = await c.submit('/courses', '/courses', fields);
  assert.equal(added.status, 303);
  const id = added.location.match(/\/courses\/(\d+)/)[1];
  const page = await c.get(added.location);
  assert.match(page.text, /The course has been saved/);
  assert.match(page.text, /<h1>Testing in Practice<\/h1>/);
  assert.match(page.text, /href="\/people\?course=TST101"/);
  assert.match(page.text, /<option value="postgraduate_taught">Postgraduate taught<\/option>/);

  const edit = { title: 'Testing in Depth', faculty, level: 'research', years: '4', campus: '', active: '1' };
  const badLevel = await c.submit(`/courses/${id}`, `/courses/${id}`, { ...edit, level: 'bogus' });
  assert.equal(badLevel.status, 400);
  assert.match(badLevel.text, /is not one of foundation/);
  assert.match(badLevel.text, /value="Testing in Depth"/);
  const badYears = await c.submit(`/courses/${id}`, `/courses/${id}`, { ...edit, years: '12' });
  assert.equal(badYears.status, 400);
  assert.match(badYears.text, /from 1 to 8 years/);
  const ok = await c.submit(`/courses/${id}`, `/courses/${id}`, edit);
  assert.equal(ok.status, 303);
  const edited = await c.get(`/courses/${id}`);
  assert.match(edited.text, /<h1>Testing in Depth<\/h1>/);
  assert.match(edited.text, /<dd>Postgraduate research<\/dd>/);
  assert.match(edited.text, /<dd>4 years<\/dd>/);
  const closed = await c.submit(`/courses/${id}`, `/courses/${id}`, { title: 'Testing in Depth', faculty, level: 'research', years: '4' });
  assert.equal(closed.status, 303);
  assert.match((await c.get(`/courses/${id}`)).text, /<dd>Closed<\/dd>/);
});

test('a coordinator adds an interest, and a student can then choose it', async () => {
  const c = await as('coordinator@demo.ac.uk');
  const empty = await c.submit('/interests', '/interests', { name: '   ' });
  assert.equal(empty.status, 400);
  const long = await c.submit('/interests', '/interests', { name: 'x'.repeat(61) });
  assert.equal(long.status, 400);
  assert.match(long.text, /up to 60 characters/);
  const good = await c.submit('/interests', '/interests', { name: 'Competitive baking' });
  assert.equal(good.status, 303);
  const list = await c.get(good.location);
  assert.match(list.text, /The interest has been added/);
  assert.match(list.text, /<li>Competitive baking<\/li>/);
  const s = await as('student@demo.ac.uk');
  const profile = await s.get('/profile');
  assert.equal(profile.status, 200);
  assert.match(profile.text, /name="interests" value="\d+"><label for="interest-\d+">Competitive baking<\/label>/);
});

test('staff are listed and searched, and a staff member shows their courses', async () => {
  const c = await as('coordinator@demo.ac.uk');
  const list = await c.get('/staff');
  assert.equal(list.status, 200);
  assert.match(list.text, /Dr Tomasz Nowak/);
  const found = await c.get('/staff?q=nowak');
  assert.match(found.text, /1 staff member\./);
  const id = found.text.match(/href="\/staff\/(\d+)">Dr Tomasz Nowak/)[1];
  const page = await c.get(`/staff/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<h1>Dr Tomasz Nowak<\/h1>/);
  assert.match(page.text, /href="\/people\?course=[^"]+"/);
  assert.equal((await c.get('/staff/999999')).status, 404);
  assert.equal((await c.get('/courses/999999')).status, 404);
});

test('a student gets 403 on every organisation page', async () => {
  const s = await as('student@demo.ac.uk');
  for (const path of PAGES) assert.equal((await s.get(path)).status, 403, path);
  const token = await s.csrf('/account/password');
  for (const path of ['/organisation', '/organisation/terms', '/faculties', '/courses', '/courses/1', '/interests']) {
    assert.equal((await s.post(path, { _csrf: token, name: 'x' })).status, 403, path);
  }
});

test('a champion reads every page, without forms, and cannot change anything', async () => {
  const ch = await as('champion@demo.ac.uk');
  for (const path of PAGES) {
    const r = await ch.get(path);
    assert.equal(r.status, 200, path);
    assert.doesNotMatch(r.text, /method="post" action="\/(organisation|faculties|courses|interests)/, path);
  }
  assert.match((await ch.get('/organisation')).text, /<a href="\/organisation" aria-current="page">Organisation<\/a>/);
  const token = await ch.csrf('/account/password');
  const tries = {
    '/organisation': { name: 'Taken over', year_starts_on: '2026-09-01', year_ends_on: '2027-06-01' },
    '/organisation/terms': { term_name: 'T', term_starts_on: '2026-09-01', term_ends_on: '2027-06-01' },
    '/faculties': { code: 'CH', name: 'Champions' },
    '/courses': { code: 'CH1', title: 'T', course_faculty: 'CH', level: 'research', years: '1' },
    '/courses/1': { title: 'T', faculty: 'CH', level: 'research', years: '1' },
    '/interests': { name: 'Champions only' },
  };
  for (const [path, fields] of Object.entries(tries)) {
    assert.equal((await ch.post(path, { _csrf: token, ...fields })).status, 403, path);
  }
});
