// The academic-year rollover on the demo university (2026/27): a dry run
// from the command line prints the plan and changes nothing; the page
// previews, then closes the year: every scheme closed, open applicants and
// mentees told by email, the published schemes copied into 2027/28 as
// drafts with their children (not their applications or sign-ups), the
// institution's year moved on; running it again copies nothing twice.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, Client, tandem, PG } from '../lib/server.mjs';

let srv;

function sql(query) {
  if (PG) return execFileSync('psql', [srv.db, '-qAtc', query], { encoding: 'utf8' }).trim();
  return execFileSync('sqlite3', [srv.db, query], { encoding: 'utf8' }).trim();
}
const one = (query) => Number(sql(query));

const as = async (email) => {
  const c = new Client(srv.url);
  assert.equal((await c.signIn(email)).status, 303);
  return c;
};

before(async () => {
  srv = await startServer();
  // Amara (already a mentor on scheme 1 in the demo) applies to be one on
  // scheme 4 (International student mentoring); Joy signs up on scheme 1
  // as a mentee.
  const amara = await as('student@demo.ac.uk');
  const applied = await amara.submit('/schemes/4/apply', '/schemes/4/apply', {
    q0: 'I found my first year hard and would like to help others through it.',
  });
  assert.equal(applied.status, 303, applied.text.slice(0, 400));
  const joy = await as('first-year@demo.ac.uk');
  const form = await joy.get('/schemes/1/signup');
  const topic = form.text.match(/name="topics"[^>]*value="([^"]+)"/);
  assert.ok(topic, 'the sign-up form offers topics');
  const signed = await joy.submit('/schemes/1/signup', '/schemes/1/signup', { topics: topic[1], mode: 'either' });
  assert.equal(signed.status, 303, signed.text.slice(0, 400));
  // Questions, a rubric and a material, straight into the store, so the
  // copy has every kind of child to carry.
  const now = Math.floor(Date.now() / 1000);
  sql(`INSERT INTO scheme_questions (scheme_id, position, prompt, kind, choices, required)
         VALUES (1, 1, 'Why mentor?', 'long', '', 1), (1, 2, 'Year', 'single', 'Second\nThird', 0);
       INSERT INTO scheme_rubric (scheme_id, position, criterion, max_score)
         VALUES (1, 1, 'Listening', 5), (1, 2, 'Knows when to refer', 5);
       INSERT INTO scheme_materials (scheme_id, title, filename, content_type, size_bytes, sha256,
                                     data_base64, uploaded_at)
         VALUES (1, 'Poster', 'poster.png', 'image/png', 3, 'abc', 'AAAA', ${now})`);
});
after(async () => { await srv.stop(); });

// Whom closing 2026/27 tells: open applications and active sign-ups there
// (ours, and whatever the demo made).
const open = () => ({
  apps: one("SELECT COUNT(*) FROM applications a JOIN schemes s ON s.id = a.scheme_id WHERE s.academic_year = '2026/27' AND s.status <> 'closed' AND a.state IN ('submitted', 'under_review', 'interview', 'offered')"),
  signups: one("SELECT COUNT(*) FROM mentee_signups m JOIN schemes s ON s.id = m.scheme_id WHERE s.academic_year = '2026/27' AND s.status <> 'closed' AND m.state = 'active'"),
});

const CHILDREN = ['scheme_courses', 'scheme_faculties', 'scheme_staff', 'scheme_rules', 'scheme_topics',
  'scheme_questions', 'scheme_rubric', 'scheme_materials'];

test('a dry run from the command line prints the plan and changes nothing', () => {
  const before_ = sql("SELECT COUNT(*) || ' ' || (SELECT COUNT(*) FROM outbox) || ' ' || "
    + "(SELECT COUNT(*) FROM schemes WHERE status = 'closed') FROM schemes");
  const r = tandem(['year', 'close', '--db', srv.db, '--from', '2026/27', '--to', '2027/28', '--dry-run']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Plan: close 2026\/27 into 2027\/28 \(dry run: nothing changed\)/);
  assert.match(r.stdout, /scheme 1  published  Computer Science peer mentoring\n      Will be closed and copied as a draft: 2027-09-21 to 2028-06-11/);
  assert.match(r.stdout, /scheme 5  draft      Final-year mentoring by alumni\n      Will be closed \(a draft: not copied\)/);
  const { apps, signups } = open();
  assert.ok(apps >= 1 && signups >= 1);
  assert.match(r.stdout, new RegExp(`Would do: 6 closed, 5 copied, 0 not copied again, ${apps + signups} notices \\(${apps} to applicants, ${signups} to mentees\\)`));
  assert.match(r.stdout, /Institution's academic year: 2026-09-21\.\.2027-06-11 would become 2027-09-21\.\.2028-06-11/);
  const after_ = sql("SELECT COUNT(*) || ' ' || (SELECT COUNT(*) FROM outbox) || ' ' || "
    + "(SELECT COUNT(*) FROM schemes WHERE status = 'closed') FROM schemes");
  assert.equal(after_, before_);
  assert.equal(sql('SELECT year_starts_on FROM institution'), '2026-09-21');
  const bad = tandem(['year', 'close', '--db', srv.db, '--from', '2026/27', '--to', '2028/29', '--dry-run']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /straight after/);
  const none = tandem(['year', 'close', '--db', srv.db, '--from', '2019/20', '--to', '2020/21']);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no schemes in that year/);
});

test('only coordinators and administrators close a year; a preview changes nothing', async () => {
  assert.equal((await (await as('student@demo.ac.uk')).get('/schemes/rollover')).status, 403);
  assert.equal((await (await as('champion@demo.ac.uk')).get('/schemes/rollover')).status, 403);
  const c = await as('coordinator@demo.ac.uk');
  const form = await c.get('/schemes/rollover');
  assert.equal(form.status, 200);
  assert.match(form.text, /id="from" name="from" type="text" value="2026\/27"/);
  assert.match(form.text, /id="to" name="to" type="text" value="2027\/28"/);
  const preview = await c.submit('/schemes/rollover', '/schemes/rollover', { from: '2026/27', to: '2027/28', action: 'preview' });
  assert.equal(preview.status, 200);
  assert.match(preview.text, /What closing 2026\/27 would do/);
  assert.match(preview.text, /5 schemes would be copied into 2027\/28 as drafts/);
  const { apps, signups } = open();
  assert.match(preview.text, new RegExp(`${apps + signups} emails would be sent: ${apps} to applicants whose application was still open, ${signups} to mentees`));
  assert.equal(one("SELECT COUNT(*) FROM schemes WHERE academic_year = '2027/28'"), 0);
  const bad = await c.submit('/schemes/rollover', '/schemes/rollover', { from: '2026/27', to: 'next', action: 'run' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /href="#to">Enter the next year as 2027\/28\./);
  assert.match(bad.text, /value="next"/);
});

test('closing the year closes, tells, copies with children and moves the year on', async () => {
  const counts = (id) => CHILDREN.map((t) => one(`SELECT COUNT(*) FROM ${t} WHERE scheme_id = ${id}`));
  const original = counts(1);
  const { apps, signups } = open();
  assert.ok(original.filter((n) => n > 0).length >= 7, `scheme 1 has children: ${original}`);
  const c = await as('coordinator@demo.ac.uk');
  const r = await c.submit('/schemes/rollover', '/schemes/rollover', { from: '2026/27', to: '2027/28', action: 'run' });
  assert.equal(r.status, 200);
  assert.match(r.text, /2026\/27 is closed and its schemes are copied into 2027\/28/);
  assert.match(r.text, /6 schemes were closed/);

  assert.equal(one("SELECT COUNT(*) FROM schemes WHERE academic_year = '2026/27' AND (status <> 'closed' OR applications_open <> 0 OR signups_open <> 0)"), 0);
  assert.equal(sql("SELECT copied_from || ' ' || status || ' ' || starts_on || ' ' || ends_on FROM schemes WHERE academic_year = '2027/28' ORDER BY copied_from"),
    ['1 draft 2027-09-21 2028-06-11', '2 draft 2027-07-01 2027-10-16', '3 draft 2027-09-21 2028-01-22',
      '4 draft 2027-09-21 2028-06-11', '6 draft 2027-09-21 2028-06-11'].join('\n'));
  const copy = one("SELECT id FROM schemes WHERE academic_year = '2027/28' AND copied_from = 1");
  assert.deepEqual(counts(copy), original);
  assert.equal(one(`SELECT COUNT(*) FROM applications WHERE scheme_id = ${copy}`), 0);
  assert.equal(one(`SELECT COUNT(*) FROM mentee_signups WHERE scheme_id = ${copy}`), 0);
  assert.ok(one(`SELECT COUNT(*) FROM applications WHERE scheme_id = 1`) >= 1, 'the history stays');
  assert.match(r.text, new RegExp(`href="/schemes/${copy}">2027/28, 2027-09-21 to 2028-06-11`));

  assert.equal(one("SELECT COUNT(*) FROM outbox WHERE subject LIKE '%year has closed'"), apps + signups);
  const notices = sql("SELECT to_addr || ': ' || subject FROM outbox WHERE subject LIKE '%year has closed' AND to_addr IN ('student@demo.ac.uk', 'first-year@demo.ac.uk') ORDER BY to_addr");
  assert.equal(notices, ['first-year@demo.ac.uk: Computer Science peer mentoring: the 2026/27 year has closed',
    'student@demo.ac.uk: International student mentoring: the 2026/27 year has closed'].join('\n'));
  assert.equal(sql('SELECT year_starts_on || \' \' || year_ends_on FROM institution'), '2027-09-21 2028-06-11');

  // The copy keeps its staff: the champion manages it, its rules read the same.
  const champion = await as('champion@demo.ac.uk');
  const rules = await champion.get(`/schemes/${copy}/rules`);
  assert.equal(rules.status, 200);
  assert.match(rules.text, /Mentors: enrolled students with at least one completed year of study with progression\./);
  const admin = await as('admin@demo.ac.uk');
  const log = await admin.get('/admin/audit?action=year.close');
  assert.match(log.text, new RegExp(`year\\.close</td><td>2026/27</td><td>closed 6, copied 5 into 2027/28, not copied again 0, notices ${apps + signups}, the institution&#39;s year moved on`));
});

test('running it again copies nothing twice and says which', async () => {
  const again = tandem(['year', 'close', '--db', srv.db, '--from', '2026/27', '--to', '2027/28']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /Done: 0 closed, 0 copied, 0 not copied again, 0 notices/);
  assert.match(again.stdout, /Already closed: left as it is/);
  assert.match(again.stdout, /Institution's academic year: not 2026\/27, left as it is/);
  // A scheme reopened by hand after the rollover is closed again, not copied twice.
  sql("UPDATE schemes SET status = 'published' WHERE id = 1");
  const c = await as('coordinator@demo.ac.uk');
  const r = await c.submit('/schemes/rollover', '/schemes/rollover', { from: '2026/27', to: '2027/28', action: 'run' });
  assert.equal(r.status, 200);
  assert.match(r.text, /1 scheme was closed/);
  assert.match(r.text, /0 schemes were copied/);
  assert.match(r.text, /1 scheme already has a copy in 2027\/28 and was not copied again/);
  assert.match(r.text, /Closed; not copied again \(the next year has its copy\)/);
  assert.equal(one("SELECT COUNT(*) FROM schemes WHERE copied_from = 1"), 1);
  assert.equal(one("SELECT COUNT(*) FROM schemes WHERE academic_year = '2027/28'"), 5);
});
