// An idle session ends: a server with a one-second idle limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, Client } from '../lib/server.mjs';

test('a session idle past its limit is over, and the visitor is sent to sign in', async () => {
  const srv = await startServer({ args: ['--session-idle', '1'] });
  try {
    const c = new Client(srv.url);
    await c.signIn('student@demo.ac.uk');
    assert.equal((await c.get('/account')).status, 200);
    await sleep(2500);
    const r = await c.get('/account');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/signin?next=%2Faccount');
    assert.ok(!c.cookies.has('tandem_session'), 'the stale cookie is cleared');
  } finally {
    await srv.stop();
  }
});
