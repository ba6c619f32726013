// Eligibility on the demo university: a scheme's rules page (only the
// people who run the scheme; values checked; the input kept on a mistake;
// saved in one go and audited) and a student's own "Can I be a mentor /
// a mentee here?".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, tandem } from '../lib/server.mjs';

let srv;
before(async () => {
  srv = await startServer();
  const env = { ...process.env, TANDEM_PASSWORD: 'other-champion-1' };
  assert.equal(tandem(['user', 'add', '--db', srv.db, '--role', 'champion', '--name', 'Dr Other', 'other@demo.ac.uk'], { env }).code, 0);
  const env2 = { ...process.env, TANDEM_PASSWORD: 'no-record-student-1' };
  assert.equal(tandem(['user', 'add', '--db', srv.db, '--role', 'student', '--name', 'New Arrival', 'new.arrival@demo.ac.uk'], { env: env2 }).code, 0);
});
after(async () => { await srv.stop(); });

const as = async (email, password) => {
  const c = new Client(srv.url);
  const r = await c.signIn(email, password);
  assert.equal(r.status, 303, `signed in as ${email}`);
  return c;
};

// Scheme 1 of the demo: Computer Science peer mentoring, run by the
// coordinator and Dr Nowak (champion@).
test('only the people who run a scheme may see and change its rules', async () => {
  const student = await as('student@demo.ac.uk');
  assert.equal((await student.get('/schemes/1/rules')).status, 403);
  const other = await as('other@demo.ac.uk', 'other-champion-1');
  assert.equal((await other.get('/schemes/1/rules')).status, 403);
  const token = await (await as('champion@demo.ac.uk')).csrf('/schemes/1/rules');
  assert.ok(token);
  // A POST from someone who may not is refused too, with nothing saved.
  const otherToken = await other.csrf('/account');
  const post = await other.post('/schemes/1/rules', { _csrf: otherToken, mentor_min_years: '0' });
  assert.equal(post.status, 403);
  const champion = await as('champion@demo.ac.uk');
  const page = await champion.get('/schemes/1/rules');
  assert.equal(page.status, 200);
  assert.match(page.text, /Mentors: enrolled students with at least one completed year of study with progression\./);
  assert.match(page.text, /id="mentor_min_years"[^>]*value="1"/);
  assert.match(page.text, /id="mentor_status-enrolled" value="enrolled" checked/);
  assert.equal((await champion.get('/schemes/999/rules')).status, 404);
});

test('a bad value keeps every input and names the field; nothing is saved', async () => {
  const c = await as('coordinator@demo.ac.uk');
  const bad = await c.submit('/schemes/1/rules', '/schemes/1/rules', {
    mentor_min_years: '9', mentor_year_of_study: '2 3', mentor_status: ['enrolled', 'graduated'],
    mentee_home_country: 'cn in', mentee_served: '1',
  });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /There is a problem/);
  assert.match(bad.text, /href="#mentor_min_years">Enter a number of completed years from 0 to 8\./);
  assert.match(bad.text, /id="mentor_min_years"[^>]*value="9"/);
  assert.match(bad.text, /id="mentor_year_of_study"[^>]*value="2 3"/);
  assert.match(bad.text, /id="mentor_status-graduated" value="graduated" checked/);
  assert.match(bad.text, /id="mentee_home_country"[^>]*value="cn in"/);
  assert.match(bad.text, /id="mentee_served" value="1" checked/);
  const country = await c.submit('/schemes/1/rules', '/schemes/1/rules', { mentee_home_country: 'UK' });
  assert.equal(country.status, 400);
  assert.match(country.text, /two-letter ISO codes/);
  const still = await c.get('/schemes/1/rules');
  assert.match(still.text, /Mentors: enrolled students with at least one completed year/);
});

test('saved rules replace the old ones, read as a sentence, and are audited', async () => {
  const c = await as('champion@demo.ac.uk');
  const good = await c.submit('/schemes/1/rules', '/schemes/1/rules', {
    mentor_min_years: '2', mentor_status: 'enrolled', mentor_year_of_study: '3, 4',
    mentee_status: ['enrolled', 'incoming'], mentee_home_country: 'cn in', mentee_served: '1',
  });
  assert.equal(good.status, 303);
  assert.equal(good.location, '/schemes/1/rules?saved=1');
  const page = await c.get(good.location);
  assert.match(page.text, /The rules have been saved/);
  assert.match(page.text, /Mentors: enrolled students with at least two completed years of study with progression and in year 3 or 4 of study\./);
  assert.match(page.text, /Mentees: enrolled or incoming students whose home country is CN or IN and on Foundation Year/);
  assert.match(page.text, /id="mentee_home_country"[^>]*value="CN IN"/);
  // Amara (2nd year, one progressed year, from GB) is now told why not.
  const student = await as('student@demo.ac.uk');
  const mine = await student.get('/schemes/1/eligibility');
  assert.match(mine.text, /Not eligible: needs two completed years of study with progression; you have 1\. This scheme is for students in year 3 or 4 of study; you are in year 2\./);
  const admin = await as('admin@demo.ac.uk');
  const log = await admin.get('/admin/audit?action=scheme.rules');
  assert.match(log.text, /scheme\.rules<\/td><td>scheme:1<\/td><td>mentor min_years=2/);
  // Back to the demo's rules for the other tests.
  const back = await c.submit('/schemes/1/rules', '/schemes/1/rules', {
    mentor_min_years: '1', mentor_status: 'enrolled', mentee_status: 'enrolled', mentee_served: '1',
  });
  assert.equal(back.status, 303);
});

test('a student reads whether they can be a mentor or a mentee, and why', async () => {
  const second = await as('student@demo.ac.uk');
  const a = await second.get('/schemes/1/eligibility');
  assert.equal(a.status, 200);
  assert.match(a.text, /Can I be a mentor here\?<\/h2>\n<p><strong>Eligible: you have 1 completed year of study with progression and are enrolled\.<\/strong>/);
  assert.match(a.text, /Can I be a mentee here\?<\/h2>\n<p><strong>Eligible: you are enrolled on BSc Computer Science\.<\/strong>/);
  const first = await as('first-year@demo.ac.uk');
  const b = await first.get('/schemes/1/eligibility');
  assert.match(b.text, /Not eligible: needs one completed year of study with progression; you have none\./);
  // International student mentoring: mentees need international fee status.
  const c = await second.get('/schemes/4/eligibility');
  assert.match(c.text, /Not eligible: this scheme is for students with international fee status; yours is home\./);
  const d = await first.get('/schemes/4/eligibility');
  assert.match(d.text, /Can I be a mentee here\?<\/h2>\n<p><strong>Eligible: you are enrolled and have international fee status\./);
  // A draft is not there for students; staff do not have a record to check.
  assert.equal((await second.get('/schemes/5/eligibility')).status, 404);
  assert.equal((await (await as('coordinator@demo.ac.uk')).get('/schemes/1/eligibility')).status, 403);
});

test('a student without a record is told so, not shown an error', async () => {
  const c = await as('new.arrival@demo.ac.uk', 'no-record-student-1');
  const r = await c.get('/schemes/1/eligibility');
  assert.equal(r.status, 200);
  assert.match(r.text, /there is no student record for your account/);
});
