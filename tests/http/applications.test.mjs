// Mentor applications on the demo university's "Computer Science peer
// mentoring" scheme (id 1): questions, apply, the pipeline through review,
// interview (slots booked once), offer and acceptance with the agreement;
// illegal moves refused; concurrent decisions leave one result, one event
// and one audit entry; every change in the audit log and the outbox; a
// first-year refused with the explanation; a returning mentor flagged; the
// API and the CSV export.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, Client, tandem, PG } from '../lib/server.mjs';

let srv, coord, admin, amara, writeKey, readKey;
const SCHEME = 1;
const PASSWORD = 'applicant password 1';
const as = async (email, password) => { const c = new Client(srv.url); await c.signIn(email, password); return c; };
const idOf = (location) => { assert.ok(location, "no redirect: the POST was refused"); return Number(location.match(/\/applications\/(\d+)/)[1]); };

// Accounts for n more eligible second-years of the demo (found through the
// people API), each signed in.
const extra = [];
async function applicants(n) {
  while (extra.length < n) {
    const list = JSON.parse((await coord.get(`/api/v1/people?year=2&status=enrolled&limit=60`)).text);
    for (const p of list.items) {
      if (extra.length >= n) break;
      if (extra.some((e) => e.email === p.university_email) || p.university_email === 'student@demo.ac.uk') continue;
      const made = await admin.submit('/admin/users/new', '/admin/users/new', {
        email: p.university_email, name: p.legal_name, password: PASSWORD, roles: 'student',
      });
      if (made.status !== 303) continue;
      const c = await as(p.university_email, PASSWORD);
      const page = await c.get(`/schemes/${SCHEME}/apply`);
      if (/Send my application/.test(page.text)) extra.push({ email: p.university_email, name: p.legal_name, c });
    }
  }
  return extra.slice(0, n);
}

let questions = {};
async function apply(c, scheme = SCHEME, fields = null) {
  const page = await c.get(`/schemes/${scheme}/apply`);
  const token = page.text.match(/name="_csrf" value="([^"]+)"/)[1];
  const body = fields || { [questions.why]: 'I want to help first years settle in.', [questions.year]: 'Second' };
  return c.post(`/schemes/${scheme}/apply`, { _csrf: token, ...body });
}

async function move(c, id, to, extraFields = {}) {
  return c.submit(`/applications/${id}`, `/applications/${id}/transition`, { to, ...extraFields });
}

async function api(path, { key = readKey, method = 'GET', body } = {}) {
  const res = await fetch(srv.url + path, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

function sql(query) {
  if (PG) return execFileSync('psql', [srv.db, '-qAtc', query], { encoding: 'utf8' }).trim();
  return execFileSync('sqlite3', [srv.db, query], { encoding: 'utf8' }).trim();
}

before(async () => {
  srv = await startServer();
  // The demo's accepted mentors of scheme 1 (Amara among them) are taken
  // off it: this suite follows Amara's application from the start.
  const accepted = `SELECT id FROM applications WHERE scheme_id = ${SCHEME} AND state = 'accepted'`;
  sql(`DELETE FROM application_events WHERE application_id IN (${accepted});
       DELETE FROM applications WHERE id IN (${accepted})`);
  readKey = tandem(['apikey', 'add', '--db', srv.db, '--name', 'apps read', '--scope', 'read']).stdout.match(/^key: (\S+)$/m)[1];
  writeKey = tandem(['apikey', 'add', '--db', srv.db, '--name', 'apps write', '--scope', 'write']).stdout.match(/^key: (\S+)$/m)[1];
  coord = await as('coordinator@demo.ac.uk');
  admin = await as('admin@demo.ac.uk');
  amara = await as('student@demo.ac.uk');
});
after(async () => { await srv.stop(); });

test('a coordinator sets up questions, a rubric and interview slots', async () => {
  const bad = await coord.submit(`/schemes/${SCHEME}/questions`, `/schemes/${SCHEME}/questions`, {
    op: 'save', id: '0', prompt: 'Which year are you in?', kind: 'single', choices: 'Second', required: '1',
  });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /at least two choices/);
  assert.match(bad.text, /Which year are you in\?<\/textarea>/, 'the input is kept');
  for (const q of [
    { prompt: 'Which year are you in?', kind: 'single', choices: 'Second\nThird\nFourth' },
    { prompt: 'Why do you want to mentor?', kind: 'long', choices: '' },
    { prompt: 'What could you help with?', kind: 'multiple', choices: 'Settling in\nStudy habits\nSocial life', required: '' },
  ]) {
    const r = await coord.submit(`/schemes/${SCHEME}/questions`, `/schemes/${SCHEME}/questions`, { op: 'save', id: '0', required: '1', ...q });
    assert.equal(r.status, 303);
  }
  let page = await coord.get(`/schemes/${SCHEME}/questions`);
  const ids = [...page.text.matchAll(/questions\?edit=(\d+)/g)].map((m) => m[1]);
  assert.equal(ids.length, 3);
  // Move "Why" to the top.
  await coord.submit(`/schemes/${SCHEME}/questions`, `/schemes/${SCHEME}/questions`, { op: 'up', id: ids[1] });
  page = await coord.get(`/schemes/${SCHEME}/questions`);
  assert.ok(page.text.indexOf('Why do you want to mentor?') < page.text.indexOf('Which year are you in?'));
  questions = { why: `q${ids[1]}`, year: `q${ids[0]}`, help: `q${ids[2]}` };

  for (const criterion of ['Listens well', 'Knows when to refer']) {
    const r = await coord.submit(`/schemes/${SCHEME}/rubric`, `/schemes/${SCHEME}/rubric`, { op: 'save', criterion, max_score: '5' });
    assert.equal(r.status, 303);
  }
  const badSlot = await coord.submit(`/schemes/${SCHEME}/interviews`, `/schemes/${SCHEME}/interviews`, {
    op: 'add', starts: '2030-02-30T10:00', minutes: '30', place: 'Room 1.01', interviewer: 'Priya',
  });
  assert.equal(badSlot.status, 400);
  for (const starts of ['2030-01-10T10:00', '2030-01-10T10:30', '2030-01-10T11:00']) {
    const r = await coord.submit(`/schemes/${SCHEME}/interviews`, `/schemes/${SCHEME}/interviews`, {
      op: 'add', starts, minutes: '30', place: 'Room 1.01', interviewer: 'Priya Raman',
    });
    assert.equal(r.status, 303);
  }
  page = await coord.get(`/schemes/${SCHEME}/interviews`);
  assert.match(page.text, /2030-01-10 10:30/);
  // A student cannot manage the scheme.
  assert.equal((await amara.get(`/schemes/${SCHEME}/questions`)).status, 403);
  assert.equal((await amara.get(`/schemes/${SCHEME}/applications`)).status, 403);
});

test('a first-year is told why they cannot apply, and a POST is refused the same way', async () => {
  const jiayi = await as('first-year@demo.ac.uk');
  const page = await jiayi.get(`/schemes/${SCHEME}/apply`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Not eligible: [^<]*year/);
  assert.doesNotMatch(page.text, /Send my application/);
  const token = page.text.match(/name="_csrf" value="([^"]+)"/)[1]; // the sign-out form's
  const post = await jiayi.post(`/schemes/${SCHEME}/apply`, { _csrf: token, [questions.why]: 'Please' });
  assert.equal(post.status, 403);
  assert.match(post.text, /Not eligible: /);
  assert.equal((await jiayi.get('/applications')).text.match(/not applied/) !== null, true);
});

test('the full pipeline: apply, review, interview, book, offer, accept with the agreement', async () => {
  // Required answers and choices are checked; the input is kept.
  const missing = await apply(amara, SCHEME, { [questions.why]: 'I had a great mentor myself.', [questions.year]: 'Fifth' });
  assert.equal(missing.status, 400);
  assert.match(missing.text, /Choose one of the answers given/);
  assert.match(missing.text, /I had a great mentor myself\.<\/textarea>/);
  const sent = await apply(amara, SCHEME, {
    [questions.why]: 'I had a great mentor myself.', [questions.year]: 'Second', [questions.help]: ['Settling in', 'Study habits'],
  });
  assert.equal(sent.status, 303);
  const id = idOf(sent.location);
  let page = await amara.get(sent.location);
  assert.match(page.text, /Your application has been sent/);
  assert.match(page.text, /Submitted/);
  assert.match(page.text, /Settling in<br>Study habits/);
  assert.doesNotMatch(page.text, /Reviewers&#39; notes|Reviewers' notes/);
  // A second attempt shows the existing application.
  const again = await apply(amara);
  assert.equal(again.status, 303);
  assert.equal(idOf(again.location), id);
  assert.match((await amara.get(`/schemes/${SCHEME}/apply`)).text, /already applied/);

  // The reviewers see it, with the eligibility and only the legal moves.
  page = await coord.get(`/applications/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Eligible/);
  assert.match(page.text, /value="under_review"/);
  assert.doesNotMatch(page.text, /value="offered"/);
  assert.doesNotMatch(page.text, /value="accepted"/);

  // An applicant cannot move their own application on.
  assert.equal((await move(amara, id, 'offered')).status, 403);
  assert.equal((await move(amara, id, 'under_review')).status, 403);

  assert.equal((await move(coord, id, 'under_review')).status, 303);
  // Scores and a note.
  page = await coord.get(`/applications/${id}`);
  const rubric = [...page.text.matchAll(/name="(r\d+)"/g)].map((m) => m[1]);
  assert.equal(rubric.length, 2);
  let r = await coord.submit(`/applications/${id}`, `/applications/${id}/score`, { [rubric[0]]: '4', [rubric[1]]: '5' });
  assert.equal(r.status, 303);
  r = await coord.submit(`/applications/${id}`, `/applications/${id}/notes`, { note: 'Strong on boundaries.' });
  assert.equal(r.status, 303);
  page = await coord.get(`/applications/${id}`);
  assert.match(page.text, /Strong on boundaries\./);
  assert.match(page.text, /Average total: 9\.0/);
  assert.doesNotMatch((await amara.get(`/applications/${id}`)).text, /Strong on boundaries|Average total/);

  assert.equal((await move(coord, id, 'interview')).status, 303);
  page = await amara.get(`/applications/${id}`);
  assert.match(page.text, /Book this slot/);
  const slot = page.text.match(/name="slot" value="(\d+)"/)[1];
  r = await amara.submit(`/applications/${id}`, `/applications/${id}/interview`, { slot });
  assert.equal(r.status, 303);
  page = await amara.get(r.location);
  assert.match(page.text, /Your interview is booked/);
  assert.match(page.text, /2030-01-10 10:00 \(UTC\), 30 minutes, at Room 1\.01, with Priya Raman/);

  assert.equal((await move(coord, id, 'offered')).status, 303);
  // A coordinator cannot accept on the applicant's behalf.
  const forThem = await move(coord, id, 'accepted', { agreement: '1' });
  assert.equal(forThem.status, 403);
  page = await amara.get(`/applications/${id}`);
  assert.match(page.text, /The role agreement and its boundaries/);
  assert.match(page.text, /do not tutor, proofread/);
  const noTick = await move(amara, id, 'accepted');
  assert.equal(noTick.status, 400);
  assert.match(noTick.text, /accept the role agreement/);
  const yes = await move(amara, id, 'accepted', { agreement: '1' });
  assert.equal(yes.status, 303);
  page = await amara.get(yes.location);
  assert.match(page.text, /<strong class="state">Accepted<\/strong>/);
  assert.match(page.text, /Agreement accepted/);
  // Final: no withdrawing after accepting.
  assert.equal((await move(amara, id, 'withdrawn')).status, 409);

  // Every change is in the audit log and the outbox.
  const audit = (await admin.get('/admin/audit?action=application.')).text;
  for (const s of ['submitted', 'under_review', 'interview', 'interview_booked', 'offered', 'accepted']) {
    assert.match(audit, new RegExp(`application\\.${s}</td><td>application ${id}</td>`), s);
  }
  const mail = (await admin.get('/admin/outbox?to=student%40demo.ac.uk')).text;
  for (const s of ['Submitted', 'Under review', 'Invited to interview', 'Offered', 'Accepted']) {
    assert.match(mail, new RegExp(`Your application to Computer Science peer mentoring: ${s}`), s);
  }
  assert.match(mail, /Your interview for Computer Science peer mentoring/);
  const mine = await amara.get('/applications');
  assert.match(mine.text, /Computer Science peer mentoring<\/a><\/td><td>2026\/27<\/td><td>[^<]+<\/td><td>Accepted/);
});

test('illegal moves are refused: rejected cannot be offered, withdrawn cannot be reviewed', async () => {
  const [a, b] = await applicants(2);
  const ra = await apply(a.c);
  const rb = await apply(b.c);
  assert.equal(ra.status, 303);
  assert.equal(rb.status, 303);
  const ida = idOf(ra.location), idb = idOf(rb.location);
  const noReason = await move(coord, ida, 'rejected', { reason: '' });
  assert.equal(noReason.status, 400);
  assert.match(noReason.text, /Give the reason for rejecting/);
  assert.equal((await move(coord, ida, 'rejected', { reason: 'Places filled', feedback: 'Please apply next year.' })).status, 303);
  const offer = await move(coord, ida, 'offered');
  assert.equal(offer.status, 409);
  assert.match(offer.text, /Rejected cannot be moved to Offered/);
  let page = await a.c.get(`/applications/${ida}`);
  assert.match(page.text, /Please apply next year\./);
  assert.doesNotMatch(page.text, /Places filled/, 'the reason is for the reviewers');
  const mail = (await admin.get(`/admin/outbox?to=${encodeURIComponent(a.email)}`)).text;
  assert.match(mail, /Please apply next year\./);

  assert.equal((await move(b.c, idb, 'withdrawn')).status, 303);
  assert.equal((await move(coord, idb, 'under_review')).status, 409);
  // Over the API, too: 409 with the reason.
  const viaApi = await api(`/api/v1/applications/${idb}/transition`, { key: writeKey, method: 'POST', body: { to: 'under_review' } });
  assert.equal(viaApi.status, 409);
  assert.match(viaApi.body.detail, /Withdrawn cannot be moved/);
  // A stale decision loses.
  const [c] = (await applicants(3)).slice(2);
  const rc = await apply(c.c);
  const idc = idOf(rc.location);
  page = await coord.get(`/applications/${idc}`);
  const token = page.text.match(/name="_csrf" value="([^"]+)"/)[1];
  assert.equal((await coord.post(`/applications/${idc}/transition`, { _csrf: token, to: 'under_review', version: '1' })).status, 303);
  const stale = await coord.post(`/applications/${idc}/transition`, { _csrf: token, to: 'rejected', reason: 'x', version: '1' });
  assert.equal(stale.status, 409);
  assert.match(stale.text, /This application changed while you were deciding: it is now Under review/);
});

test('ten decisions at once on one application leave exactly one result', async () => {
  const [, , , d] = await applicants(4);
  const sent = await apply(d.c);
  assert.equal(sent.status, 303, sent.text.match(/<div class="error-summary"[^]*?<\/div>/)?.[0]);
  const id = idOf(sent.location);
  assert.equal((await move(coord, id, 'under_review')).status, 303);
  assert.equal((await move(coord, id, 'interview')).status, 303);
  const page = await coord.get(`/applications/${id}`);
  const token = page.text.match(/name="_csrf" value="([^"]+)"/)[1];
  const results = await Promise.all(Array.from({ length: 10 }, (_, i) => coord.post(
    `/applications/${id}/transition`,
    i % 2 ? { _csrf: token, to: 'offered' } : { _csrf: token, to: 'rejected', reason: `reason ${i}` },
  )));
  const won = results.filter((r) => r.status === 303);
  assert.equal(won.length, 1, results.map((r) => r.status).join(' '));
  assert.ok(results.every((r) => r.status === 303 || r.status === 409));
  const got = await api(`/api/v1/applications/${id}`);
  assert.ok(['offered', 'rejected'].includes(got.body.state));
  const decided = got.body.events.filter((e) => e.to === 'offered' || e.to === 'rejected');
  assert.equal(decided.length, 1);
  assert.equal(decided[0].to, got.body.state);
  const audit = (await admin.get(`/admin/audit?action=application.${got.body.state}`)).text;
  assert.equal(audit.match(new RegExp(`<td>application ${id}</td>`, 'g')).length, 1);
  const other = got.body.state === 'offered' ? 'rejected' : 'offered';
  const none = (await admin.get(`/admin/audit?action=application.${other}`)).text;
  assert.equal(none.match(new RegExp(`<td>application ${id}</td>`, 'g')), null);
});

test('two applicants racing for one slot: one wins', async () => {
  const [, , , , e, f] = await applicants(6);
  const ids = [];
  for (const x of [e, f]) {
    const id = idOf((await apply(x.c)).location);
    await move(coord, id, 'under_review');
    await move(coord, id, 'interview');
    ids.push(id);
  }
  const added = await coord.submit(`/schemes/${SCHEME}/interviews`, `/schemes/${SCHEME}/interviews`, {
    op: 'add', starts: '2031-03-03T09:00', minutes: '20', place: 'https://meet.example/abc', interviewer: 'Dr Nowak',
  });
  assert.equal(added.status, 303);
  const page = await e.c.get(`/applications/${ids[0]}`);
  const slot = [...page.text.matchAll(/name="slot" value="(\d+)"><label for="[^"]+">2031-03-03 09:00/g)][0][1];
  const tokens = await Promise.all([e, f].map((x, i) => x.c.csrf(`/applications/${ids[i]}`)));
  const results = await Promise.all([e, f].map((x, i) => x.c.post(`/applications/${ids[i]}/interview`, { _csrf: tokens[i], slot })));
  assert.deepEqual(results.map((r) => r.status).sort(), [303, 409]);
  const loser = results.find((r) => r.status === 409);
  assert.match(loser.text, /Someone has just taken that slot/);
  const slots = (await coord.get(`/schemes/${SCHEME}/interviews`)).text;
  assert.match(slots, /https:\/\/meet\.example\/abc<\/td><td>Dr Nowak<\/td><td><a href="\/applications\/\d+">/);
  // A booked slot cannot be removed.
  const del = await coord.submit(`/schemes/${SCHEME}/interviews`, `/schemes/${SCHEME}/interviews`, { op: 'delete', id: slot });
  assert.equal(del.status, 409);
});

test('reviewers filter, count and decide in bulk, each through the guarded move', async () => {
  let list = await coord.get(`/schemes/${SCHEME}/applications`);
  assert.equal(list.status, 200);
  assert.match(list.text, /Accepted: 1/);
  assert.match(list.text, /Withdrawn: 1/);
  const submitted = await coord.get(`/schemes/${SCHEME}/applications?state=submitted`);
  const picks = [...submitted.text.matchAll(/name="ids" value="(\d+)"/g)].map((m) => m[1]);
  assert.ok(picks.length >= 0);
  const all = [...list.text.matchAll(/name="ids" value="(\d+)"/g)].map((m) => m[1]);
  const token = list.text.match(/name="_csrf" value="([^"]+)"/)[1];
  const noReason = await coord.post(`/schemes/${SCHEME}/applications`, { _csrf: token, ids: all, to: 'rejected', reason: '' });
  assert.equal(noReason.status, 400);
  const bulk = await coord.post(`/schemes/${SCHEME}/applications`, { _csrf: token, ids: all, to: 'under_review' });
  assert.equal(bulk.status, 200);
  const m = bulk.text.match(/(\d+) moved, (\d+) skipped because they were already ([^.]+)\./);
  assert.ok(m, bulk.text.match(/<div class="notice"[^]*?<\/div>/)?.[0]);
  assert.equal(Number(m[1]) + Number(m[2]), all.length);
  assert.match(m[3], /accepted/);
  // Search by name.
  const [a] = await applicants(1);
  const found = await coord.get(`/schemes/${SCHEME}/applications?q=${encodeURIComponent(a.name.split(' ')[0])}`);
  assert.match(found.text, new RegExp(a.name));
  // CSV: one row per application, the answers as columns.
  const csv = await coord.get(`/schemes/${SCHEME}/applications.csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  const lines = csv.text.trim().split('\r\n');
  assert.equal(lines.length, all.length + 1);
  assert.match(lines[0], /Why do you want to mentor\?/);
  const cli = tandem(['applications', 'export', '--scheme', String(SCHEME), '--state', 'accepted', '--db', srv.db]);
  assert.equal(cli.code, 0, cli.stderr);
  const rows = cli.stdout.trim().split('\r\n');
  assert.equal(rows.length, 2);
  assert.match(rows[1], /accepted/);
  assert.match(rows[1], /I had a great mentor myself\./);
  assert.equal(tandem(['applications', 'export', '--db', srv.db]).code, 2);
});

test('the API lists and reads applications; a read key cannot decide', async () => {
  const list = await api(`/api/v1/schemes/${SCHEME}/applications?state=accepted`);
  assert.equal(list.status, 200);
  assert.equal(list.body.items.length, 1);
  assert.equal(list.body.items[0].state, 'accepted');
  const one = await api(`/api/v1/applications/${list.body.items[0].id}`);
  assert.equal(one.status, 200);
  assert.ok(one.body.answers.length >= 3);
  assert.ok(one.body.interview);
  const denied = await api(`/api/v1/applications/${list.body.items[0].id}/transition`, { method: 'POST', body: { to: 'rejected', reason: 'x' } });
  assert.equal(denied.status, 403);
  const bad = await api(`/api/v1/schemes/${SCHEME}/applications?state=maybe`);
  assert.equal(bad.status, 400);
});

test('a returning mentor is welcomed back and flagged to reviewers', async () => {
  // Amara was accepted on scheme 1; scheme 4 is another scheme taking mentors.
  const page = await amara.get('/schemes/4/apply');
  assert.equal(page.status, 200);
  assert.match(page.text, /Welcome back/);
  assert.match(page.text, /Why would you like to be a mentor on this scheme/);
  const sent = await apply(amara, 4, { q0: 'To keep helping new students.' });
  assert.equal(sent.status, 303);
  const id = idOf(sent.location);
  const view = await coord.get(`/applications/${id}`);
  assert.match(view.text, /<dt>Returning mentor<\/dt><dd>Yes<\/dd>/);
  assert.match(view.text, /Earlier applications/);
  assert.match(view.text, /Computer Science peer mentoring, 2026\/27<\/a>: Accepted/);
  const list = await coord.get('/schemes/4/applications?returning=1');
  assert.match(list.text, /returning mentor/);
  assert.match(list.text, /1 application\./);
});
