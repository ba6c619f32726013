// Training on the demo university: a coordinator creates a module and a
// session (a student may not); twelve students booking a five-place session
// at once leaves exactly five booked and seven waiting, in order; a
// cancellation promotes the first waiting (who is emailed); only the
// session's trainer or a coordinator keeps the register; attendance
// completes the module and clears an accepted mentor's gate; a quiz pass
// completes a self-paced module and a fail does not; the API lists modules
// and sessions; tandem copy carries every training table, verified.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, Client, tandem, freshDatabase, PG } from '../lib/server.mjs';

let srv, coord, admin, champion, amara;
const PASSWORD = 'trainee password 1';
const as = async (email, password) => { const c = new Client(srv.url); await c.signIn(email, password); return c; };
const students = [];
let moduleId, sessionId;

function sql(query) {
  if (PG) return execFileSync('psql', [srv.db, '-qAtc', query], { encoding: 'utf8' }).trim();
  return execFileSync('sqlite3', [srv.db, query], { encoding: 'utf8' }).trim();
}

before(async () => {
  srv = await startServer();
  // The demo made Amara a trained mentor of scheme 1; this suite follows
  // her from her application, so that is undone.
  const student = "(SELECT id FROM students WHERE university_email = 'student@demo.ac.uk')";
  const user = "(SELECT id FROM users WHERE email = 'student@demo.ac.uk')";
  sql(`DELETE FROM application_events WHERE application_id IN (SELECT id FROM applications WHERE student_id = ${student});
       DELETE FROM applications WHERE student_id = ${student};
       DELETE FROM training_completions WHERE user_id = ${user};
       DELETE FROM training_bookings WHERE user_id = ${user}`);
  coord = await as('coordinator@demo.ac.uk');
  admin = await as('admin@demo.ac.uk');
  champion = await as('champion@demo.ac.uk');
  amara = await as('student@demo.ac.uk');
  for (let i = 0; i < 12; i++) {
    const email = `trainee${i}@demo.ac.uk`;
    const made = await admin.submit('/admin/users/new', '/admin/users/new', {
      email, name: `Trainee ${i}`, password: PASSWORD, roles: 'student',
    });
    assert.equal(made.status, 303, made.text);
    students.push({ email, c: await as(email, PASSWORD) });
  }
});
after(async () => { await srv.stop(); });

async function newSession(module, fields) {
  const r = await coord.submit(`/training/modules/${module}`, `/training/modules/${module}`, {
    op: 'session', starts_at: '2030-03-04T14:00', minutes: '90', place: 'Library, room 3', capacity: '5', trainer: '', ...fields,
  });
  assert.equal(r.status, 303, r.text);
  return Number(r.location.match(/\/training\/sessions\/(\d+)/)[1]);
}

async function book(c, session) {
  const token = await c.csrf(`/training/sessions/${session}`);
  return c.post(`/training/sessions/${session}/book`, { _csrf: token, op: 'book', id: String(session) });
}

test('the catalogue and a new module: coordinators only, the form keeps its input', async () => {
  assert.equal((await amara.get('/training/modules/new')).status, 403);
  const page = await amara.get('/training');
  assert.equal(page.status, 200);
  assert.match(page.text, /Boundaries and referral/);
  assert.doesNotMatch(page.text, /Create a module/);
  assert.match((await coord.get('/training')).text, /Create a module/);

  const bad = await coord.submit('/training/modules/new', '/training/modules/new', {
    op: 'save', title: '', purpose: 'Keeping notes safe.', outcomes: '', delivery: 'in_person', audience: 'mentors',
    minutes: '60', validity_months: '12', pass_mark: '80', active: '1',
  });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Enter the module&#39;s title|Enter the module's title/);
  assert.match(bad.text, /Keeping notes safe\.<\/textarea>/);
  const made = await coord.submit('/training/modules/new', '/training/modules/new', {
    op: 'save', title: 'Record keeping', purpose: 'Keeping notes safe.', outcomes: 'Write a short, factual note',
    delivery: 'in_person', audience: 'mentors', minutes: '60', validity_months: '12', pass_mark: '80', active: '1',
  });
  assert.equal(made.status, 303, made.text);
  moduleId = Number(made.location.match(/\/training\/modules\/(\d+)/)[1]);
  const dup = await coord.submit('/training/modules/new', '/training/modules/new', {
    op: 'save', title: 'Record keeping', delivery: 'in_person', audience: 'mentors', minutes: '60',
    validity_months: '12', pass_mark: '80', active: '1',
  });
  assert.equal(dup.status, 409);
  // A student cannot add a session.
  const token = await amara.csrf('/training');
  assert.equal((await amara.post(`/training/modules/${moduleId}`, { _csrf: token, op: 'session' })).status, 403);
  const past = await coord.submit(`/training/modules/${moduleId}`, `/training/modules/${moduleId}`, {
    op: 'session', starts_at: '2020-01-01T10:00', minutes: '60', place: 'Room 1', capacity: '5', trainer: '',
  });
  assert.equal(past.status, 400);
  assert.match(past.text, /in the future/);
  sessionId = await newSession(moduleId);
  const shown = await coord.get(`/training/sessions/${sessionId}`);
  assert.match(shown.text, /5 of 5 places left/);
  assert.match(shown.text, /Nobody has booked a place yet/);
});

test('twelve concurrent bookings of five places: five booked, seven waiting in order', async () => {
  const tokens = await Promise.all(students.map((s) => s.c.csrf(`/training/sessions/${sessionId}`)));
  const results = await Promise.all(students.map((s, i) =>
    s.c.post(`/training/sessions/${sessionId}/book`, { _csrf: tokens[i], op: 'book', id: String(sessionId) })));
  for (const r of results) assert.equal(r.status, 303, r.text);
  const booked = results.filter((r) => /booked=1/.test(r.location));
  const waiting = results.map((r) => r.location.match(/waiting=(\d+)/)).filter(Boolean).map((m) => Number(m[1]));
  assert.equal(booked.length, 5);
  assert.equal(waiting.length, 7);
  assert.deepEqual([...waiting].sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7]);

  let page = await coord.get(`/training/sessions/${sessionId}`);
  assert.match(page.text, /Full: 7 on the waiting list/);
  assert.equal((page.text.match(/<td>Booked<\/td>/g) || []).length, 5);
  // Booking twice is refused.
  const again = await book(students[0].c, sessionId);
  assert.equal(again.status, 409);

  // Each waiting student sees their own place in the queue.
  const first = students[results.findIndex((r) => /waiting=1$/.test(r.location))];
  const second = students[results.findIndex((r) => /waiting=2$/.test(r.location))];
  assert.match((await first.c.get('/training')).text, /Waiting list, number 1/);

  // A booked student cancels: the first waiting takes the place and is told.
  const leaver = students[results.findIndex((r) => /booked=1/.test(r.location))];
  const token = await leaver.c.csrf(`/training/sessions/${sessionId}`);
  const cancel = await leaver.c.post(`/training/sessions/${sessionId}/cancel`, { _csrf: token, op: 'cancel', id: '0' });
  assert.equal(cancel.status, 303);
  assert.match((await first.c.get(`/training/sessions/${sessionId}`)).text, /Your booking: <strong>Booked<\/strong>/);
  assert.match((await second.c.get(`/training/sessions/${sessionId}`)).text, /Waiting list, number 1/);
  page = await coord.get(`/training/sessions/${sessionId}`);
  assert.match(page.text, /Full: 6 on the waiting list/);
  assert.equal((page.text.match(/<td>Booked<\/td>/g) || []).length, 5);
  const outbox = await admin.get(`/admin/outbox?to=${encodeURIComponent(first.email)}`);
  assert.match(outbox.text, /A place for you: Record keeping/);
  // Cancelling twice is refused.
  const twice = await leaver.c.post(`/training/sessions/${sessionId}/cancel`, { _csrf: token, op: 'cancel', id: '0' });
  assert.equal(twice.status, 409);
});

test('only the trainer or a coordinator keeps the register', async () => {
  const s = await newSession(moduleId, { trainer: 'champion@demo.ac.uk', capacity: '3' });
  const trainee = students[0], other = students[1];
  assert.equal((await book(trainee.c, s)).status, 303);
  assert.equal((await book(other.c, s)).status, 303);
  const page = await champion.get(`/training/sessions/${s}`);
  assert.match(page.text, /Attendance register/);
  const ids = [...page.text.matchAll(/name="op" value="attended"><input type="hidden" name="id" value="(\d+)"/g)].map((m) => m[1]);
  assert.equal(ids.length, 2);
  // The students see no register, and may not mark one.
  const theirs = await other.c.get(`/training/sessions/${s}`);
  assert.doesNotMatch(theirs.text, /Attendance register/);
  const token = await other.c.csrf(`/training/sessions/${s}`);
  const refused = await other.c.post(`/training/sessions/${s}/register`, { _csrf: token, op: 'attended', id: ids[1] });
  assert.equal(refused.status, 403);
  // The trainer marks one, a coordinator the other.
  let r = await champion.submit(`/training/sessions/${s}`, `/training/sessions/${s}/register`, { op: 'attended', id: ids[0] });
  assert.equal(r.status, 303);
  r = await coord.submit(`/training/sessions/${s}`, `/training/sessions/${s}/register`, { op: 'no_show', id: ids[1] });
  assert.equal(r.status, 303);
  const after = await coord.get(`/training/sessions/${s}`);
  assert.match(after.text, /<td>Attended<\/td>/);
  assert.match(after.text, /<td>Did not attend<\/td>/);
  // The trainer of another session is not this one's: a session the
  // coordinator trains refuses the champion.
  const mine = await newSession(moduleId, { capacity: '2' });
  assert.equal((await book(trainee.c, mine)).status, 303);
  const reg = await coord.get(`/training/sessions/${mine}`);
  const bid = reg.text.match(/name="op" value="attended"><input type="hidden" name="id" value="(\d+)"/)[1];
  r = await champion.submit(`/training/sessions/${s}`, `/training/sessions/${mine}/register`, { op: 'attended', id: bid });
  assert.equal(r.status, 403);
  assert.match((await trainee.c.get('/training')).text, /Record keeping<\/a><\/td><td>[0-9-]+<\/td><td>Attended/);
});

async function acceptedMentor() {
  // Amara applies to the demo's Computer Science scheme and is accepted.
  const token = await amara.csrf('/schemes/1/apply');
  const form = await amara.get('/schemes/1/apply');
  const answers = Object.fromEntries([...form.text.matchAll(/<textarea id="(q\d+)"/g)].map((m) => [m[1], 'I want to help first years settle in.']));
  const sent = await amara.post('/schemes/1/apply', { _csrf: token, ...answers });
  assert.equal(sent.status, 303, sent.text);
  const id = Number(sent.location.match(/\/applications\/(\d+)/)[1]);
  for (const to of ['under_review', 'interview', 'offered']) {
    const r = await coord.submit(`/applications/${id}`, `/applications/${id}/transition`, { to });
    assert.equal(r.status, 303, `${to}: ${r.text}`);
  }
  const yes = await amara.submit(`/applications/${id}`, `/applications/${id}/transition`, { to: 'accepted', agreement: '1' });
  assert.equal(yes.status, 303, yes.text);
}

test('attendance completes the module and clears an accepted mentor\'s gate', async () => {
  await acceptedMentor();
  assert.match((await coord.get('/schemes/1/applications')).text, /Accepted — not yet trained: needs Boundaries and referral</);
  let page = await amara.get('/training');
  assert.match(page.text, /Computer Science peer mentoring<\/a>: not yet trained: needs Boundaries and referral\./);
  const boundaries = Number(page.text.match(/href="\/training\/modules\/(\d+)">Boundaries and referral/)[1]);
  const mod = await amara.get(`/training/modules/${boundaries}`);
  const s = Number(mod.text.match(/href="\/training\/sessions\/(\d+)"/)[1]);
  assert.equal((await book(amara, s)).status, 303);
  page = await coord.get(`/training/sessions/${s}`);
  const bid = page.text.match(/Mark Amara Okafor attended/) &&
    page.text.match(/name="op" value="attended"><input type="hidden" name="id" value="(\d+)"><button type="submit">Mark Amara Okafor attended/)[1];
  assert.ok(bid, 'Amara is on the register');
  const r = await coord.submit(`/training/sessions/${s}`, `/training/sessions/${s}/register`, { op: 'attended', id: bid });
  assert.equal(r.status, 303);
  page = await amara.get('/training');
  assert.match(page.text, /Computer Science peer mentoring<\/a>: trained\./);
  assert.match((await coord.get('/schemes/1/applications')).text, /Accepted — trained</);
  assert.match(page.text, /Boundaries and referral<\/a><\/td><td>[0-9-]+<\/td><td>Attended<\/td><td>\d{4}-\d\d-\d\d<\/td>/);
});

test('a quiz pass completes a self-paced module; a fail does not', async () => {
  const cat = await coord.get('/training');
  const quizModule = Number(cat.text.match(/href="\/training\/modules\/(\d+)">Pre-arrival online contact/)[1]);
  const c = students[5].c;
  let page = await c.get(`/training/modules/${quizModule}/quiz`);
  assert.equal(page.status, 200);
  assert.equal((page.text.match(/<fieldset/g) || []).length, 4);
  let token = page.text.match(/name="_csrf" value="([^"]+)"/)[1];
  let r = await c.post(`/training/modules/${quizModule}/quiz`, { _csrf: token, q0: '0', q1: '0', q2: '0', q3: '0' });
  assert.equal(r.status, 303);
  page = await c.get(r.location);
  assert.match(page.text, /You scored 25%; the pass mark is 75%/);
  assert.doesNotMatch((await c.get('/training')).text, /Pre-arrival online contact<\/a><\/td><td>[0-9-]+<\/td>/);
  token = page.text.match(/name="_csrf" value="([^"]+)"/)[1];
  r = await c.post(`/training/modules/${quizModule}/quiz`, { _csrf: token, q0: '1', q1: '0', q2: '1', q3: '1' });
  page = await c.get(r.location);
  assert.match(page.text, /You scored 100% and passed/);
  assert.equal((page.text.match(/not passed/g) || []).length, 1, 'both attempts are kept');
  assert.match((await c.get('/training')).text, /Pre-arrival online contact<\/a><\/td><td>[0-9-]+<\/td><td>Quiz passed/);
  // Coordinators add questions; a student may not.
  const add = await coord.submit(`/training/modules/${quizModule}`, `/training/modules/${quizModule}`, {
    op: 'quiz_add', prompt: 'One answer only?', choices: 'Yes', correct: '1',
  });
  assert.equal(add.status, 400);
  assert.match(add.text, /from 2 to 8 answers/);
  token = await c.csrf('/training');
  assert.equal((await c.post(`/training/modules/${quizModule}`, { _csrf: token, op: 'quiz_add' })).status, 403);
});

test('a coordinator sets the modules a scheme requires', async () => {
  assert.equal((await amara.get('/schemes/1/training')).status, 403);
  assert.equal((await champion.get('/schemes/1/training')).status, 403);
  assert.match((await coord.get('/schemes/1/applications')).text, /href="\/schemes\/1\/training">Training required/);
  assert.doesNotMatch((await champion.get('/schemes/1/applications')).text, /Training required/);
  let page = await coord.get('/schemes/1/training');
  assert.equal(page.status, 200);
  assert.match(page.text, /defaults for/);
  const ids = Object.fromEntries([...page.text.matchAll(/value="(\d+)"( checked)?><label for="m\d+">([^<]+)</g)].map((m) => [m[3], m[1]]));
  const r = await coord.submit('/schemes/1/training', '/schemes/1/training', { module: [ids['Boundaries and referral'], ids['Safeguarding']] });
  assert.equal(r.status, 303);
  page = await amara.get('/training');
  assert.match(page.text, /not yet trained: needs Safeguarding\./);
});

test('the API lists modules and sessions, a page at a time', async () => {
  const key = tandem(['apikey', 'add', '--db', srv.db, '--name', 'training read', '--scope', 'read']).stdout.match(/^key: (\S+)$/m)[1];
  const api = async (path, headers = { Authorization: `Bearer ${key}` }) => {
    const res = await fetch(srv.url + path, { headers });
    return { status: res.status, body: await res.json() };
  };
  let r = await api('/api/v1/training/modules?limit=2');
  assert.equal(r.status, 200);
  assert.equal(r.body.items.length, 2);
  assert.ok(r.body.next_cursor);
  const all = [...r.body.items];
  while (r.body.next_cursor) {
    r = await api(`/api/v1/training/modules?limit=2&cursor=${r.body.next_cursor}`);
    all.push(...r.body.items);
  }
  const quiz = all.find((m) => m.title === 'Pre-arrival online contact');
  assert.equal(quiz.delivery, 'self_paced');
  assert.equal(quiz.pass_mark, 75);
  assert.ok(quiz.outcomes.length >= 2);
  assert.equal(all.find((m) => m.title === 'Boundaries and referral').pass_mark, null);
  assert.ok(all.some((m) => m.title === 'Record keeping'));

  r = await api(`/api/v1/training/sessions?module=${moduleId}`);
  assert.equal(r.status, 200);
  const first = r.body.items.find((s) => s.id === sessionId);
  assert.equal(first.capacity, 5);
  assert.equal(first.places_left, 0);
  assert.equal(first.waiting, 6);
  assert.equal(first.module_title, 'Record keeping');
  assert.equal((await api('/api/v1/training/sessions?module=x')).status, 400);
  // Past sessions only with from=0.
  assert.ok((await api('/api/v1/training/sessions?from=0')).body.items.length >= r.body.items.length);
  // A student's session reads it too; nobody else.
  const cookie = amara.cookieHeader();
  assert.equal((await api('/api/v1/training/modules', { Cookie: cookie })).status, 200);
  assert.equal((await api('/api/v1/training/modules', {})).status, 401);
});

test('tandem copy carries every training table, verified', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-training-copy-'));
  const tables = ['training_modules', 'scheme_required_modules', 'scheme_type_modules', 'training_sessions',
    'training_bookings', 'training_completions', 'quiz_questions', 'quiz_attempts'];
  const verified = (out) => {
    for (const t of tables) assert.match(out, new RegExp(`^${t}\\s+[1-9]\\d* rows\\s+checksum [0-9a-f]{16}\\s+verified$`, 'm'), t);
  };
  try {
    const file = join(dir, 'copy.db');
    const r = tandem(['copy', '--from', PG ? srv.db : `sqlite:${srv.db}`, '--to', file]);
    assert.equal(r.code, 0, r.stderr);
    verified(r.stdout);
    if (PG) { // and back into PostgreSQL
      const back = tandem(['copy', '--from', `sqlite:${file}`, '--to', freshDatabase(dir)]);
      assert.equal(back.code, 0, back.stderr);
      verified(back.stdout);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
