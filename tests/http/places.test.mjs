// A mentor's places and blocked pairs, on the demo university. Places: a
// coordinator sets one mentor's places in their row of the pairings page
// (a bad value comes back with what was typed and the message beside it;
// never fewer than the pairings held, naming them), through the API (PUT,
// with its errors) and the CLI; a student may do none of it; hand
// assignment keeps to the places. Blocked pairs: a pair removed from a
// draft is listed on the matching page with who blocked it and when, and
// unblocked there or through the API. On SQLite, or PostgreSQL with
// TANDEM_TEST_PG.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, tandem } from '../lib/server.mjs';
import {
  SCHEMES, sql, schemeId, apiKey, api, signedIn, assignChoices, preview,
} from '../lib/matching.mjs';

let srv, coord, amara, key, readKey, scheme, cs, choices;

before(async () => {
  srv = await startServer();
  coord = await signedIn(srv, 'coordinator@demo.ac.uk');
  amara = await signedIn(srv, 'student@demo.ac.uk');
  key = apiKey(srv, 'write');
  readKey = apiKey(srv, 'read');
  scheme = await schemeId(srv, SCHEMES.firstYear);
  cs = await schemeId(srv, SCHEMES.cs);
  choices = await assignChoices(coord, scheme);
  assert.ok(choices.mentors.length >= 4, 'the demo has mentors');
});
after(async () => { await srv.stop(); });

const pairingsPage = () => `/schemes/${scheme}/pairings`;
const placesPath = (mentor) => `/schemes/${scheme}/mentors/${mentor}/places`;
const putPlaces = (mentor, body, k = key) =>
  api(srv, k, `/api/v1${placesPath(mentor)}`, { method: 'PUT', body });
const capacity = (mentor) =>
  sql(srv, `SELECT capacity FROM scheme_mentors WHERE scheme_id = ${scheme} AND student_id = ${mentor}`);
// The value of mentor's places input on a page.
const shown = (html, mentor) => html.match(new RegExp(`<input id="places-${mentor}" name="places" type="number"[^>]* value="([^"]*)"`))?.[1];

// text as a page shows it (escaped), as a regular expression's source.
const html = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  .replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// The first n waiting mentees whom mentor may take now.
async function menteesFor(mentor, n) {
  const out = [];
  for (const e of (await assignChoices(coord, scheme)).mentees) {
    if ((await preview(coord, scheme, e.id, mentor)).allowed) out.push(e.id);
    if (out.length === n) break;
  }
  return out;
}

test('the pairings page sets a mentor\'s places; a bad value comes back as typed, beside the field', async () => {
  const mentor = choices.mentors[0].id;
  let page = await coord.get(pairingsPage());
  assert.match(page.text, /<h2 id="mentors-title">Mentors and their places<\/h2>/);
  assert.match(page.text, new RegExp(`<label for="places-${mentor}" class="visually-hidden">Places for [^<]+</label>`));
  const before = shown(page.text, mentor);
  assert.match(before, /^\d+$/, 'the scheme\'s default places');

  for (const bad of ['51', '-1', 'lots', '']) {
    const r = await coord.submit(pairingsPage(), placesPath(mentor), { places: bad });
    assert.equal(r.status, 400, `${bad}: ${r.text.slice(0, 300)}`);
    assert.match(r.text, /There is a problem/);
    assert.match(r.text, new RegExp(`<a href="#places-${mentor}">Enter the mentor&#39;s places as a whole number from 0 to 50\\.</a>`));
    assert.match(r.text, new RegExp(`<td class="field-error"><form [^>]*><input type="hidden" name="_csrf" value="[^"]+"><label for="places-${mentor}" class="visually-hidden">[^<]*</label><p class="error-message" id="places-${mentor}-error">`));
    assert.equal(shown(r.text, mentor), bad, 'what was typed is kept');
    assert.match(r.text, new RegExp(`id="places-${mentor}"[^>]*aria-describedby="places-hint places-${mentor}-error" aria-invalid="true"`));
  }
  assert.equal(capacity(mentor), '', 'nothing was saved');

  const r = await coord.submit(pairingsPage(), placesPath(mentor), { places: '3' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(r.location, `${pairingsPage()}?places_saved=1`);
  page = await coord.get(r.location);
  assert.match(page.text, /The mentor&#39;s places were saved/);
  assert.equal(shown(page.text, mentor), '3');
  assert.doesNotMatch(page.text, /aria-invalid/);
  assert.equal(capacity(mentor), '3');
  // The hand assignment's chooser counts with them.
  const label = (await assignChoices(coord, scheme)).mentors.find((m) => m.id === mentor).label;
  assert.match(label, /3 of 3 places left/);
  // It was audited.
  assert.equal(sql(srv, `SELECT COUNT(*) FROM audit_log WHERE action = 'pairing.places'`), '1');
});

test('places never go below the pairings held: the page and the API say how many', async () => {
  const mentor = choices.mentors[1].id;
  const mentees = await menteesFor(mentor, 3);
  assert.equal(mentees.length, 3, 'three mentees the mentor may take');
  for (const m of mentees.slice(0, 2)) {
    const made = await api(srv, key, `/api/v1/schemes/${scheme}/pairings`, { method: 'POST', body: { signup_id: m, mentor_student_id: mentor } });
    assert.equal(made.status, 201, JSON.stringify(made.body));
  }
  let r = await coord.submit(pairingsPage(), placesPath(mentor), { places: '1' });
  assert.equal(r.status, 409);
  assert.match(r.text, /has 2 current pairings in this scheme, so needs at least 2 places/);
  assert.match(r.text, new RegExp(`<a href="#places-${mentor}">`));
  assert.equal(shown(r.text, mentor), '1');
  r = await putPlaces(mentor, { places: 1 });
  assert.equal(r.status, 409);
  assert.match(r.body.detail, /has 2 current pairings/);
  // Exactly what they hold: they are full.
  r = await putPlaces(mentor, { places: 2 });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual({ ...r.body, name: undefined }, { student_id: mentor, name: undefined, capacity: 2, held: 2 });
  const third = await api(srv, key, `/api/v1/schemes/${scheme}/pairings`, { method: 'POST', body: { signup_id: mentees[2], mentor_student_id: mentor } });
  assert.ok([409, 422].includes(third.status), String(third.status));
  assert.match(JSON.stringify(third.body), /place/);
});

test('the API: answers and errors; 0 places takes no new mentee', async () => {
  const mentor = choices.mentors[2].id;
  let r = await putPlaces(mentor, { places: 0 });
  assert.equal(r.status, 200);
  assert.equal(r.body.capacity, 0);
  assert.equal(r.body.held, 0);
  const [mentee] = (await assignChoices(coord, scheme)).mentees;
  const p = await preview(coord, scheme, mentee.id, mentor);
  assert.equal(p.allowed, false);
  assert.match(p.message, /place/i);
  r = await putPlaces(mentor, { places: 50 });
  assert.equal(r.status, 200);
  assert.equal(r.body.capacity, 50);

  for (const body of [{ places: 51 }, { places: -1 }, { places: 'three' }, { places: 2.5 }, {}, { places: 2, extra: 1 }]) {
    r = await putPlaces(mentor, body);
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.equal(r.body.errors[0].field, Object.keys(body).length === 2 ? 'extra' : 'places');
  }
  assert.equal(capacity(mentor), '50', 'unchanged by the mistakes');
  // Not a mentor of the scheme; no such scheme.
  const stranger = Number(sql(srv, `SELECT MIN(id) FROM students WHERE id NOT IN
    (SELECT student_id FROM applications WHERE scheme_id = ${scheme} AND state = 'accepted')`));
  r = await putPlaces(stranger, { places: 2 });
  assert.equal(r.status, 404);
  assert.match(r.body.detail, /not an accepted mentor/);
  r = await api(srv, key, `/api/v1/schemes/999999/mentors/${mentor}/places`, { method: 'PUT', body: { places: 2 } });
  assert.equal(r.status, 404);
  // A read-only key may not.
  r = await putPlaces(mentor, { places: 2 }, readKey);
  assert.equal(r.status, 403);
});

test('places set while pairings are made at the same moment never end up below them', async () => {
  let mentor = null, mentees = [];
  for (const m of choices.mentors.slice(4)) {
    mentees = await menteesFor(m.id, 4);
    if (mentees.length === 4) { mentor = m.id; break; }
  }
  assert.ok(mentor, 'a mentor who may take four mentees');
  assert.equal((await putPlaces(mentor, { places: 4 })).status, 200);
  const results = await Promise.all([
    ...mentees.map((m) => api(srv, key, `/api/v1/schemes/${scheme}/pairings`, { method: 'POST', body: { signup_id: m, mentor_student_id: mentor } })),
    putPlaces(mentor, { places: 1 }),
  ]);
  const set = results.at(-1);
  const made = results.slice(0, -1).filter((r) => r.status === 201).length;
  const [cap, held] = sql(srv, `SELECT capacity, held FROM scheme_mentors WHERE scheme_id = ${scheme} AND student_id = ${mentor}`).split('|').map(Number);
  const current = Number(sql(srv, `SELECT COUNT(*) FROM pairings WHERE mentor_student_id = ${mentor} AND scheme_id = ${scheme} AND state <> 'ended'`));
  assert.equal(held, made);
  assert.equal(current, made);
  assert.ok(held <= cap, `${held} held of ${cap}`);
  if (set.status === 200) {
    assert.equal(cap, 1);
    assert.ok(made <= 1, `${made} made after the places went to 1`);
  } else {
    assert.equal(set.status, 409, JSON.stringify(set.body));
    assert.match(set.body.detail, /current pairing/);
    assert.equal(cap, 4);
  }
});

test('a student may not set places, on the page or through the API', async () => {
  const mentor = choices.mentors[0].id;
  assert.equal((await amara.get(pairingsPage())).status, 403);
  const token = await amara.csrf('/account/password');
  let r = await amara.post(placesPath(mentor), { _csrf: token, places: '9' });
  assert.equal(r.status, 403);
  r = await amara.request('PUT', `/api/v1${placesPath(mentor)}`, {
    body: JSON.stringify({ places: 9 }),
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token },
  });
  assert.equal(r.status, 403);
  assert.match(JSON.parse(r.text).detail, /coordinators/);
  assert.equal(capacity(mentor), '3', 'still as the coordinator set it');
});

test('the CLI sets places under the same rules', async () => {
  const mentor = choices.mentors[3].id;
  let r = tandem(['pairings', 'places', '--db', srv.db, '--scheme', String(scheme), '--mentor', String(mentor), '--places', '4']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^${mentor}\\t[^\\t]+\\t4 places\\t0 held\\n$`));
  assert.equal(capacity(mentor), '4');
  r = tandem(['pairings', 'places', '--db', srv.db, '--scheme', String(scheme), '--mentor', String(mentor), '--places', '51']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /from 0 to 50/);
  r = tandem(['pairings', 'places', '--db', srv.db, '--scheme', String(scheme), '--mentor', String(mentor), '--places', 'some']);
  assert.equal(r.code, 2);
  r = tandem(['pairings', 'places', '--db', srv.db, '--scheme', String(scheme), '--mentor', String(mentor)]);
  assert.equal(r.code, 2);
  r = tandem(['pairings', 'places', '--db', srv.db, '--scheme', '999999', '--mentor', String(mentor), '--places', '2']);
  assert.notEqual(r.code, 0);
  assert.equal(capacity(mentor), '4');
});

test('blocked pairs are listed on the matching page and unblocked there or through the API', async () => {
  const matchingPage = `/schemes/${cs}/matching`;
  let page = await coord.get(matchingPage);
  assert.match(page.text, /<h2 id="blocks-title">Blocked pairs<\/h2>/);
  assert.match(page.text, /No pairs are blocked/);
  // Two pairs of a draft removed (blocked) by the coordinator.
  const run = await api(srv, key, `/api/v1/schemes/${cs}/runs`, { method: 'POST' });
  assert.equal(run.status, 201);
  const draft = (await api(srv, key, `/api/v1/runs/${run.body.id}`)).body;
  assert.ok(draft.pairs.length >= 2);
  const [a, b] = draft.pairs;
  for (const p of [a, b]) {
    const r = await coord.submit(`/runs/${run.body.id}`, `/runs/${run.body.id}/pairs`, { act: `block:${p.signup_id}:${p.mentor_student_id}`, swap: '0' });
    assert.equal(r.status, 303, r.text.slice(0, 300));
  }
  page = await coord.get(matchingPage);
  assert.doesNotMatch(page.text, /No pairs are blocked/);
  const coordName = sql(srv, `SELECT name FROM users WHERE email = 'coordinator@demo.ac.uk'`);
  for (const p of [a, b]) {
    assert.match(page.text, new RegExp(`<tr><td>${html(p.mentee_name)}</td><td>${html(p.mentor_name)}</td><td>Removed from run ${run.body.id}&#39;s draft</td><td>${html(coordName)}</td><td>\\d{4}-\\d\\d-\\d\\d`));
  }
  assert.match(page.text, new RegExp(`>Unblock<span class="visually-hidden"> ${html(a.mentee_name)} and ${html(a.mentor_name)}</span>`));

  // Unblocked on the page.
  let r = await coord.submit(matchingPage, `/schemes/${cs}/matching/unblock`, { signup_id: String(a.signup_id), mentor_student_id: String(a.mentor_student_id) });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.equal(r.location, `${matchingPage}?unblocked=1`);
  page = await coord.get(r.location);
  assert.match(page.text, /The pair was unblocked: the next match run may pair them/);
  assert.doesNotMatch(page.text, new RegExp(`<td>${html(a.mentee_name)}</td><td>${html(a.mentor_name)}</td>`));
  r = await coord.submit(matchingPage, `/schemes/${cs}/matching/unblock`, { signup_id: String(a.signup_id), mentor_student_id: String(a.mentor_student_id) });
  assert.equal(r.status, 404);
  assert.match(r.text, /not blocked/);
  r = await coord.submit(matchingPage, `/schemes/${cs}/matching/unblock`, { signup_id: 'x' });
  assert.equal(r.status, 400);
  // A student may not.
  const token = await amara.csrf('/account/password');
  r = await amara.post(`/schemes/${cs}/matching/unblock`, { _csrf: token, signup_id: String(b.signup_id), mentor_student_id: String(b.mentor_student_id) });
  assert.equal(r.status, 403);
  assert.equal((await amara.request('GET', `/api/v1/schemes/${cs}/blocks`)).status, 403);

  // Listed and unblocked through the API.
  let list = await api(srv, readKey, `/api/v1/schemes/${cs}/blocks`);
  assert.equal(list.status, 200);
  assert.equal(list.body.items.length, 1);
  assert.equal(list.body.items[0].signup_id, b.signup_id);
  assert.equal(list.body.items[0].mentor_student_id, b.mentor_student_id);
  assert.equal(list.body.items[0].mentee_name, b.mentee_name);
  assert.equal(list.body.items[0].blocked_by, coordName);
  assert.ok(list.body.items[0].blocked_at > 0);
  const del = (k, q) => api(srv, k, `/api/v1/schemes/${cs}/blocks${q}`, { method: 'DELETE' });
  const q = `?mentee=${b.signup_id}&mentor=${b.mentor_student_id}`;
  assert.equal((await del(readKey, q)).status, 403);
  r = await del(key, '?mentee=1');
  assert.equal(r.status, 400);
  assert.deepEqual(r.body.errors.map((e) => e.field), ['mentor']);
  r = await del(key, q);
  assert.equal(r.status, 204);
  assert.equal(r.body, null);
  assert.equal((await del(key, q)).status, 404);
  list = await api(srv, readKey, `/api/v1/schemes/${cs}/blocks`);
  assert.deepEqual(list.body.items, []);
  assert.match((await coord.get(matchingPage)).text, /No pairs are blocked/);
  assert.equal(sql(srv, `SELECT COUNT(*) FROM audit_log WHERE action = 'matching.unblock'`), '2');
});
