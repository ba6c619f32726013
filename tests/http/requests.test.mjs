// Mentees who choose their mentor, on the demo's International scheme
// (mentee_chooses): the concurrency rules the database enforces (six
// accepts at once for a mentor with two places make exactly two pairings;
// three mentors accepting one mentee at once make exactly one), the rules
// of asking (not in an automatic scheme, not an excluded mentor, at most
// max_requests waiting, not twice), that an expired request cannot be
// accepted, who may answer, and the pages: a mentee's candidates with the
// explanation, a mentor's requests, declining with a note (mailed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { SCHEMES, sql, schemeId, signedIn } from '../lib/matching.mjs';
import { mentorsOf, menteesOf, sessionApi } from '../lib/choice.mjs';

let srv, admin, intl, cs, mentors, mentees;
const clients = new Map();
async function as(email) {
  if (!clients.has(email)) clients.set(email, await signedIn(srv, email));
  return clients.get(email);
}
const ask = async (mentee, mentor, message = '') =>
  sessionApi(await as(mentee.email), 'POST', `/api/v1/schemes/${intl}/requests`,
    { mentor_student_id: mentor.studentId, message });

before(async () => {
  srv = await startServer();
  admin = await signedIn(srv, 'admin@demo.ac.uk');
  intl = await schemeId(srv, SCHEMES.international);
  cs = await schemeId(srv, SCHEMES.cs);
  mentors = mentorsOf(srv, intl);
  mentees = menteesOf(srv, intl);
  assert.ok(mentors.length >= 5, 'the demo has five International mentors');
  assert.ok(mentees.length >= 10, 'and a dozen mentees');
});
after(async () => { await srv.stop(); });

test('a mentee sees the mentors they may ask, best first, with why', async () => {
  const c = await as(mentees[0].email);
  const page = await c.get(`/schemes/${intl}/mentors`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<h1>Choose your mentor: International student mentoring<\/h1>/);
  assert.match(page.text, /<details><summary>Why [^<]+ matches you<\/summary><p>[^<]+<\/p><\/details>/);
  const scores = [...page.text.matchAll(/Match: <strong>(\d+)<\/strong>/g)].map((m) => Number(m[1]));
  assert.equal(scores.length, mentors.length);
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a));
  const viaApi = await sessionApi(c, 'GET', `/api/v1/schemes/${intl}/mentors`);
  assert.equal(viaApi.status, 200);
  assert.deepEqual(viaApi.body.items.map((m) => m.score), scores);
  assert.ok(viaApi.body.items.every((m) => m.explanation.length > 0 && m.places_left > 0));
  // The scheme's page links a signed-up mentee here.
  assert.match((await c.get(`/schemes/${intl}`)).text, new RegExp(`href="/schemes/${intl}/mentors">Choose your mentor`));
  // A mentor is not a mentee of the scheme.
  const m = await as(mentors[0].email);
  const not = await m.get(`/schemes/${intl}/mentors`);
  assert.match(not.text, /Sign up to the scheme as a mentee first/);
  assert.doesNotMatch((await m.get(`/schemes/${intl}`)).text, /Choose your mentor/);
});

test('six accepts at once for a mentor with two places: exactly two pairings', async () => {
  const mentor = mentors[0];
  sql(srv, `INSERT INTO scheme_mentors (scheme_id, student_id, capacity, held) VALUES (${intl}, ${mentor.studentId}, 2, 0)
    ON CONFLICT (scheme_id, student_id) DO UPDATE SET capacity = 2`);
  const six = mentees.slice(0, 6);
  const ids = [];
  for (const e of six) {
    const r = await ask(e, mentor, `Hello from ${e.name}`);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.state, 'pending');
    assert.equal(r.body.rank, 1);
    ids.push(r.body.id);
  }
  const m = await as(mentor.email);
  const list = await m.get('/requests');
  assert.equal((list.text.match(/<button type="submit">Accept /g) || []).length, 6);
  assert.match(list.text, /Hello from /);
  assert.match((await m.get('/')).text, /You have <a href="\/requests">6 requests from mentees<\/a>/);
  const results = await Promise.all(ids.map((id) => sessionApi(m, 'POST', `/api/v1/requests/${id}/accept`)));
  const ok = results.filter((r) => r.status === 200), refused = results.filter((r) => r.status === 409);
  assert.equal(ok.length, 2, JSON.stringify(results.map((r) => [r.status, r.body.detail])));
  assert.equal(refused.length, 4);
  for (const r of ok) assert.ok(r.body.pairing_id > 0);
  for (const r of refused) assert.match(r.body.detail, /You have no place left/);
  assert.equal(sql(srv, `SELECT COUNT(*) FROM pairings WHERE scheme_id = ${intl} AND mentor_student_id = ${mentor.studentId} AND state <> 'ended'`), '2');
  assert.equal(sql(srv, `SELECT held FROM scheme_mentors WHERE scheme_id = ${intl} AND student_id = ${mentor.studentId}`), '2');
  assert.equal(sql(srv, `SELECT COUNT(*) FROM mentor_requests WHERE mentor_student_id = ${mentor.studentId} AND state = 'accepted'`), '2');
  assert.equal(sql(srv, `SELECT COUNT(*) FROM pairings WHERE source = 'choice'`), '2');
  // A full mentor is no longer offered, and cannot be asked.
  const seventh = mentees[6];
  const offered = await sessionApi(await as(seventh.email), 'GET', `/api/v1/schemes/${intl}/mentors`);
  assert.ok(!offered.body.items.some((x) => x.mentor_student_id === mentor.studentId));
  const r = await ask(seventh, mentor);
  assert.equal(r.status, 409);
  assert.match(r.body.detail, /no place left/);
  // The page says so too, when a late accept is refused.
  const late = await m.submit('/requests', `/requests/${ids[results.findIndex((x) => x.status === 409)]}/accept`, {});
  assert.equal(late.status, 409);
  assert.match(late.text, /There is a problem/);
});

test('three mentors accept one mentee at once: exactly one pairing, the others closed', async () => {
  const mentee = mentees[6], three = mentors.slice(1, 4);
  const ids = [];
  for (const [i, m] of three.entries()) {
    const r = await ask(mentee, m);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.rank, i + 1);
    ids.push(r.body.id);
  }
  // The limit (three by default): a fourth waits for one of these.
  const fourth = await ask(mentee, mentors[4]);
  assert.equal(fourth.status, 409);
  assert.match(fourth.body.detail, /at most 3 requests waiting/);
  // Asking the same mentor twice is refused.
  const again = await ask(mentee, three[0]);
  assert.equal(again.status, 409);
  const results = await Promise.all(three.map(async (m, i) =>
    sessionApi(await as(m.email), 'POST', `/api/v1/requests/${ids[i]}/accept`)));
  assert.equal(results.filter((r) => r.status === 200).length, 1, JSON.stringify(results.map((r) => [r.status, r.body.detail])));
  for (const r of results.filter((x) => x.status === 409)) assert.match(r.body.detail, /already been paired/);
  assert.equal(sql(srv, `SELECT COUNT(*) FROM pairings WHERE signup_id = ${mentee.signupId} AND state <> 'ended'`), '1');
  const states = sql(srv, `SELECT state FROM mentor_requests WHERE signup_id = ${mentee.signupId} ORDER BY state`).split('\n');
  assert.deepEqual(states, ['accepted', 'closed', 'closed']);
  // The mentee sees it: accepted, the others closed; nothing more to ask.
  const mine = await sessionApi(await as(mentee.email), 'GET', '/api/v1/requests');
  assert.deepEqual(mine.body.items.map((x) => x.state).sort(), ['accepted', 'closed', 'closed']);
  const page = await (await as(mentee.email)).get(`/schemes/${intl}/mentors`);
  assert.match(page.text, /You have a mentor in this scheme/);
  assert.doesNotMatch(page.text, /name="mentor_student_id"/);
  const more = await ask(mentee, mentors[4]);
  assert.equal(more.status, 409);
  assert.match(more.body.detail, /already have a mentor/);
});

test('no choosing in an automatic scheme, nor an excluded mentor', async () => {
  // Jiayi is signed up to Computer Science peer mentoring, matched by runs.
  const jiayi = await as('first-year@demo.ac.uk');
  const amara = sql(srv, `SELECT st.id FROM students st JOIN users u ON u.id = st.user_id WHERE u.email = 'student@demo.ac.uk'`);
  const auto = await sessionApi(jiayi, 'POST', `/api/v1/schemes/${cs}/requests`, { mentor_student_id: Number(amara) });
  assert.equal(auto.status, 409);
  assert.match(auto.body.detail, /the team matches mentees with mentors/);
  assert.equal((await sessionApi(jiayi, 'GET', `/api/v1/schemes/${cs}/mentors`)).status, 409);
  const page = await jiayi.get(`/schemes/${cs}/mentors`);
  assert.match(page.text, /there is no mentor to choose/);
  assert.doesNotMatch((await jiayi.get(`/schemes/${cs}`)).text, /Choose your mentor/);

  // A coordinator blocked this pair: the mentor is not offered, nor can be asked.
  const mentee = mentees[7], mentor = mentors[4];
  sql(srv, `INSERT INTO match_blocks (scheme_id, signup_id, mentor_student_id, reason, created_at)
    VALUES (${intl}, ${mentee.signupId}, ${mentor.studentId}, 'test', 0)`);
  const c = await as(mentee.email);
  const offered = await sessionApi(c, 'GET', `/api/v1/schemes/${intl}/mentors`);
  assert.ok(!offered.body.items.some((x) => x.mentor_student_id === mentor.studentId));
  const r = await ask(mentee, mentor);
  assert.equal(r.status, 422);
  assert.equal(r.body.errors[0].field, 'mentor_student_id');
  assert.match(r.body.detail, /You cannot ask this mentor/);
  // Nor someone who is not a mentor of the scheme; and the form says so.
  const stranger = await ask(mentee, { studentId: Number(amara) });
  assert.equal(stranger.status, 422);
  assert.match(stranger.body.detail, /Choose a mentor from the list/);
  const form = await c.submit(`/schemes/${intl}/mentors`, `/schemes/${intl}/mentors`, {
    mentor_student_id: String(mentor.studentId), message: 'Please?',
  });
  assert.equal(form.status, 400);
  assert.match(form.text, new RegExp(`<a href="#mentor-${mentor.studentId}">You cannot ask this mentor`));
  // A message over 1,000 characters is refused, the text kept.
  const other = mentors[3];
  const long = await c.submit(`/schemes/${intl}/mentors`, `/schemes/${intl}/mentors`, {
    mentor_student_id: String(other.studentId), message: 'x'.repeat(1001),
  });
  assert.equal(long.status, 400);
  assert.match(long.text, new RegExp(`<a href="#message-${other.studentId}">Your message has at most 1000 characters`));
  assert.match(long.text, /x{1001}<\/textarea>/);
});

test('an expired request cannot be accepted; others cannot answer; decline tells the mentee', async () => {
  const mentee = mentees[8], mentor = mentors[4];
  const made = await ask(mentee, mentor, 'Before it expires');
  assert.equal(made.status, 201);
  // Only the mentor asked may answer; only the mentee may withdraw.
  const other = await as(mentors[3].email);
  assert.equal((await sessionApi(other, 'POST', `/api/v1/requests/${made.body.id}/accept`)).status, 403);
  assert.equal((await sessionApi(other, 'POST', `/api/v1/requests/${made.body.id}/withdraw`)).status, 403);
  // Past its expiry (as if the days had passed; the housekeeping thread
  // would record it), it reads as expired and cannot be accepted.
  sql(srv, `UPDATE mentor_requests SET expires_at = 1000 WHERE id = ${made.body.id}`);
  const m = await as(mentor.email);
  const late = await sessionApi(m, 'POST', `/api/v1/requests/${made.body.id}/accept`);
  assert.equal(late.status, 409);
  assert.match(late.body.detail, /expired/);
  assert.equal(sql(srv, `SELECT COUNT(*) FROM pairings WHERE signup_id = ${mentee.signupId}`), '0');
  const mine = await sessionApi(await as(mentee.email), 'GET', '/api/v1/requests');
  assert.equal(mine.body.items.find((x) => x.id === made.body.id).state, 'expired');
  assert.doesNotMatch((await m.get('/requests')).text, new RegExp(`action="/requests/${made.body.id}/accept"`));
  // Asking again renews it; the mentor declines with a note, which is mailed.
  const renewed = await ask(mentee, mentor, 'Trying again');
  assert.equal(renewed.status, 201);
  assert.equal(renewed.body.id, made.body.id);
  assert.equal(renewed.body.state, 'pending');
  const declined = await m.submit('/requests', `/requests/${made.body.id}/decline`, { note: 'My places are taken, sorry.' });
  assert.equal(declined.status, 303);
  const outbox = await admin.get(`/admin/outbox?to=${encodeURIComponent(mentee.email)}`);
  assert.match(outbox.text, /your request to/);
  assert.match(outbox.text, /My places are taken, sorry\./);
  const mentorMail = await admin.get(`/admin/outbox?to=${encodeURIComponent(mentor.email)}`);
  assert.match(mentorMail.text, /a mentee would like you as their mentor/);
  // Declined is final for this pair.
  const twice = await ask(mentee, mentor);
  assert.equal(twice.status, 409);
  assert.match(twice.body.detail, /has declined your request/);
});

test('a mentee withdraws a request; the later ones move up', async () => {
  const mentee = mentees[9];
  const a = await ask(mentee, mentors[2]), b = await ask(mentee, mentors[3]);
  assert.equal(a.body.rank, 1);
  assert.equal(b.body.rank, 2);
  const c = await as(mentee.email);
  const page = await c.get(`/schemes/${intl}/mentors`);
  assert.match(page.text, new RegExp(`action="/requests/${a.body.id}/withdraw"`));
  const w = await c.submit(`/schemes/${intl}/mentors`, `/requests/${a.body.id}/withdraw`, {});
  assert.equal(w.status, 303);
  const mine = await sessionApi(c, 'GET', '/api/v1/requests');
  assert.equal(mine.body.items.find((x) => x.id === a.body.id).state, 'withdrawn');
  assert.equal(mine.body.items.find((x) => x.id === b.body.id).rank, 1);
  const again = await sessionApi(c, 'POST', `/api/v1/requests/${a.body.id}/withdraw`);
  assert.equal(again.status, 409);
  // Signed out: nothing.
  assert.equal((await new Client(srv.url).get('/requests')).status, 303);
});
