// Matching in the service on the demo university: a scheme's criteria
// (validated: a weight over 1000, or weights adding up to more, is refused
// naming the field, on the page and in the API; the preview answers under
// unsaved weights), match runs only for the scheme's managers, a swap pins
// both new pairs and the pins hold through a re-solve, a removed pair is
// blocked and never proposed again, publishing creates exactly the draft's
// pairs and a second publish is refused; discarding a draft.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, tandem } from '../lib/server.mjs';

let srv, coord, amara, readKey, writeKey;
const CS = 1;            // Computer Science peer mentoring: a handful each side
const FIRST_YEAR = 6;    // First-year peer mentoring: the bigger one
const as = async (email) => { const c = new Client(srv.url); await c.signIn(email); return c; };

async function api(path, { key = readKey, method = 'GET', body } = {}) {
  const res = await fetch(srv.url + path, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

// Run matching through the page (as the button does); the new run's id.
async function runFromPage(c, scheme) {
  const r = await c.submit(`/schemes/${scheme}/runs`, `/schemes/${scheme}/runs`, {});
  assert.equal(r.status, 303, r.text);
  return Number(r.location.match(/^\/runs\/(\d+)$/)[1]);
}

const runOf = async (id) => {
  const r = await api(`/api/v1/runs/${id}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
};
const mentorOf = (run) => new Map(run.pairs.map((p) => [p.signup_id, p.mentor_student_id]));

// A row button of the draft page: act is "pin:SIGNUP:MENTOR" and the like.
async function act(c, runId, value, extra = {}) {
  return c.submit(`/runs/${runId}`, `/runs/${runId}/pairs`, { act: value, swap: '0', ...extra });
}

before(async () => {
  srv = await startServer();
  readKey = tandem(['apikey', 'add', '--db', srv.db, '--name', 'matching read', '--scope', 'read']).stdout.match(/^key: (\S+)$/m)[1];
  // A write key made by an administrator on the page acts as them.
  const admin = await as('admin@demo.ac.uk');
  const made = await admin.submit('/admin/api-keys', '/admin/api-keys', { name: 'matching write', scope: 'write' });
  writeKey = made.text.match(/<code id="new-key">(tdm_[^<]+)<\/code>/)[1];
  coord = await as('coordinator@demo.ac.uk');
  amara = await as('student@demo.ac.uk');
});
after(async () => { await srv.stop(); });

test('settings: a weight over 1000 or weights adding up to more are refused with the field', async () => {
  const before = await api(`/api/v1/schemes/${CS}/matching`);
  assert.equal(before.status, 200);
  assert.equal(before.body.criteria.length, 11);
  assert.equal(before.body.criteria.reduce((s, c) => s + c.weight, 0), 1000, 'the defaults use the whole 1000');
  const course = before.body.criteria.find((c) => c.criterion === 'course');

  let r = await api(`/api/v1/schemes/${CS}/matching`, { key: writeKey, method: 'PUT', body: { criteria: [{ criterion: 'course', weight: 1001 }] } });
  assert.equal(r.status, 422);
  assert.equal(r.body.errors[0].field, 'w_course');
  r = await api(`/api/v1/schemes/${CS}/matching`, { key: writeKey, method: 'PUT', body: { criteria: [{ criterion: 'course', weight: course.weight + 1 }] } });
  assert.equal(r.status, 422, 'one more than the defaults adds up to 1001');
  assert.equal(r.body.errors[0].field, 'w_course');
  assert.match(r.body.detail, /more than 1000/);
  r = await api(`/api/v1/schemes/${CS}/matching`, { key: writeKey, method: 'PUT', body: { criteria: [{ criterion: 'astrology', weight: 5 }] } });
  assert.equal(r.status, 422);
  assert.equal(r.body.errors[0].field, 'criteria');
  r = await api(`/api/v1/schemes/${CS}/matching`, { key: readKey, method: 'PUT', body: { min_score: 10 } });
  assert.equal(r.status, 403, 'a read key may not change them');
  // Nothing was saved.
  assert.deepEqual((await api(`/api/v1/schemes/${CS}/matching`)).body, before.body);

  // Moving 70 from faculty to course keeps the sum at 1000.
  const faculty = before.body.criteria.find((c) => c.criterion === 'faculty');
  r = await api(`/api/v1/schemes/${CS}/matching`, {
    key: writeKey, method: 'PUT',
    body: { objective: 'maxmin', criteria: [{ criterion: 'course', weight: course.weight + faculty.weight, dealbreaker: true }, { criterion: 'faculty', weight: 0 }] },
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.objective, 'maxmin');
  const saved = r.body.criteria.find((c) => c.criterion === 'course');
  assert.equal(saved.weight, course.weight + faculty.weight);
  assert.equal(saved.dealbreaker, true);

  // The page: the same rule, the input kept, the field marked.
  const bad = await coord.submit(`/schemes/${CS}/matching`, `/schemes/${CS}/matching`, {
    op: 'save', w_course: '2000', objective: 'cardinality', min_score: '0', year_ahead_min: '1', year_ahead_max: '3',
  });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /There is a problem/);
  assert.match(bad.text, /href="#w_course"/);
  assert.match(bad.text, /id="w_course" name="w_course" type="number"[^>]*value="2000"[^>]*aria-invalid="true"/);
  assert.match(bad.text, /<tr class="field-error"><th scope="row"><label for="w_course">/, 'the row is marked, not its markup escaped');
  // Put the defaults back through the page.
  const fields = { op: 'save', objective: 'cardinality', min_score: '0', year_ahead_min: '1', year_ahead_max: '3' };
  for (const c of before.body.criteria) fields[`w_${c.criterion}`] = String(c.weight);
  const ok = await coord.submit(`/schemes/${CS}/matching`, `/schemes/${CS}/matching`, fields);
  assert.equal(ok.status, 303, ok.text);
  assert.equal(ok.location, `/schemes/${CS}/matching?saved=1`);
  assert.deepEqual((await api(`/api/v1/schemes/${CS}/matching`)).body, before.body);
});

test('the preview ranks a sample mentee\'s candidates under unsaved weights', async () => {
  const page = await coord.get(`/schemes/${CS}/matching`);
  assert.equal(page.status, 200);
  assert.match(page.text, /aria-live="polite"/);
  assert.match(page.text, /<script src="\/static\/matching.js" defer><\/script>/);
  const signup = Number(page.text.match(/<select id="signup" name="signup"[^>]*>\s*<option value="(\d+)"/)[1]);
  let r = await coord.get(`/api/v1/schemes/${CS}/matching/preview?signup=${signup}`);
  assert.equal(r.status, 200);
  const saved = JSON.parse(r.text);
  assert.ok(saved.candidates.length > 0 && saved.candidates.length <= 5);
  for (let i = 1; i < saved.candidates.length; i++) assert.ok(saved.candidates[i - 1].score >= saved.candidates[i].score);
  // Everything on the course criterion: scores change, the saved settings do not.
  const only = { w_course: '1000' };
  for (const w of ['faculty', 'year_ahead', 'interests', 'language', 'home_country', 'campus', 'availability', 'mode', 'preference', 'characteristics']) only[`w_${w}`] = '0';
  r = await coord.get(`/api/v1/schemes/${CS}/matching/preview?signup=${signup}&${new URLSearchParams(only)}`);
  assert.equal(r.status, 200);
  const onlyCourse = JSON.parse(r.text);
  for (const c of onlyCourse.candidates) assert.ok(c.score === 0 || c.score === 1000, `score ${c.score} with one criterion`);
  assert.equal(onlyCourse.weight_total, 1000);
  r = await coord.get(`/api/v1/schemes/${CS}/matching/preview?signup=${signup}&w_course=1001`);
  assert.equal(r.status, 422);
  assert.equal(JSON.parse(r.text).errors[0].field, 'w_course');
  // Without script: the Preview button re-renders the page with the form's values.
  const fields = { op: 'preview', signup: String(signup), objective: 'cardinality', min_score: '0', year_ahead_min: '1', year_ahead_max: '3', ...only };
  const previewed = await coord.submit(`/schemes/${CS}/matching`, `/schemes/${CS}/matching`, fields);
  assert.equal(previewed.status, 200);
  assert.match(previewed.text, /Top candidates under these criteria/);
  assert.match(previewed.text, /id="w_course" name="w_course" type="number"[^>]*value="1000"/);
  assert.notEqual((await api(`/api/v1/schemes/${CS}/matching`)).body.criteria[0].weight, 1000, 'a preview saves nothing');
});

test('only the scheme\'s managers see its matching and run it', async () => {
  assert.equal((await amara.get(`/schemes/${CS}/matching`)).status, 403);
  assert.equal((await amara.get(`/schemes/${CS}/runs`)).status, 403);
  const token = await amara.csrf('/');
  const r = await amara.post(`/schemes/${CS}/runs`, { _csrf: token });
  assert.equal(r.status, 403);
  assert.equal((await amara.get(`/api/v1/schemes/${CS}/matching`)).status, 403);
  assert.equal((await amara.get(`/api/v1/schemes/${CS}/matching/preview?signup=1`)).status, 403);
  assert.equal((await api(`/api/v1/schemes/${CS}/runs`, { key: readKey, method: 'POST' })).status, 403);
  // The scheme's page links its managers to both.
  const scheme = await coord.get(`/schemes/${CS}`);
  assert.match(scheme.text, new RegExp(`href="/schemes/${CS}/matching">Matching<`));
  assert.match(scheme.text, new RegExp(`href="/schemes/${CS}/runs">Match runs<`));
  assert.doesNotMatch((await amara.get(`/schemes/${CS}`)).text, /Match runs/);
  // A mentee-choice scheme is not matched by runs.
  const choice = await coord.submit('/schemes/4/runs', '/schemes/4/runs', {});
  assert.equal(choice.status, 400);
  assert.match(choice.text, /There is a problem/);
});

test('a run through the API, then a swap and a pin that hold through a re-solve, and a block that holds too', async () => {
  let r = await api(`/api/v1/schemes/${CS}/runs`, { key: writeKey, method: 'POST' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.state, 'draft');
  assert.equal(r.headers.get('location'), `/api/v1/runs/${r.body.id}`);
  const first = await runOf(r.body.id);
  assert.ok(first.pairs.length >= 3, `${first.pairs.length} pairs`);
  assert.equal(first.matched, first.pairs.length);
  assert.equal(first.unmatched, first.unmatched_mentees.length);
  for (const p of first.pairs) assert.match(p.explanation, /Score/);

  // The draft page shows every pair and its explanation.
  const page = await coord.get(`/runs/${first.id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /role="img"/);
  for (const p of first.pairs) assert.ok(page.text.includes(`value="pin:${p.signup_id}:${p.mentor_student_id}"`));

  // Swap the mentors of two pairs with different mentors.
  const [a, b] = (() => {
    for (const x of first.pairs) for (const y of first.pairs) if (x.mentor_student_id !== y.mentor_student_id) return [x, y];
    return [];
  })();
  assert.ok(a && b, 'two pairs with different mentors');
  const swapPage = await coord.get(`/runs/${first.id}?swap=${a.signup_id}`);
  assert.match(swapPage.text, /Swapping mentors/);
  const swapped = await act(coord, first.id, `swap:${b.signup_id}:${b.mentor_student_id}`, { swap: String(a.signup_id) });
  assert.equal(swapped.status, 303, swapped.text);
  assert.match(swapped.location, /swapped=1/);
  // A third pair pinned as it is.
  const c = first.pairs.find((p) => p.signup_id !== a.signup_id && p.signup_id !== b.signup_id);
  const pinned = await act(coord, first.id, `pin:${c.signup_id}:${c.mentor_student_id}`);
  assert.equal(pinned.status, 303, pinned.text);
  assert.match((await coord.get(`/runs/${first.id}`)).text, new RegExp(`value="unpin:${c.signup_id}:${c.mentor_student_id}"`));

  const secondId = await runFromPage(coord, CS);
  const second = await runOf(secondId);
  assert.equal(second.previous_run_id, first.id);
  const m2 = mentorOf(second);
  assert.equal(m2.get(a.signup_id), b.mentor_student_id, 'a has b\'s mentor');
  assert.equal(m2.get(b.signup_id), a.mentor_student_id, 'b has a\'s mentor');
  assert.equal(m2.get(c.signup_id), c.mentor_student_id);
  for (const s of [a.signup_id, b.signup_id, c.signup_id]) assert.equal(second.pairs.find((p) => p.signup_id === s).pinned, true);
  assert.equal((await runOf(first.id)).state, 'discarded', 'a new run replaces the draft');
  assert.match((await coord.get(`/runs/${secondId}`)).text, /Against <a href="\/runs\/\d+">run \d+<\/a>/);

  // Unpin c, then remove (block) it: it is never proposed again.
  assert.equal((await act(coord, secondId, `unpin:${c.signup_id}:${c.mentor_student_id}`)).status, 303);
  const blocked = await act(coord, secondId, `block:${c.signup_id}:${c.mentor_student_id}`);
  assert.equal(blocked.status, 303, blocked.text);
  for (let i = 0; i < 2; i++) {
    const run = await runOf(await runFromPage(coord, CS));
    assert.ok(!run.pairs.some((p) => p.signup_id === c.signup_id && p.mentor_student_id === c.mentor_student_id), 'the blocked pair is not proposed');
    assert.equal(mentorOf(run).get(a.signup_id), b.mentor_student_id, 'the swap still holds');
  }
  // Pinning a blocked pair is refused with why.
  const latest = (await api(`/api/v1/schemes/${CS}/runs`, { key: writeKey, method: 'POST' })).body;
  const refused = await act(coord, latest.id, `pin:${c.signup_id}:${c.mentor_student_id}`);
  assert.equal(refused.status, 400);
  assert.match(refused.text, /There is a problem/);
});

test('publishing creates exactly the draft\'s pairs, once', async () => {
  const runId = await runFromPage(coord, FIRST_YEAR);
  const draft = await runOf(runId);
  assert.ok(draft.pairs.length > 5, `${draft.pairs.length} pairs`);
  assert.equal((await amara.get(`/runs/${runId}`)).status, 403);

  const token = await coord.csrf(`/runs/${runId}`);
  const r = await coord.post(`/runs/${runId}/publish`, { _csrf: token });
  assert.equal(r.status, 303, r.text);
  assert.equal(r.location, `/runs/${runId}?published=${draft.pairs.length}`);
  const page = await coord.get(r.location);
  assert.match(page.text, new RegExp(`${draft.pairs.length} pairings were created`));
  assert.match(page.text, new RegExp(`href="/schemes/${FIRST_YEAR}/pairings"`));
  assert.doesNotMatch(page.text, /value="pin:/, 'a published run has no changes to make');

  const made = [];
  let cursor = '';
  for (;;) {
    const list = await api(`/api/v1/schemes/${FIRST_YEAR}/pairings?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(list.status, 200, JSON.stringify(list.body));
    made.push(...list.body.items);
    if (!list.body.next_cursor) break;
    cursor = list.body.next_cursor;
  }
  const want = draft.pairs.map((p) => `${p.signup_id}:${p.mentor_student_id}`).sort();
  const got = made.filter((p) => p.run_id === runId).map((p) => `${p.signup_id}:${p.mentor.student_id}`).sort();
  assert.deepEqual(got, want);
  assert.equal(made.length, draft.pairs.length, 'no other pairings');

  const again = await api(`/api/v1/runs/${runId}/publish`, { key: writeKey, method: 'POST' });
  assert.equal(again.status, 409);
  const twice = await coord.post(`/runs/${runId}/publish`, { _csrf: token });
  assert.equal(twice.status, 409);
  assert.equal((await runOf(runId)).state, 'published');
});

test('the API publishes a draft; a discarded draft cannot be published', async () => {
  const made = await api(`/api/v1/schemes/${CS}/runs`, { key: writeKey, method: 'POST' });
  assert.equal(made.status, 201);
  const token = await coord.csrf(`/runs/${made.body.id}`);
  const gone = await coord.post(`/runs/${made.body.id}/discard`, { _csrf: token });
  assert.equal(gone.status, 303);
  assert.equal(gone.location, `/schemes/${CS}/runs?discarded=1`);
  assert.equal((await api(`/api/v1/runs/${made.body.id}/publish`, { key: writeKey, method: 'POST' })).status, 409);
  const list = await coord.get(gone.location);
  assert.match(list.text, /The draft was discarded/);
  assert.match(list.text, new RegExp(`<a href="/runs/${made.body.id}">Run ${made.body.id}</a></td><td>Discarded`));

  const next = await api(`/api/v1/schemes/${CS}/runs`, { key: writeKey, method: 'POST' });
  const published = await api(`/api/v1/runs/${next.body.id}/publish`, { key: writeKey, method: 'POST' });
  assert.equal(published.status, 200, JSON.stringify(published.body));
  assert.equal(published.body.state, 'published');
  assert.equal(published.body.created, next.body.matched);
  assert.equal((await api(`/api/v1/runs/${next.body.id}/publish`, { key: writeKey, method: 'POST' })).status, 409);
  assert.equal((await api('/api/v1/runs/999999')).status, 404);
});
