// Bad and oversized requests get a clear 4xx, never a crash, a hang or a 500;
// every response carries the security headers; error pages leak nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, Client } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer({ args: ['--max-body', '65536'] }); });
after(async () => { await srv.stop(); });

// Send raw bytes and return what the server answers (until it closes or 5 s).
function raw(bytes) {
  const { hostname, port } = new URL(srv.url);
  return new Promise((resolve) => {
    const s = net.connect(Number(port), hostname);
    let out = '';
    s.on('data', (d) => { out += d; });
    s.on('error', () => resolve(out));
    s.on('close', () => resolve(out));
    s.setTimeout(5000, () => { s.destroy(); resolve(out); });
    s.end(bytes);
  });
}

test('every response carries the security headers', async () => {
  for (const path of ['/', '/signin', '/healthz', '/static/style.css', '/no/such/page']) {
    const r = await fetch(srv.url + path);
    assert.equal(r.headers.get('content-security-policy').split(';')[0], "default-src 'self'", path);
    assert.match(r.headers.get('content-security-policy'), /frame-ancestors 'none'/);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(r.headers.get('referrer-policy'), 'same-origin');
  }
});

test('healthz reports the database', async () => {
  const r = await fetch(srv.url + '/healthz');
  assert.equal(r.status, 200);
  const j = await r.json();
  assert.equal(j.status, 'ok');
  assert.equal(j.db, 'ok');
});

test('an unknown page is a 404 page that leaks nothing', async () => {
  const r = await fetch(srv.url + '/admin/../../etc/passwd');
  assert.equal(r.status, 404);
  const text = await r.text();
  assert.match(text, /Page not found – Tandem/);
  assert.doesNotMatch(text, /sqlite|\.c:|errno|stack/i);
  assert.equal((await fetch(srv.url + '/static/nothing.css')).status, 404);
  assert.equal((await fetch(srv.url + '/admin/users/99999999999999999999999', { redirect: 'manual' })).status, 303);
});

test('a method a page does not take is a 405', async () => {
  const r = await fetch(srv.url + '/healthz', { method: 'POST', body: 'x=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 405);
  const h = await fetch(srv.url + '/', { method: 'HEAD' });
  assert.equal(h.status, 200);
});

test('a body over the cap is refused with 413, announced or streamed', async () => {
  const c = new Client(srv.url);
  const token = await c.csrf('/signin');
  const big = 'a=' + 'x'.repeat(70000);
  const r = await c.post('/signin', { _csrf: token, email: 'x@y.ac.uk', password: big });
  assert.equal(r.status, 413);
  assert.match(r.text, /larger than Tandem accepts/);
  // Chunked, without a Content-Length: the cap still holds.
  const chunked = await raw(
    'POST /signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
    'Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n' +
    '10000\r\n' + 'y'.repeat(0x10000) + '\r\n10000\r\n' + 'y'.repeat(0x10000) + '\r\n0\r\n\r\n');
  assert.match(chunked, /^HTTP\/1\.1 413/);
});

test('a field over its cap, or badly encoded, is a 4xx with a message', async () => {
  const c = new Client(srv.url);
  const token = await c.csrf('/signin');
  const badEnc = await c.request('POST', '/signin', {
    body: `_csrf=${token}&email=%ZZ`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(badEnc.status, 400);
  assert.match(badEnc.text, /not valid text/);
  const nul = await c.request('POST', '/signin', {
    body: `_csrf=${token}&email=a%00b`,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(nul.status, 400);
});

test('an address over the cap is a 414; oversized headers are refused', async () => {
  const r = await fetch(srv.url + '/' + 'a'.repeat(5000));
  assert.equal(r.status, 414);
  const hdr = await raw(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'h'.repeat(40000)}\r\nConnection: close\r\n\r\n`);
  assert.match(hdr, /^HTTP\/1\.1 (413|414|431)/);
});

test('garbage on the socket never crashes the server', async () => {
  const junk = [
    'GARBAGE\r\n\r\n',
    'GET\r\n\r\n',
    'GET / HTTP/9.9\r\n\r\n',
    'POST /signin HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n',
    'POST /signin HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n',
    'GET /%00%ff%fe HTTP/1.1\r\nHost: x\r\nCookie: tandem_session=\u0000;;;=;\r\nConnection: close\r\n\r\n',
    'GET /?a=%zz&b=%00&' + 'c=1&'.repeat(500) + ' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    '\u0000\u0001\u0002\u0003'.repeat(100),
  ];
  for (const j of junk) {
    const out = await raw(j);
    // 505 is the protocol's own answer to an unknown HTTP version.
    if (out) assert.doesNotMatch(out, /^HTTP\/1\.[01] 5(?!05)/, JSON.stringify(j.slice(0, 40)));
  }
  const r = await fetch(srv.url + '/healthz');
  assert.equal(r.status, 200, 'still serving');
});

test('a forged or malformed session cookie is just "signed out"', async () => {
  for (const v of ['x', 'A'.repeat(43), '../../', '"quoted"', 'é'.repeat(50)]) {
    const r = await fetch(srv.url + '/account', { headers: { Cookie: `tandem_session=${encodeURIComponent(v)}` }, redirect: 'manual' });
    assert.equal(r.status, 303);
  }
});

test('many concurrent requests are all answered', async () => {
  const c = new Client(srv.url);
  await c.signIn('coordinator@demo.ac.uk');
  const results = await Promise.all(Array.from({ length: 200 }, () => c.get('/account')));
  assert.ok(results.every((r) => r.status === 200));
});
