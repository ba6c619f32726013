// tandem copy moves a whole installation into an empty database (on
// PostgreSQL when TANDEM_TEST_PG is set), verified; the copy then serves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, Client, tandem, freshDatabase } from '../lib/server.mjs';

test('a used installation is copied, verified, and works on the other database', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-copy-'));
  const source = join(dir, 'source.db');
  try {
    assert.equal(tandem(['demo', '--db', source]).code, 0);
    // Use it: sessions, failed sign-ins, a reset mail, an audit trail.
    const srv = await startServer({ demo: false, db: source });
    const coord = new Client(srv.url);
    await coord.signIn('coordinator@demo.ac.uk');
    await new Client(srv.url).signIn('student@demo.ac.uk', 'wrong password');
    const anon = new Client(srv.url);
    await anon.submit('/password/forgot', '/password/forgot', { email: 'champion@demo.ac.uk' });
    await srv.stop();

    const target = freshDatabase(dir);
    const r = tandem(['copy', '--from', `sqlite:${source}`, '--to', target]);
    assert.equal(r.code, 0, r.stderr);
    for (const table of ['users', 'sessions', 'login_failures', 'password_resets', 'outbox', 'audit_log']) {
      assert.match(r.stdout, new RegExp(`^${table}\\s+\\d+ rows\\s+checksum [0-9a-f]{16}\\s+verified$`, 'm'), table);
    }
    // The five demo accounts and those of the demo's mentors and mentees.
    const users = Number(r.stdout.match(/^users\s+(\d+) rows/m)[1]);
    assert.ok(users > 5, `users: ${users}`);
    assert.match(r.stdout, /^outbox\s+1 rows/m);

    // Copying again into the same target is refused, and changes nothing.
    const again = tandem(['copy', '--from', `sqlite:${source}`, '--to', target]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, new RegExp(`already holds data \\(${users} rows in users\\)`));

    // The copy serves: the old session still works, new rows get new ids.
    const copy = await startServer({ demo: false, db: target });
    try {
      const moved = new Client(copy.url);
      moved.cookies = new Map(coord.cookies);
      assert.equal((await moved.get('/account')).status, 200);
      const admin = new Client(copy.url);
      await admin.signIn('admin@demo.ac.uk');
      const add = await admin.submit('/admin/users/new', '/admin/users/new',
        { name: 'After Copy', email: 'after.copy@demo.ac.uk', password: 'a long password', roles: 'student' });
      assert.equal(add.status, 303);
      assert.match(add.location, new RegExp(`/admin/users/${users + 1}\\?`));
      const outbox = await admin.get('/admin/outbox');
      assert.match(outbox.text, /champion@demo\.ac\.uk/);
    } finally {
      await copy.stop();
    }
    // And back again, into a new SQLite file: the same checksums.
    const back = tandem(['copy', '--from', target, '--to', join(dir, 'back.db')]);
    assert.equal(back.code, 0, back.stderr);
    const sums = (out) => out.split('\n').filter((l) => /checksum/.test(l) && !/^users|^audit_log|^sessions|^login_failures/.test(l));
    assert.deepEqual(sums(back.stdout), sums(r.stdout));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
