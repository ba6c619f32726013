// Student-led schemes on the demo university: a student proposes, a
// coordinator approves (the scheme is created with the student as its
// lead, who may then manage it) or declines with a reason; a proposal is
// decided once, even when two decisions arrive together; students see only
// their own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

const as = async (email) => {
  const c = new Client(srv.url);
  assert.equal((await c.signIn(email)).status, 303);
  return c;
};

const GOOD = {
  name: 'Coding club buddies',
  purpose: 'Second years pair up with first years for weekly coding practice.\nWe meet in the lab on Wednesdays.',
  course_id: '', expected_mentors: '6', expected_mentees: '12', supporter_staff_id: '',
};

async function propose(c, fields = {}) {
  const r = await c.submit('/proposals/new', '/proposals/new', { ...GOOD, ...fields });
  assert.equal(r.status, 303, r.text.slice(0, 500));
  const m = r.location.match(/^\/proposals\/(\d+)\?sent=1$/);
  assert.ok(m, r.location);
  return Number(m[1]);
}

test('a student proposes: mistakes keep the input; the form offers courses and supporters', async () => {
  const c = await as('student@demo.ac.uk');
  const form = await c.get('/proposals/new');
  assert.equal(form.status, 200);
  assert.match(form.text, /<select id="course_id" name="course_id"/);
  assert.match(form.text, /selected>G400 – BSc Computer Science<\/option>/, 'their own course first');
  assert.match(form.text, /Dr Tomasz Nowak/, 'academic staff may be named as supporter');
  const noName = await c.submit('/proposals/new', '/proposals/new', { ...GOOD, name: '  ' });
  assert.equal(noName.status, 400);
  assert.match(noName.text, /href="#name">Enter a name for the scheme\./);
  assert.match(noName.text, /We meet in the lab on Wednesdays\./, 'the purpose is kept');
  const count = await c.submit('/proposals/new', '/proposals/new', { ...GOOD, expected_mentors: 'lots' });
  assert.equal(count.status, 400);
  assert.match(count.text, /href="#expected_mentors"/);
  assert.match(count.text, /value="lots"/);
  assert.match(count.text, /value="Coding club buddies"/);
  const course = await c.submit('/proposals/new', '/proposals/new', { ...GOOD, course_id: '99999' });
  assert.equal(course.status, 400);
  assert.match(course.text, /Choose a course\./);
  const staff = await as('coordinator@demo.ac.uk');
  assert.equal((await staff.get('/proposals/new')).status, 403, 'only students propose');
});

test('approval creates the scheme with the student as lead, who may then manage it', async () => {
  const student = await as('student@demo.ac.uk');
  const id = await propose(student, { name: 'CS study buddies', course_id: '1' });
  const mine = await student.get(`/proposals/${id}?sent=1`);
  assert.equal(mine.status, 200);
  assert.match(mine.text, /Your proposal has been sent/);
  assert.match(mine.text, /Waiting for a decision/);
  assert.doesNotMatch(mine.text, /\/approve"/, 'no decision form for the student');

  const coord = await as('coordinator@demo.ac.uk');
  const queue = await coord.get('/proposals');
  assert.equal(queue.status, 200);
  assert.match(queue.text, new RegExp(`href="/proposals/${id}">CS study buddies</a></td><td>Amara Okafor`));
  const approved = await coord.submit(`/proposals/${id}`, `/proposals/${id}/approve`, {});
  assert.equal(approved.status, 303);
  const page = await coord.get(approved.location);
  assert.match(page.text, /Approved/);
  const link = page.text.match(/href="\/schemes\/(\d+)">Finish setting up the scheme/);
  assert.ok(link, 'links to the new scheme');
  const schemeId = link[1];
  const scheme = await coord.get(`/schemes/${schemeId}`);
  assert.equal(scheme.status, 200);
  assert.match(scheme.text, /CS study buddies/);

  // The student, as its lead, may manage it; another student may not.
  const rules = await student.get(`/schemes/${schemeId}/rules`);
  assert.equal(rules.status, 200);
  const first = await as('first-year@demo.ac.uk');
  assert.equal((await first.get(`/schemes/${schemeId}/rules`)).status, 403);
  const after_ = await student.get(`/proposals/${id}`);
  assert.match(after_.text, new RegExp(`href="/schemes/${schemeId}">See your scheme`));

  // A second decision is refused with a clear message.
  const again = await coord.submit(`/proposals`, `/proposals/${id}/decline`, { reason: 'Changed my mind' });
  assert.equal(again.status, 409);
  assert.match(again.text, /This proposal has already been approved\./);
  const twice = await coord.submit(`/proposals`, `/proposals/${id}/approve`, {});
  assert.equal(twice.status, 409);

  const admin = await as('admin@demo.ac.uk');
  const outbox = await admin.get('/admin/outbox');
  assert.match(outbox.text, /Your proposal has been approved: CS study buddies/);
  const log = await admin.get('/admin/audit?action=proposal');
  assert.match(log.text, new RegExp(`proposal\\.approve</td><td>proposal:${id}</td><td>scheme:${schemeId}`));
  assert.match(log.text, new RegExp(`proposal\\.create</td><td>proposal:${id}`));
});

test('declining needs a reason, which the student reads', async () => {
  const student = await as('student@demo.ac.uk');
  const id = await propose(student, { name: 'Night owls' });
  const coord = await as('coordinator@demo.ac.uk');
  const empty = await coord.submit(`/proposals/${id}`, `/proposals/${id}/decline`, { reason: '   ' });
  assert.equal(empty.status, 400);
  assert.match(empty.text, /href="#reason">Give the student a reason for declining\./);
  const ok = await coord.submit(`/proposals/${id}`, `/proposals/${id}/decline`, {
    reason: 'The library already runs a late study group; please join forces with them.',
  });
  assert.equal(ok.status, 303);
  const list = await student.get('/proposals');
  assert.match(list.text, /Night owls<\/a>/);
  assert.match(list.text, /Declined<\/span><p>The library already runs a late study group/);
  const page = await student.get(`/proposals/${id}`);
  assert.match(page.text, /Why it was declined/);
  const admin = await as('admin@demo.ac.uk');
  const outbox = await admin.get('/admin/outbox');
  assert.match(outbox.text, /Your proposal has been declined: Night owls/);
  const log = await admin.get('/admin/audit?action=proposal.decline');
  assert.match(log.text, new RegExp(`proposal\\.decline</td><td>proposal:${id}</td><td>The library already`));
});

test('two decisions at once leave one result', async () => {
  const student = await as('student@demo.ac.uk');
  const coord = await as('coordinator@demo.ac.uk');
  const admin = await as('admin@demo.ac.uk');
  for (let round = 0; round < 3; round++) {
    const id = await propose(student, { name: `Race ${round}` });
    const t1 = await coord.csrf(`/proposals/${id}`);
    const t2 = await admin.csrf(`/proposals/${id}`);
    const [a, d] = await Promise.all([
      coord.post(`/proposals/${id}/approve`, { _csrf: t1 }),
      admin.post(`/proposals/${id}/decline`, { _csrf: t2, reason: 'Not this year' }),
    ]);
    const statuses = [a.status, d.status].sort();
    assert.deepEqual(statuses, [303, 409], `round ${round}: ${a.status} ${d.status}`);
    const page = await student.get(`/proposals/${id}`);
    const approved = /Approved/.test(page.text), declined = /Why it was declined/.test(page.text);
    assert.ok(approved !== declined, 'exactly one decision');
    assert.equal(approved, a.status === 303);
  }
});

test('students see only their own proposals; champions have no queue', async () => {
  const amara = await as('student@demo.ac.uk');
  const id = await propose(amara, { name: 'Private idea' });
  const joy = await as('first-year@demo.ac.uk');
  assert.equal((await joy.get(`/proposals/${id}`)).status, 403);
  const list = await joy.get('/proposals');
  assert.equal(list.status, 200);
  assert.doesNotMatch(list.text, /Private idea/);
  assert.match(list.text, /0 proposals/);
  const token = await joy.csrf('/proposals/new');
  assert.equal((await joy.post(`/proposals/${id}/approve`, { _csrf: token })).status, 403);
  const champion = await as('champion@demo.ac.uk');
  assert.equal((await champion.get('/proposals')).status, 403);
  assert.equal((await champion.get(`/proposals/${id}`)).status, 403);
  assert.equal((await amara.get('/proposals/99999')).status, 404);
});
