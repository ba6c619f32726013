// Sign-in, sessions, CSRF, roles and password reset, against a real server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, DEMO_PASSWORD } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

test('a coordinator signs in and sees their name; the cookie is HttpOnly and SameSite', async () => {
  const c = new Client(srv.url);
  const r = await c.signIn('coordinator@demo.ac.uk');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/');
  const cookie = r.headers.getSetCookie().find((s) => s.startsWith('tandem_session='));
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  const home = await c.get('/');
  assert.equal(home.status, 200);
  assert.match(home.text, /Welcome, Priya Raman/);
  assert.match(home.text, /<title>Home – Tandem<\/title>/);
  assert.doesNotMatch(home.text, /href="\/admin\/users"/, 'a coordinator has no admin menu');
});

test('a wrong password and an unknown account get the same answer, which keeps the email', async () => {
  const c = new Client(srv.url);
  const token = await c.csrf('/signin');
  const wrong = await c.post('/signin', { _csrf: token, email: 'student@demo.ac.uk', password: 'not the password' });
  const unknown = await c.post('/signin', { _csrf: token, email: 'nobody@demo.ac.uk', password: 'not the password' });
  assert.equal(wrong.status, 401);
  assert.equal(unknown.status, 401);
  const msg = (t) => t.match(/<div class="error-summary"[\s\S]*?<\/div>/)[0];
  assert.equal(msg(wrong.text), msg(unknown.text));
  assert.match(wrong.text, /value="student@demo.ac.uk"/);
  assert.ok(!c.cookies.has('tandem_session'));
});

test('an empty sign-in form says what is missing', async () => {
  const c = new Client(srv.url);
  const r = await c.submit('/signin', '/signin', { email: '', password: '' });
  assert.equal(r.status, 400);
  assert.match(r.text, /Enter your email address/);
});

test('a form without the CSRF token, or from another origin, is refused', async () => {
  const c = new Client(srv.url);
  await c.get('/signin');
  const none = await c.post('/signin', { email: 'admin@demo.ac.uk', password: DEMO_PASSWORD });
  assert.equal(none.status, 403);
  assert.match(none.text, /expired or was sent from another site/);
  const token = await c.csrf('/signin');
  const foreign = await c.post('/signin', { _csrf: token, email: 'admin@demo.ac.uk', password: DEMO_PASSWORD },
    { headers: { Origin: 'https://evil.example' } });
  assert.equal(foreign.status, 403);
  // Signed in, the session's own token is required.
  await c.signIn('admin@demo.ac.uk');
  const forged = await c.post('/admin/users/new', { _csrf: 'A'.repeat(43), name: 'X', email: 'x@y.ac.uk', password: 'long enough pw' });
  assert.equal(forged.status, 403);
});

test('roles are enforced before the page runs', async () => {
  const anon = new Client(srv.url);
  const r = await anon.get('/admin/users');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/signin?next=%2Fadmin%2Fusers');
  const api = await anon.get('/api/v1/me');
  assert.equal(api.status, 401);
  assert.equal(api.headers.get('content-type'), 'application/problem+json');
  assert.equal(JSON.parse(api.text).status, 401);

  const student = new Client(srv.url);
  await student.signIn('student@demo.ac.uk');
  for (const path of ['/admin/users', '/admin/audit', '/admin/outbox', '/admin/users/1']) {
    const denied = await student.get(path);
    assert.equal(denied.status, 403, path);
    assert.match(denied.text, /Not allowed/);
  }
  const me = JSON.parse((await student.get('/api/v1/me')).text);
  assert.deepEqual(me.roles, ['student']);
  assert.equal(me.email, 'student@demo.ac.uk');
});

test('sign-in goes back to the page asked for, but never to another site', async () => {
  const c = new Client(srv.url);
  const token = await c.csrf('/signin?next=/account');
  const r = await c.post('/signin', { _csrf: token, email: 'champion@demo.ac.uk', password: DEMO_PASSWORD, next: '/account' });
  assert.equal(r.location, '/account');
  const d = new Client(srv.url);
  const t2 = await d.csrf('/signin');
  const evil = await d.post('/signin', { _csrf: t2, email: 'champion@demo.ac.uk', password: DEMO_PASSWORD, next: '//evil.example/x' });
  assert.equal(evil.location, '/');
});

test('signing out ends the session on the server', async () => {
  const c = new Client(srv.url);
  await c.signIn('champion@demo.ac.uk');
  const stolen = c.cookies.get('tandem_session');
  const token = await c.csrf('/account');
  const out = await c.post('/signout', { _csrf: token });
  assert.equal(out.status, 303);
  const thief = new Client(srv.url);
  thief.cookies.set('tandem_session', stolen);
  assert.equal((await thief.get('/account')).status, 303);
});

test('an admin adds an account, gives it roles, and the audit log records it', async () => {
  const admin = new Client(srv.url);
  await admin.signIn('admin@demo.ac.uk');
  const bad = await admin.submit('/admin/users/new', '/admin/users/new',
    { name: 'Sam <b>Lee</b>', email: 'not-an-email', password: 'a long password', roles: 'student' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /Enter an email address like/);
  assert.match(bad.text, /value="Sam &lt;b&gt;Lee&lt;\/b&gt;"/, 'input kept, escaped');
  const ok = await admin.submit('/admin/users/new', '/admin/users/new',
    { name: 'Sam Lee', email: 'Sam.Lee@Demo.ac.uk', password: 'a long password', roles: ['student', 'champion'] });
  assert.equal(ok.status, 303);
  const page = await admin.get(ok.location);
  assert.match(page.text, /The account has been added/);
  assert.match(page.text, /sam.lee@demo.ac.uk/);
  const dup = await admin.submit('/admin/users/new', '/admin/users/new',
    { name: 'Sam Again', email: 'sam.lee@demo.ac.uk', password: 'a long password', roles: 'student' });
  assert.equal(dup.status, 409);
  assert.match(dup.text, /already an account/);

  const id = ok.location.match(/\/admin\/users\/(\d+)/)[1];
  const roles = await admin.submit(`/admin/users/${id}`, `/admin/users/${id}/roles`, { roles: 'coordinator' });
  assert.equal(roles.status, 200);
  assert.match(roles.text, /Roles saved/);
  const sam = new Client(srv.url);
  await sam.signIn('sam.lee@demo.ac.uk', 'a long password');
  assert.deepEqual(JSON.parse((await sam.get('/api/v1/me')).text).roles, ['coordinator']);

  const audit = await admin.get('/admin/audit?action=role');
  assert.match(audit.text, /role\.grant/);
  assert.match(audit.text, /role\.revoke/);
  assert.match(audit.text, /sam\.lee@demo\.ac\.uk/);
  const signins = await admin.get('/admin/audit?action=signin');
  assert.match(signins.text, /signin\.failed/);
});

test('the only administrator cannot remove their own admin role', async () => {
  const admin = new Client(srv.url);
  await admin.signIn('admin@demo.ac.uk');
  const r = await admin.submit('/admin/users/1', '/admin/users/1/roles', { roles: 'student' });
  assert.equal(r.status, 409);
  assert.match(r.text, /only active administrator/);
});

test('a deactivated account is signed out everywhere and cannot sign in', async () => {
  const admin = new Client(srv.url);
  await admin.signIn('admin@demo.ac.uk');
  await admin.submit('/admin/users/new', '/admin/users/new',
    { name: 'Leaver', email: 'leaver@demo.ac.uk', password: 'leaving password', roles: 'student' });
  const leaver = new Client(srv.url);
  await leaver.signIn('leaver@demo.ac.uk', 'leaving password');
  const list = await admin.get('/admin/users');
  const id = list.text.match(/href="\/admin\/users\/(\d+)">Leaver</)[1];
  const r = await admin.submit(`/admin/users/${id}`, `/admin/users/${id}/active`, { active: '0' });
  assert.match(r.text, /has been deactivated/);
  assert.equal((await leaver.get('/account')).status, 303);
  assert.equal((await new Client(srv.url).signIn('leaver@demo.ac.uk', 'leaving password')).status, 401);
});

test('password reset, end to end through the outbox', async () => {
  const anon = new Client(srv.url);
  const sent = await anon.submit('/password/forgot', '/password/forgot', { email: 'student@demo.ac.uk' });
  assert.equal(sent.status, 200);
  assert.match(sent.text, /Check your email/);
  // The same answer for an address with no account.
  const none = await anon.submit('/password/forgot', '/password/forgot', { email: 'ghost@demo.ac.uk' });
  assert.match(none.text, /Check your email/);

  const admin = new Client(srv.url);
  await admin.signIn('admin@demo.ac.uk');
  const outbox = await admin.get('/admin/outbox?to=student%40demo.ac.uk');
  const link = outbox.text.match(/http:\/\/[^\s<]+\/password\/reset\?token=([A-Za-z0-9_-]{43})/);
  assert.ok(link, 'the reset mail is in the outbox');
  const token = link[1];

  const form = await anon.get(`/password/reset?token=${token}`);
  assert.equal(form.status, 200);
  assert.match(form.text, /Choose a new password/);
  const mismatch = await anon.submit(`/password/reset?token=${token}`, '/password/reset',
    { token, new_password: 'brand new secret', confirm_password: 'something else' });
  assert.equal(mismatch.status, 400);
  assert.match(mismatch.text, /not the same/);
  const done = await anon.submit(`/password/reset?token=${token}`, '/password/reset',
    { token, new_password: 'brand new secret', confirm_password: 'brand new secret' });
  assert.equal(done.status, 200);
  assert.match(done.text, /Your password has been changed/);
  const again = await anon.get(`/password/reset?token=${token}`);
  assert.equal(again.status, 400);
  assert.match(again.text, /expired/);

  const student = new Client(srv.url);
  assert.equal((await student.signIn('student@demo.ac.uk', 'brand new secret')).status, 303);
  assert.equal((await new Client(srv.url).signIn('student@demo.ac.uk', DEMO_PASSWORD)).status, 401);
});

test('changing the password keeps this session and ends the others', async () => {
  const a = new Client(srv.url), b = new Client(srv.url);
  await a.signIn('champion@demo.ac.uk');
  await b.signIn('champion@demo.ac.uk');
  const wrong = await a.submit('/account/password', '/account/password',
    { current_password: 'nope nope nope', new_password: 'champion secret 2', confirm_password: 'champion secret 2' });
  assert.equal(wrong.status, 400);
  assert.match(wrong.text, /current password is not right/);
  const ok = await a.submit('/account/password', '/account/password',
    { current_password: DEMO_PASSWORD, new_password: 'champion secret 2', confirm_password: 'champion secret 2' });
  assert.equal(ok.status, 200);
  assert.match(ok.text, /has been changed/);
  assert.equal((await a.get('/account')).status, 200);
  assert.equal((await b.get('/account')).status, 303);
});

test('repeated failed sign-ins are stopped with a message a person understands', async () => {
  const c = new Client(srv.url);
  const token = await c.csrf('/signin');
  let last;
  for (let i = 0; i < 6; i++) {
    last = await c.post('/signin', { _csrf: token, email: 'coordinator@demo.ac.uk', password: `guess number ${i}` });
  }
  assert.equal(last.status, 429);
  assert.match(last.text, /Too many failed sign-ins\. Wait 15 minutes/);
  const right = await c.post('/signin', { _csrf: token, email: 'coordinator@demo.ac.uk', password: DEMO_PASSWORD });
  assert.equal(right.status, 429);
});
