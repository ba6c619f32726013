// tandem demo: the demo university and its sign-ins, as `make run` uses it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tandem, freshDatabase, startServer, Client } from '../lib/server.mjs';

const dir = mkdtempSync(join(tmpdir(), 'tandem-demo-'));
const db = freshDatabase(dir);
after(() => rmSync(dir, { recursive: true, force: true }));

const SIGN_INS = [
  ['admin@demo.ac.uk', 'Administrator', 'Alex Morgan'],
  ['coordinator@demo.ac.uk', 'Coordinator', 'Priya Raman'],
  ['champion@demo.ac.uk', 'Academic champion', 'Dr Tomasz Nowak'],
  ['student@demo.ac.uk', 'Student', 'Amara Okafor'],
  ['first-year@demo.ac.uk', 'Student', 'Jiayi Chen'],
];

test('demo --students 1000 --seed 7 builds the university and prints the sign-ins', () => {
  const r = tandem(['demo', '--db', db, '--students', '1000', '--seed', '7']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /5 accounts created/);
  assert.match(r.stdout, /students\s+1002\s+\(1002 created, 0 updated, 0 unchanged\)/);
  assert.match(r.stdout, /faculties\s+10\s/);
  assert.match(r.stdout, /password "mentoring-demo"/);
  for (const [email, role, name] of SIGN_INS) {
    assert.match(r.stdout, new RegExp(`${email.replace(/\./g, '\\.')}\\s+${role}\\s+${name}`), email);
  }
  assert.match(r.stdout, /second year/);
  assert.match(r.stdout, /first year/);
});

test('running it again with the same size and seed changes nothing', () => {
  const r = tandem(['demo', '--db', db, '--students', '1000', '--seed', '7']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /0 accounts created/);
  for (const what of ['faculties', 'courses', 'staff', 'students']) {
    assert.match(r.stdout, new RegExp(`${what}\\s+\\d+\\s+\\(0 created, 0 updated, \\d+ unchanged\\)`), what);
  }
});

test('a bad --students or --seed is a usage error', () => {
  for (const args of [['--students', '0'], ['--students', 'many'], ['--seed', '-1'], ['--students', '99999999']]) {
    const r = tandem(['demo', '--db', db, ...args]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /must be a whole number/);
  }
  assert.match(tandem(['demo', '--help']).stdout, /--students VALUE[\s\S]*--seed VALUE/);
});

test('the first-year and second-year students, the champion and the coordinator can sign in', async () => {
  const srv = await startServer({ demo: false, db });
  try {
    for (const [email, , name] of SIGN_INS) {
      const c = new Client(srv.url);
      const r = await c.signIn(email);
      assert.equal(r.status, 303, email);
      const me = JSON.parse((await c.get('/api/v1/me')).text);
      assert.equal(me.email, email);
      assert.equal(me.name, name);
    }
    // The students' accounts find their student records (by email).
    for (const [email, year, completed] of [['student@demo.ac.uk', 2, 1], ['first-year@demo.ac.uk', 1, 0]]) {
      const c = new Client(srv.url);
      await c.signIn(email);
      const data = await c.get('/profile/data.json');
      assert.equal(data.status, 200, email);
      const record = JSON.parse(data.text).student_record;
      assert.equal(record.year_of_study, year, email);
      assert.equal(record.course_code, 'G400', email);
      assert.equal((record.completed_years || []).length, completed, email);
    }
  } finally {
    await srv.stop();
  }
});
