// On PostgreSQL, a node survives a database restart: its connections are
// re-established and requests succeed again, with sessions intact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, Client, PG } from '../lib/server.mjs';

const dir = process.env.TANDEM_TEST_PG_DIR;

test('a PostgreSQL restart does not take the node down', { skip: !(PG && dir) && 'PostgreSQL only (make test runs it)' }, async () => {
  const srv = await startServer({ args: ['--threads', '2'] });
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
  } finally {
    await srv.stop();
  }
});
