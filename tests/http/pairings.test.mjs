// Pairings on the demo university's first-year scheme: a coordinator's
// hand assignment under the hard rules (an untrained mentor is refused with
// the module's name, a blocked pair is refused); eight assignments at once
// of eight mentees to a mentor with two places make exactly two pairings;
// six at once of one mentee to six mentors make exactly one; only the two
// sides and the coordinators see a pairing; the lifecycle (acknowledge,
// pause, resume, end with a reason freeing the place), a rematch request
// and the coordinator's rematch; the API and the CLI. On SQLite, or
// PostgreSQL with TANDEM_TEST_PG.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, tandem } from '../lib/server.mjs';
import {
  SCHEMES, sql, schemeId, apiKey, api, signedIn, assignChoices, preview, menteeEmail, mentorEmail,
} from '../lib/matching.mjs';

let srv, coord, amara, key, scheme, choices;
let capped;          // the mentor with two places
let pairedOfCapped;  // the pairing ids test (a) made
let loneMentee;      // the mentee of test (b)

before(async () => {
  srv = await startServer();
  coord = await signedIn(srv, 'coordinator@demo.ac.uk');
  amara = await signedIn(srv, 'student@demo.ac.uk');
  key = apiKey(srv, 'write');
  scheme = await schemeId(srv, SCHEMES.firstYear);
  choices = await assignChoices(coord, scheme);
  assert.ok(choices.mentees.length >= 20, 'the demo has mentees waiting');
  assert.ok(choices.mentors.length >= 8, 'and mentors');
});
after(async () => { await srv.stop(); });

const assign = (signup, mentor) =>
  api(srv, key, `/api/v1/schemes/${scheme}/pairings`, { method: 'POST', body: { signup_id: signup, mentor_student_id: mentor } });

// The mentors who may take mentee signup now.
async function allowedMentors(signup, exclude = []) {
  const out = [];
  for (const m of choices.mentors) {
    if (exclude.includes(m.id)) continue;
    if ((await preview(coord, scheme, signup, m.id)).allowed) out.push(m.id);
  }
  return out;
}

test('the hard rules hold in a hand assignment: training (naming the module) and a block', async () => {
  const mentee = choices.mentees[0].id;
  let untrained = null, rule = '';
  for (const m of choices.mentors) {
    const p = await preview(coord, scheme, mentee, m.id);
    if (!p.allowed && /training/.test(p.message)) { untrained = m.id; rule = p.message; break; }
  }
  assert.ok(untrained, 'the demo has an untrained mentor');
  const module = rule.match(/Needs ([^.]+)\./)[1];
  assert.match(module, /Boundaries and referral/);
  // The API refuses with the rule and the module.
  let r = await assign(mentee, untrained);
  assert.equal(r.status, 422);
  assert.match(JSON.stringify(r.body), new RegExp(module));
  // So does the page, keeping the choice and linking the error to the field.
  const token = await coord.csrf(`/schemes/${scheme}/pairings`);
  r = await coord.post(`/schemes/${scheme}/pairings`, { _csrf: token, signup_id: String(mentee), mentor_student_id: String(untrained) });
  assert.equal(r.status, 400);
  assert.match(r.text, /There is a problem/);
  assert.match(r.text, new RegExp(`not completed the required training[^<]*${module}`));
  assert.match(r.text, new RegExp(`<option value="${untrained}" selected`));

  // A blocked pair is refused though the mentor is allowed otherwise.
  const [fine] = await allowedMentors(mentee);
  sql(srv, `INSERT INTO match_blocks (scheme_id, signup_id, mentor_student_id, reason, created_at)
            VALUES (${scheme}, ${mentee}, ${fine}, 'They know each other', 1)`);
  const p = await preview(coord, scheme, mentee, fine);
  assert.equal(p.allowed, false);
  assert.match(p.message, /block/i);
  r = await assign(mentee, fine);
  assert.equal(r.status, 422);
  assert.match(JSON.stringify(r.body), /block/i);
  sql(srv, `DELETE FROM match_blocks WHERE scheme_id = ${scheme} AND signup_id = ${mentee}`);
  assert.equal(Number(sql(srv, `SELECT COUNT(*) FROM pairings WHERE scheme_id = ${scheme}`)), 0, 'nothing was paired');
  // A student may not assign, nor see the page.
  assert.equal((await amara.get(`/schemes/${scheme}/pairings`)).status, 403);
});

test('eight assignments at once to a mentor with two places: exactly two pairings', async () => {
  // The mentor with the most mentees they may take gets two places.
  let best = null;
  for (const m of choices.mentors) {
    const ok = [];
    for (const e of choices.mentees.slice(1)) {
      if ((await preview(coord, scheme, e.id, m.id)).allowed) ok.push(e.id);
      if (ok.length === 8) break;
    }
    if (ok.length === 8) { best = { mentor: m.id, mentees: ok }; break; }
  }
  assert.ok(best, 'a mentor may take eight of the mentees');
  capped = best.mentor;
  sql(srv, `INSERT INTO scheme_mentors (scheme_id, student_id, capacity, held) VALUES (${scheme}, ${capped}, 2, 0)`);
  const results = await Promise.all(best.mentees.map((e) => assign(e, capped)));
  const made = results.filter((r) => r.status === 201);
  assert.equal(made.length, 2, JSON.stringify(results.map((r) => r.status)));
  for (const r of results) {
    if (r.status === 201) continue;
    assert.ok([409, 422].includes(r.status), `refused: ${r.status}`);
    assert.match(JSON.stringify(r.body), /no place left|place/);
  }
  assert.equal(sql(srv, `SELECT held FROM scheme_mentors WHERE scheme_id = ${scheme} AND student_id = ${capped}`), '2');
  assert.equal(Number(sql(srv, `SELECT COUNT(*) FROM pairings WHERE mentor_student_id = ${capped} AND state <> 'ended'`)), 2);
  pairedOfCapped = made.map((r) => r.body.id);
  for (const r of made) {
    assert.equal(r.body.state, 'proposed');
    assert.equal(r.body.source, 'coordinator');
    assert.ok(r.body.score >= 0);
  }
  // The scheme's list says so.
  const list = await api(srv, key, `/api/v1/schemes/${scheme}/pairings?state=proposed`);
  assert.equal(list.status, 200);
  assert.equal(list.body.items.filter((p) => p.mentor.student_id === capped).length, 2);
});

test('six assignments at once of one mentee to six mentors: exactly one current pairing', async () => {
  const paired = new Set(sql(srv, `SELECT signup_id FROM pairings WHERE state <> 'ended'`).split('\n').filter(Boolean).map(Number));
  for (const e of choices.mentees.slice(1)) {
    if (paired.has(e.id)) continue;
    const ok = await allowedMentors(e.id, [capped]);
    if (ok.length >= 6) { loneMentee = { signup: e.id, mentors: ok.slice(0, 6) }; break; }
  }
  assert.ok(loneMentee, 'a mentee whom six mentors may take');
  const results = await Promise.all(loneMentee.mentors.map((m) => assign(loneMentee.signup, m)));
  assert.equal(results.filter((r) => r.status === 201).length, 1, JSON.stringify(results.map((r) => r.status)));
  for (const r of results.filter((x) => x.status !== 201)) {
    assert.equal(r.status, 409);
    assert.match(r.body.detail + JSON.stringify(r.body.errors || []), /already has a mentor/);
  }
  assert.equal(sql(srv, `SELECT COUNT(*) FROM pairings WHERE signup_id = ${loneMentee.signup} AND state <> 'ended'`), '1');
  // Only the winner's place is held: the others' were given back.
  const held = sql(srv, `SELECT COALESCE(SUM(held), 0) FROM scheme_mentors WHERE scheme_id = ${scheme}
                         AND student_id IN (${loneMentee.mentors.join(',')})`);
  const winners = Number(sql(srv, `SELECT COUNT(*) FROM pairings WHERE scheme_id = ${scheme} AND state <> 'ended'
                                   AND mentor_student_id IN (${loneMentee.mentors.join(',')})`));
  assert.equal(Number(held), winners);
});

test('only the two sides and the coordinators see a pairing', async () => {
  const id = pairedOfCapped[0];
  const p = (await api(srv, key, `/api/v1/pairings/${id}`)).body;
  const mentee = await signedIn(srv, menteeEmail(srv, p.signup_id));
  const mentor = await signedIn(srv, mentorEmail(srv, p.mentor.student_id));
  let r = await mentee.get(`/pairings/${id}`);
  assert.equal(r.status, 200);
  assert.match(r.text, new RegExp(`<h1>Your mentor: ${p.mentor.name}</h1>`));
  assert.match(r.text, new RegExp(`href="mailto:${p.mentor.contact}"`), 'how to contact the mentor');
  r = await mentor.get(`/pairings/${id}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /<h1>Your mentee: /);
  assert.equal((await coord.get(`/pairings/${id}`)).status, 200);
  assert.equal((await amara.get(`/pairings/${id}`)).status, 403, 'another student');
  assert.equal((await amara.get(`/api/v1/pairings/${id}`)).status, 403);
  // Both were told, with how to reach the other.
  const admin = await signedIn(srv, 'admin@demo.ac.uk');
  const box = (await admin.get(`/admin/outbox?to=${encodeURIComponent(mentorEmail(srv, p.mentor.student_id))}`)).text;
  assert.match(box, /you have been paired/);
  // The home page lists it on each side.
  assert.match((await mentee.get('/')).text, new RegExp(`Your mentor: <a href="/pairings/${id}">`));
  assert.match((await mentor.get('/')).text, new RegExp(`Your mentees?: [^\\n]*<a href="/pairings/${id}">`));
});

test('the lifecycle: acknowledge, pause, resume, end with a reason freeing the place', async () => {
  const id = pairedOfCapped[0];
  const p = (await api(srv, key, `/api/v1/pairings/${id}`)).body;
  const mentee = await signedIn(srv, menteeEmail(srv, p.signup_id));
  const mentor = await signedIn(srv, mentorEmail(srv, p.mentor.student_id));
  const act = async (c, fields) => c.submit(`/pairings/${id}`, `/pairings/${id}`, fields);
  // A coordinator cannot acknowledge for them; a stranger cannot at all.
  assert.equal((await act(coord, { op: 'acknowledge' })).status, 403);
  const token = await amara.csrf('/account/password');
  assert.equal((await amara.post(`/pairings/${id}`, { _csrf: token, op: 'end', reason: 'completed' })).status, 403);
  assert.equal((await act(mentee, { op: 'acknowledge' })).status, 303);
  let now = (await api(srv, key, `/api/v1/pairings/${id}`)).body;
  assert.equal(now.state, 'proposed');
  assert.ok(now.mentee_acknowledged_at);
  assert.equal((await act(mentor, { op: 'acknowledge' })).status, 303);
  now = (await api(srv, key, `/api/v1/pairings/${id}`)).body;
  assert.equal(now.state, 'active', 'both acknowledged');
  // Resuming an active pairing is not a move the lifecycle has.
  assert.equal((await act(mentor, { op: 'resume' })).status, 409);
  assert.equal((await act(mentor, { op: 'pause', note: 'Exams' })).status, 303);
  assert.equal((await api(srv, key, `/api/v1/pairings/${id}`)).body.state, 'paused');
  assert.equal((await act(mentee, { op: 'resume' })).status, 303);
  // Ending needs a reason; the form keeps the note.
  let r = await act(mentee, { op: 'end', reason: '', end_note: 'We got on well' });
  assert.equal(r.status, 400);
  assert.match(r.text, /Choose why the pairing ends/);
  assert.match(r.text, /We got on well<\/textarea>/);
  r = await act(mentee, { op: 'end', reason: 'sunset' });
  assert.equal(r.status, 400);
  const held = () => Number(sql(srv, `SELECT held FROM scheme_mentors WHERE scheme_id = ${scheme} AND student_id = ${capped}`));
  assert.equal(held(), 2);
  r = await act(mentee, { op: 'end', reason: 'completed', end_note: 'We got on well' });
  assert.equal(r.status, 303);
  assert.equal(held(), 1, 'the place is free again');
  now = (await api(srv, key, `/api/v1/pairings/${id}`)).body;
  assert.equal(now.state, 'ended');
  assert.equal(now.end_reason, 'completed');
  assert.deepEqual(now.events.map((e) => e.to), ['proposed', 'proposed', 'active', 'paused', 'active', 'ended']);
  // An ended pairing ends once.
  const again = await api(srv, key, `/api/v1/pairings/${id}/end`, { method: 'POST', body: { reason: 'moved_on' } });
  assert.equal(again.status, 409);
  const page = await mentee.get(`/pairings/${id}`);
  assert.match(page.text, /This pairing ended on [0-9-]+ [0-9:]+: Completed\./);
  assert.doesNotMatch(page.text, /Acknowledge the pairing|End the pairing/);
});

test('a side asks to be rematched; the coordinator rematches with every other pairing fixed', async () => {
  const id = pairedOfCapped[1];
  const before = (await api(srv, key, `/api/v1/pairings/${id}`)).body;
  const mentee = await signedIn(srv, menteeEmail(srv, before.signup_id));
  let r = await mentee.submit(`/pairings/${id}`, `/pairings/${id}`, { op: 'rematch_request', rematch_reason: '' });
  assert.equal(r.status, 400);
  assert.match(r.text, /Say why you would like to be rematched/);
  r = await mentee.submit(`/pairings/${id}`, `/pairings/${id}`, { op: 'rematch_request', rematch_reason: 'Our timetables never meet' });
  assert.equal(r.status, 303);
  let list = await coord.get(`/schemes/${scheme}/pairings`);
  assert.match(list.text, /Open requests to be rematched/);
  assert.match(list.text, /Our timetables never meet/);
  // The mentor does not read the mentee's reason.
  const mentor = await signedIn(srv, mentorEmail(srv, before.mentor.student_id));
  assert.doesNotMatch((await mentor.get(`/pairings/${id}`)).text, /timetables/);
  assert.equal((await mentor.submit(`/pairings/${id}`, `/pairings/${id}`, { op: 'rematch' })).status, 403);

  const others = sql(srv, `SELECT id, mentor_student_id, state FROM pairings WHERE id <> ${id} ORDER BY id`);
  r = await coord.submit(`/pairings/${id}`, `/pairings/${id}`, { op: 'rematch' });
  assert.equal(r.status, 303, r.text.slice(0, 400));
  const newId = Number(r.location.match(/\/pairings\/(\d+)/)[1]);
  const old = (await api(srv, key, `/api/v1/pairings/${id}`)).body;
  const now = (await api(srv, key, `/api/v1/pairings/${newId}`)).body;
  assert.equal(old.state, 'ended');
  assert.equal(old.end_reason, 'needs_changed');
  assert.equal(now.signup_id, before.signup_id);
  assert.equal(now.source, 'rematch');
  assert.notEqual(now.mentor.student_id, before.mentor.student_id);
  // Every other pairing is as it was.
  assert.equal(sql(srv, `SELECT id, mentor_student_id, state FROM pairings WHERE id <> ${id} AND id <> ${newId} ORDER BY id`), others);
  list = await coord.get(`/schemes/${scheme}/pairings`);
  assert.doesNotMatch(list.text, /Open requests to be rematched/);
});

test('the CLI lists and assigns', async () => {
  let r = tandem(['pairings', 'list', '--db', srv.db, '--scheme', String(scheme), '--state', 'proposed']);
  assert.equal(r.code, 0, r.stderr);
  const rows = r.stdout.trim().split('\n').map((l) => l.split('\t'));
  assert.ok(rows.length >= 2);
  for (const row of rows) assert.equal(row[3], 'proposed');
  const paired = new Set(sql(srv, `SELECT signup_id FROM pairings WHERE state <> 'ended'`).split('\n').map(Number));
  const waiting = (await assignChoices(coord, scheme)).mentees.filter((e) => !paired.has(e.id));
  let done = false;
  for (const e of waiting) {
    const ok = await allowedMentors(e.id, [capped]);
    if (!ok.length) continue;
    r = tandem(['pairings', 'assign', '--db', srv.db, '--scheme', String(scheme), '--signup', String(e.id), '--mentor', String(ok[0])]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^pairing \d+/);
    done = true;
    break;
  }
  assert.ok(done);
  r = tandem(['pairings', 'list', '--db', srv.db, '--scheme', '999999']);
  assert.notEqual(r.code, 0);
  r = tandem(['pairings', 'list', '--db', srv.db, '--scheme', String(scheme), '--state', 'happy']);
  assert.equal(r.code, 2);
});
