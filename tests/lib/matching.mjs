// Fixtures for the matching suites (pairings, mentee choice, match runs) on
// the demo university, whose schemes come with accepted, trained mentors
// (one in ten untrained) and signed-up mentees (src/domain/demo_matching.c).
// Other suites import this file: keep its exports and what they return
// stable, and add rather than change.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { PG, tandem, Client } from './server.mjs';

// The demo's schemes of issue 8, by name.
export const SCHEMES = {
  cs: 'Computer Science peer mentoring',
  firstYear: 'First-year peer mentoring',
  international: 'International student mentoring',
  pal: 'PAL: Programming Fundamentals',
};

// Run SQL against srv's database; the result's rows as text, one a line,
// columns separated by '|'.
export function sql(srv, query) {
  if (PG) return execFileSync('psql', [srv.db, '-qAtc', query], { encoding: 'utf8' }).trim();
  return execFileSync('sqlite3', [srv.db, query], { encoding: 'utf8' }).trim();
}

// The id of the scheme called name, from the catalogue.
export async function schemeId(srv, name) {
  const r = await new Client(srv.url).get('/schemes');
  const m = r.text.match(new RegExp(`href="/schemes/(\\d+)">${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}<`));
  assert.ok(m, `the catalogue lists ${name}`);
  return Number(m[1]);
}

// A new API key of scope 'read' or 'write'.
export function apiKey(srv, scope = 'write') {
  const r = tandem(['apikey', 'add', '--db', srv.db, '--name', `matching ${scope} ${Date.now()}`, '--scope', scope]);
  return r.stdout.match(/^key: (\S+)$/m)[1];
}

// Call the JSON API with a key; { status, body }.
export async function api(srv, key, path, { method = 'GET', body } = {}) {
  const res = await fetch(srv.url + path, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

// A client signed in as email (the demo's password by default).
export async function signedIn(srv, email, password) {
  const c = new Client(srv.url);
  const r = await c.signIn(email, password);
  assert.equal(r.status, 303, `${email} signs in`);
  return c;
}

function options(html, name) {
  const select = html.match(new RegExp(`<select[^>]*name="${name}"[\\s\\S]*?</select>`));
  if (!select) return [];
  return [...select[0].matchAll(/<option value="(\d+)"[^>]*>([^<]*)<\/option>/g)]
    .map((m) => ({ id: Number(m[1]), label: m[2] }));
}

// The hand assignment's choosers on /schemes/{id}/pairings, as a manager
// sees them: the mentees waiting ({ id: sign-up id, label }) and the
// accepted mentors ({ id: student id, label with places left }).
export async function assignChoices(client, scheme) {
  const r = await client.get(`/schemes/${scheme}/pairings`);
  assert.equal(r.status, 200);
  return { mentees: options(r.text, 'signup'), mentors: options(r.text, 'mentor') };
}

// What assigning signup to mentor would do: { allowed, score, message }
// (message: the explanation, or the rule that forbids the pair).
export async function preview(client, scheme, signup, mentor) {
  const r = await client.get(`/schemes/${scheme}/pairings?signup=${signup}&mentor=${mentor}`);
  assert.equal(r.status, 200);
  const ok = r.text.match(/<h3>Score (\d+) of 1000<\/h3><p>([^<]*)<\/p>/);
  if (ok) return { allowed: true, score: Number(ok[1]), message: ok[2] };
  const no = r.text.match(/<h3>This pair is not allowed<\/h3><p>([^<]*)<\/p>/);
  assert.ok(no, 'the preview shows a score or a rule');
  return { allowed: false, score: -1, message: no[1] };
}

// The account email of a sign-up's mentee, and of a mentor's student record.
export function menteeEmail(srv, signupId) {
  return sql(srv, `SELECT u.email FROM mentee_signups s JOIN users u ON u.id = s.user_id WHERE s.id = ${signupId}`);
}
export function mentorEmail(srv, studentId) {
  return sql(srv, `SELECT u.email FROM students s JOIN users u ON u.id = s.user_id WHERE s.id = ${studentId}`);
}
