// SIGTERM lets a request in flight finish before the server stops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, DEMO_PASSWORD } from '../lib/server.mjs';

test('a sign-in in flight when SIGTERM arrives still gets its answer', async () => {
  const srv = await startServer();
  const c = new Client(srv.url);
  const token = await c.csrf('/signin');
  // Password hashing makes a sign-in the slowest request there is.
  const inFlight = c.post('/signin', { _csrf: token, email: 'admin@demo.ac.uk', password: DEMO_PASSWORD });
  await new Promise((r) => setTimeout(r, 20));
  srv.child.kill('SIGTERM');
  const r = await inFlight;
  assert.equal(r.status, 303);
  await srv.stop(); // exits 0, with no sanitizer report
  await assert.rejects(fetch(srv.url + '/healthz'));
});
