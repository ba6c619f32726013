// API keys: made by an administrator (the admin page or tandem apikey),
// shown once and stored hashed; a read key cannot write; a revoked key is
// refused; calls with a key use no cookie and no CSRF.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, Client, tandem, PG } from '../lib/server.mjs';

let srv, admin;
before(async () => {
  srv = await startServer();
  admin = new Client(srv.url);
  await admin.signIn('admin@demo.ac.uk');
});
after(async () => { await srv.stop(); });

const KEY = /<code id="new-key">(tdm_[0-9a-f]{12}_[A-Za-z0-9_-]{43})<\/code>/;

async function makeKey(name, scope) {
  const r = await admin.submit('/admin/api-keys', '/admin/api-keys', { name, scope });
  assert.equal(r.status, 200);
  assert.match(r.text, /it will not be shown again/);
  return r.text.match(KEY)[1];
}

function call(key, method, path, body) {
  const headers = { Authorization: `Bearer ${key}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return fetch(srv.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

function sql(query) {
  if (PG) return execFileSync('psql', [srv.db, '-qAtc', query], { encoding: 'utf8' });
  return execFileSync('sqlite3', [srv.db, query], { encoding: 'utf8' });
}

test('an administrator makes a key that is shown once and stored only as a hash', async () => {
  const key = await makeKey('Record sync', 'write');
  const prefix = key.slice(4, 16);
  const list = await admin.get('/admin/api-keys');
  assert.equal(list.status, 200);
  assert.match(list.text, /Record sync/);
  assert.match(list.text, new RegExp(`tdm_${prefix}_`));
  assert.ok(!list.text.includes(key), 'the list shows only the prefix');
  assert.ok(!list.text.includes(key.slice(17)), 'no part of the secret is shown');
  const stored = sql(`SELECT key_hash FROM api_keys WHERE prefix = '${prefix}'`).trim();
  assert.match(stored, /^[0-9a-f]{64}$/);
  assert.ok(!sql('SELECT name, prefix, key_hash, scope FROM api_keys').includes(key.slice(17)));
  const audit = await admin.get('/admin/audit');
  assert.match(audit.text, /apikey.create/);
});

test('a bad key form keeps the name and says what is wrong', async () => {
  const r = await admin.submit('/admin/api-keys', '/admin/api-keys', { name: 'No scope' });
  assert.equal(r.status, 400);
  assert.match(r.text, /Choose whether the key may only read/);
  assert.match(r.text, /value="No scope"/);
});

test('a read key reads and cannot write; a write key writes; neither needs cookies or CSRF', async () => {
  const read = await makeKey('Dashboard', 'read');
  const write = await makeKey('Importer', 'write');
  const list = await call(read, 'GET', '/api/v1/faculties');
  assert.equal(list.status, 200);
  assert.ok(Array.isArray((await list.json()).items));
  const denied = await call(read, 'POST', '/api/v1/faculties', { code: 'KEYS', name: 'Keys' });
  assert.equal(denied.status, 403);
  assert.equal(denied.headers.get('content-type'), 'application/problem+json');
  const p = await denied.json();
  assert.equal(p.status, 403);
  assert.ok(p.type && p.title && p.detail);
  const made = await call(write, 'POST', '/api/v1/faculties', { code: 'KEYS', name: 'Keys' });
  assert.equal(made.status, 201);
});

test('a revoked key gets 401, and so do unknown and malformed keys', async () => {
  const key = await makeKey('Short-lived', 'read');
  assert.equal((await call(key, 'GET', '/api/v1/courses')).status, 200);
  const page = await admin.get('/admin/api-keys');
  const id = page.text.match(/action="\/admin\/api-keys\/(\d+)\/revoke" data-confirm="[^"]*"><input type="hidden" name="_csrf" value="[^"]*"><button type="submit" aria-label="Revoke Short-lived"/)[1];
  const token = await admin.csrf('/admin/api-keys');
  const r = await admin.post(`/admin/api-keys/${id}/revoke`, { _csrf: token });
  assert.equal(r.status, 303);
  assert.match((await admin.get('/admin/api-keys')).text, /Revoked/);
  for (const bad of [key, key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A'), 'tdm_000000000000_' + 'x'.repeat(43), 'nonsense']) {
    const res = await call(bad, 'GET', '/api/v1/courses');
    assert.equal(res.status, 401, bad);
    assert.equal(res.headers.get('www-authenticate'), 'Bearer');
    const p = await res.json();
    assert.equal(p.status, 401);
    assert.ok(p.type && p.title && p.detail);
  }
  const none = await fetch(srv.url + '/api/v1/courses');
  assert.equal(none.status, 401);
});

test('tandem apikey adds, lists and revokes keys', async () => {
  const add = tandem(['apikey', 'add', '--db', srv.db, '--name', 'Nightly export', '--scope', 'read']);
  assert.equal(add.code, 0, add.stderr);
  const key = add.stdout.match(/^key: (tdm_\S+)$/m)[1];
  const id = add.stdout.match(/^(\d+)\s/)[1];
  assert.equal((await call(key, 'GET', '/api/v1/faculties')).status, 200);
  const list = tandem(['apikey', 'list', '--db', srv.db]);
  assert.match(list.stdout, /Nightly export/);
  assert.ok(!list.stdout.includes(key));
  const bad = tandem(['apikey', 'add', '--db', srv.db, '--name', 'X', '--scope', 'admin']);
  assert.equal(bad.code, 2);
  const rev = tandem(['apikey', 'revoke', '--db', srv.db, id]);
  assert.equal(rev.code, 0, rev.stderr);
  assert.match(rev.stdout, /revoked/);
  assert.equal((await call(key, 'GET', '/api/v1/faculties')).status, 401);
});

test('only administrators see the API keys page', async () => {
  const c = new Client(srv.url);
  await c.signIn('coordinator@demo.ac.uk');
  assert.equal((await c.get('/admin/api-keys')).status, 403);
  assert.doesNotMatch((await c.get('/')).text, /href="\/admin\/api-keys"/);
  assert.match((await admin.get('/')).text, /href="\/admin\/api-keys"/);
});
