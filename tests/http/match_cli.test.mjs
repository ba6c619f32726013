// `tandem match` on the demo university: a run prints its summary (mentees
// waiting, mentors with places, matched, unmatched by reason, total and mean
// score, the worst pair, proven optimal, solve time, run id) and keeps a
// draft; --dry-run discards it; --publish makes its pairs pairings;
// --run ID --reproduce says "same", or the difference with exit 1 when a
// stored pair was changed; schemes whose mentees choose, unknown schemes,
// accounts that do not manage the scheme and bad command lines are refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, tandem, PG } from '../lib/server.mjs';

let srv;

function sql(query) {
  if (PG) return execFileSync('psql', [srv.db, '-qAtc', query], { encoding: 'utf8' }).trim();
  return execFileSync('sqlite3', [srv.db, query], { encoding: 'utf8' }).trim();
}
const one = (query) => Number(sql(query));
const schemeNamed = (name) => one(`SELECT id FROM schemes WHERE name = '${name}'`);
const match = (...args) => tandem(['match', '--db', srv.db, ...args]);

// The summary's figures, by label.
function summary(stdout) {
  const line = (label) => {
    const m = stdout.match(new RegExp(`^  ${label} +(.*)$`, 'm'));
    assert.ok(m, `the summary has "${label}":\n${stdout}`);
    return m[1];
  };
  return {
    run: Number(line('run id')),
    mentees: Number(line('mentees waiting')),
    mentors: Number(line('mentors with places')),
    matched: Number(line('matched')),
    unmatched: line('unmatched'),
    total: line('total score'),
    worst: line('worst pair'),
    optimal: line('optimal'),
    solve: line('solve time'),
  };
}

before(async () => {
  srv = await startServer();
});
after(async () => { await srv.stop(); });

test('a run prints its summary and keeps a draft that reproduces', () => {
  const scheme = schemeNamed('First-year peer mentoring');
  const r = match('--scheme', String(scheme));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^Run \\d+ of scheme ${scheme} \\(First-year peer mentoring\\): draft$`, 'm'));
  const s = summary(r.stdout);
  // The demo's 300 students: 30 first-years signed up, 10 mentors of whom
  // one is not trained.
  assert.equal(s.mentees, one(`SELECT COUNT(*) FROM mentee_signups WHERE scheme_id = ${scheme} AND state = 'active'`));
  assert.ok(s.mentees > 0 && s.mentors > 0 && s.matched > 0, r.stdout);
  assert.ok(s.matched <= s.mentees);
  const unmatched = Number(s.unmatched.match(/^\d+/)[0]);
  assert.equal(s.matched + unmatched, s.mentees, 'every mentee waiting is matched or unmatched');
  if (unmatched) {
    const reasons = [...s.unmatched.matchAll(/(\d+) [A-Z][^,]*/g)].map((m) => Number(m[1]));
    assert.equal(reasons.reduce((a, b) => a + b, 0), unmatched, `the reasons add up: ${s.unmatched}`);
  }
  const [, total, mean] = s.total.match(/^(\d+) \(mean (\d+\.\d)\)$/);
  assert.equal(Number(total), one(`SELECT SUM(score) FROM match_run_pairs WHERE run_id = ${s.run}`));
  assert.equal(mean, (Number(total) / s.matched).toFixed(1));
  const worst = one(`SELECT MIN(score) FROM match_run_pairs WHERE run_id = ${s.run}`);
  assert.match(s.worst, new RegExp(`^${worst}: .+ with .+$`));
  assert.match(s.optimal, /^(proven optimal over every pair|not proven)$/);
  assert.match(s.solve, /^\d+ ms$/);
  assert.match(r.stdout, new RegExp(`Draft kept: review and publish it at /runs/${s.run}\\.`));
  assert.equal(sql(`SELECT state FROM match_runs WHERE id = ${s.run}`), 'draft');
  assert.equal(one(`SELECT COUNT(*) FROM match_run_pairs WHERE run_id = ${s.run}`), s.matched);

  const again = match('--run', String(s.run), '--reproduce');
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout, 'same\n');
  // A stored pair changed by hand is found out.
  sql(`UPDATE match_run_pairs SET score = score + 1 WHERE run_id = ${s.run} AND signup_id = `
    + `(SELECT MIN(signup_id) FROM match_run_pairs WHERE run_id = ${s.run})`);
  const changed = match('--run', String(s.run), '--reproduce');
  assert.equal(changed.code, 1);
  assert.match(changed.stdout, new RegExp(`^different: solving run ${s.run}'s stored inputs again`));
});

test('--dry-run prints the summary and discards the draft', () => {
  const scheme = schemeNamed('First-year peer mentoring');
  const before_ = one('SELECT COUNT(*) FROM pairings');
  const r = match('--scheme', String(scheme), '--dry-run');
  assert.equal(r.code, 0, r.stderr);
  const s = summary(r.stdout);
  assert.match(r.stdout, new RegExp(`Dry run: run ${s.run} discarded, nothing published\\.`));
  assert.equal(sql(`SELECT state FROM match_runs WHERE id = ${s.run}`), 'discarded');
  assert.equal(one(`SELECT COUNT(*) FROM match_runs WHERE scheme_id = ${scheme} AND state = 'draft'`), 0,
    'the earlier draft was discarded by the new run');
  assert.equal(one('SELECT COUNT(*) FROM pairings'), before_);
});

test('--publish makes the draft\'s pairs pairings; the mentees then wait no more', () => {
  const scheme = schemeNamed('Computer Science peer mentoring');
  const r = match('--scheme', String(scheme), '--publish');
  assert.equal(r.code, 0, r.stderr);
  const s = summary(r.stdout);
  assert.ok(s.matched >= 1, r.stdout);
  assert.match(r.stdout, new RegExp(`^Published: ${s.matched} pairings? made\\.$`, 'm'));
  assert.equal(sql(`SELECT state FROM match_runs WHERE id = ${s.run}`), 'published');
  assert.equal(one(`SELECT COUNT(*) FROM pairings WHERE run_id = ${s.run} AND source = 'run' AND state <> 'ended'`), s.matched);
  // The same pairs as the draft's.
  assert.equal(sql(`SELECT COUNT(*) FROM match_run_pairs m JOIN pairings p ON p.signup_id = m.signup_id
    AND p.mentor_student_id = m.mentor_student_id AND p.run_id = m.run_id WHERE m.run_id = ${s.run}`), String(s.matched));
  const next = match('--scheme', String(scheme), '--dry-run');
  assert.equal(next.code, 0, next.stderr);
  assert.equal(summary(next.stdout).mentees, s.mentees - s.matched);
});

test('what cannot be run is refused with a reason', () => {
  const choose = match('--scheme', String(schemeNamed('International student mentoring')));
  assert.equal(choose.code, 2);
  assert.match(choose.stderr, /^tandem match: .*choose/);
  const none = match('--scheme', '9999');
  assert.equal(none.code, 2);
  assert.match(none.stderr, /there is no scheme 9999/);
  const student = match('--scheme', '1', '--as', 'student@demo.ac.uk');
  assert.equal(student.code, 2);
  assert.match(student.stderr, /does not manage the scheme/);
  const coordinator = match('--scheme', '1', '--as', 'coordinator@demo.ac.uk', '--dry-run');
  assert.equal(coordinator.code, 0, coordinator.stderr);
  for (const args of [[], ['--scheme', '1', '--dry-run', '--publish'], ['--run', '1'], ['--scheme', 'x'],
    ['--scheme', '1', '--reproduce'], ['--run', '1', '--reproduce', '--publish']]) {
    const bad = match(...args);
    assert.equal(bad.code, 2, args.join(' '));
    assert.match(bad.stderr, /tandem match/, args.join(' '));
  }
  const missing = match('--run', '9999', '--reproduce');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /there is no run 9999/);
  const help = tandem(['--help']);
  assert.match(help.stdout, /^  match +Run matching on a scheme and print the draft's summary$/m);
});
