// On PostgreSQL, a node survives a database restart: its connections are
// re-established and requests succeed again, with sessions intact. The
// test restarts a PostgreSQL server of its own, so that the other suites
// running at the same time on the shared one are not disturbed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, Client, PG, tandem } from '../lib/server.mjs';

test('a PostgreSQL restart does not take the node down', { skip: !PG && 'PostgreSQL only (make test runs it)' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-pg-restart-'));
  const base = execFileSync('scripts/pg.sh', ['start', dir], { encoding: 'utf8' }).trim();
  try {
    execFileSync('psql', [`${base}/postgres`, '-qc', 'CREATE DATABASE restart'], { stdio: 'pipe' });
    const db = `${base}/restart`;
    assert.equal(tandem(['demo', '--db', db]).code, 0);
    // Sessions kept a minute: a change seen within seconds was heard.
    const srv = await startServer({ demo: false, db, args: ['--threads', '2', '--session-cache', '60'] });
    try {
      const c = new Client(srv.url);
      await c.signIn('coordinator@demo.ac.uk');
      for (let i = 0; i < 8; i++) assert.equal((await c.get('/account')).status, 200);
      execFileSync('scripts/pg.sh', ['restart', dir], { stdio: 'pipe' });
      let status = 0;
      for (let i = 0; i < 50 && status !== 200; i++) {
        status = (await c.get('/account')).status;
        if (status !== 200) await sleep(100);
      }
      assert.equal(status, 200);
      // Every worker thread's connection comes back, not just one.
      const after = await Promise.all(Array.from({ length: 16 }, () => c.get('/account')));
      assert.deepEqual(after.map((r) => r.status), Array(16).fill(200));
      // The session cache's listener lost its connection too: it says so,
      // listens again, and a change made by hand is still heard.
      for (let i = 0; i < 50 && !/session_cache=on/.test(srv.log()); i++) await sleep(100);
      assert.match(srv.log(), /session_cache=off msg="lost the connection/);
      assert.match(srv.log(), /session_cache=on msg="listening again"/);
      for (let i = 0; i < 5; i++) assert.equal((await c.get('/account')).status, 200);
      execFileSync('psql', [db, '-qc', "UPDATE users SET active = 0 WHERE email = 'coordinator@demo.ac.uk'"], { stdio: 'pipe' });
      let afterOff = 0;
      for (let i = 0; i < 200 && afterOff !== 303; i++) {
        afterOff = (await c.get('/account')).status;
        if (afterOff !== 303) await sleep(20);
      }
      assert.equal(afterOff, 303, 'the account switched off by hand is heard');
    } finally {
      await srv.stop();
    }
  } finally {
    execFileSync('scripts/pg.sh', ['stop', dir], { stdio: 'pipe' });
  }
});
