// Training, the rest of issue 7, on the demo university: a booking's
// confirmation carries an iCalendar file that libical parses back (in the
// outbox, and as a multipart mail through SMTP); the calendar feed
// (/calendar/<token>.ics) needs no sign-in, lists the booked sessions,
// and is replaced or revoked (404); staff development is the staff's own
// catalogue; a session's trainer or a coordinator edits it (capacity never
// below the places booked, raised capacity promoting the waiting list) or
// cancels it (everyone told); coordinators cancel someone else's booking;
// a retired module takes no bookings; reports per scheme and per module as
// pages, CSV, JSON and from the CLI; reminders and refresher notices go
// out once (tandem training remind); the profile shows the training
// record; tandem copy carries the calendar feeds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, Client, tandem, BIN, PG } from '../lib/server.mjs';
import { smtpSink, mimeParts } from '../lib/smtp.mjs';

const ICS_CHECK = resolve(dirname(BIN), '../../tests/unit/ics_check');
const PASSWORD = 'trainee password 1';
let srv, coord, admin, champion, amara;
const as = async (email, password) => { const c = new Client(srv.url); await c.signIn(email, password); return c; };

// Parse an .ics back with libical (tests/unit/ics_check.c).
function icsCheck(text) {
  try {
    return { ok: true, ...JSON.parse(execFileSync(ICS_CHECK, { input: text, encoding: 'utf8' })) };
  } catch (e) {
    return { ok: false, ...JSON.parse(e.stdout || '{"errors":["no output"],"events":[]}') };
  }
}

async function newUser(email, roles = 'student') {
  const made = await admin.submit('/admin/users/new', '/admin/users/new', { email, name: email.split('@')[0], password: PASSWORD, roles });
  assert.equal(made.status, 303, made.text);
  return as(email, PASSWORD);
}

async function newModule(title, fields = {}) {
  const r = await coord.submit('/training/modules/new', '/training/modules/new', {
    op: 'save', title, purpose: 'A module for the tests.', outcomes: '', delivery: 'in_person', audience: 'mentors',
    minutes: '60', validity_months: '12', pass_mark: '80', active: '1', ...fields,
  });
  assert.equal(r.status, 303, r.text);
  return Number(r.location.match(/\/training\/modules\/(\d+)/)[1]);
}

async function newSession(module, fields = {}) {
  const r = await coord.submit(`/training/modules/${module}`, `/training/modules/${module}`, {
    op: 'session', starts_at: '2030-03-04T14:00', minutes: '90', place: 'Library, room 3', capacity: '5', trainer: '', ...fields,
  });
  assert.equal(r.status, 303, r.text);
  return Number(r.location.match(/\/training\/sessions\/(\d+)/)[1]);
}

async function book(c, session) {
  const token = await c.csrf(`/training/sessions/${session}`);
  return c.post(`/training/sessions/${session}/book`, { _csrf: token, op: 'book', id: String(session) });
}

const outbox = async (to) => (await admin.get(`/admin/outbox?to=${encodeURIComponent(to)}`)).text;
const count = (text, re) => (text.match(re) || []).length;

before(async () => {
  srv = await startServer();
  coord = await as('coordinator@demo.ac.uk');
  admin = await as('admin@demo.ac.uk');
  champion = await as('champion@demo.ac.uk');
  amara = await as('student@demo.ac.uk');
});
after(async () => { await srv.stop(); });

test('the libical helper is built', () => {
  assert.ok(existsSync(ICS_CHECK), `${ICS_CHECK} (ninja -C build-test)`);
  assert.equal(icsCheck('not a calendar').ok, false);
});

test('a booking is confirmed by mail with a calendar file; libical parses it back', async () => {
  const module = await newModule('Confirmations');
  const s = await newSession(module, { starts_at: '2030-04-01T09:30', place: 'Room 1, Library', trainer: 'champion@demo.ac.uk' });
  const c = await newUser('confirm@demo.ac.uk');
  const r = await book(c, s);
  assert.equal(r.status, 303);
  assert.match((await c.get(r.location)).text, /a confirmation with a calendar file is on its way/);
  const mail = await outbox('confirm@demo.ac.uk');
  assert.match(mail, /<h2>Booked: Confirmations<\/h2>/);
  assert.match(mail, /Attachment: training-session\.ics \(text\/calendar\)/);
  const ics = mail.match(/<summary>Attachment[^<]*<\/summary><pre class="mail">([^<]*)<\/pre>/)[1]
    .replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  const parsed = icsCheck(ics);
  assert.ok(parsed.ok, JSON.stringify(parsed.errors));
  assert.equal(parsed.events.length, 1);
  const ev = parsed.events[0];
  assert.equal(ev.uid, `training-session-${s}@tandem`);
  assert.equal(ev.summary, 'Training: Confirmations');
  assert.equal(ev.location, 'Room 1, Library');
  assert.equal(ev.start, Date.UTC(2030, 3, 1, 9, 30) / 1000);
  assert.equal(ev.end - ev.start, 90 * 60);
  assert.equal(ev.status, 'CONFIRMED');
});

test('through SMTP the confirmation is multipart/mixed with the .ics in base64', async () => {
  const sink = await smtpSink();
  const own = await startServer({ args: ['--smtp', `smtp://127.0.0.1:${sink.port}`] });
  try {
    const c = new Client(own.url);
    await c.signIn('student@demo.ac.uk');
    const page = await c.get('/training');
    const s = Number(page.text.match(/href="\/training\/sessions\/(\d+)">Boundaries and referral/)[1]);
    const token = await c.csrf(`/training/sessions/${s}`);
    assert.equal((await c.post(`/training/sessions/${s}/book`, { _csrf: token, op: 'book', id: String(s) })).status, 303);
    let m;
    for (let i = 0; i < 100 && !(m = sink.messages.find((x) => /^Subject: Booked: /m.test(x.data))); i++) await sleep(100);
    assert.ok(m, 'the confirmation was sent');
    assert.match(m.to[0], /<student@demo\.ac\.uk>/);
    assert.match(m.data, /^MIME-Version: 1\.0\r$/m);
    const parts = mimeParts(m.data);
    assert.equal(parts.length, 2);
    assert.match(parts[0].headers['content-type'], /^text\/plain; charset=utf-8/);
    assert.match(parts[0].body, /Your place is booked:/);
    assert.match(parts[1].headers['content-type'], /^text\/calendar; charset=utf-8/);
    assert.match(parts[1].headers['content-disposition'], /attachment; filename="training-session\.ics"/);
    assert.equal(parts[1].headers['content-transfer-encoding'], 'base64');
    for (const line of parts[1].body.split('\r\n')) assert.ok(line.length <= 76, line);
    const ics = Buffer.from(parts[1].body.replace(/\r\n/g, ''), 'base64').toString('utf8');
    const parsed = icsCheck(ics);
    assert.ok(parsed.ok, JSON.stringify(parsed.errors));
    assert.equal(parsed.events[0].uid, `training-session-${s}@tandem`);
    assert.equal(parsed.events[0].summary, 'Training: Boundaries and referral');
  } finally {
    await own.stop();
    sink.server.close();
  }
});

let feedPath;
test('the calendar feed: no sign-in, text/calendar, one VEVENT per booked session, revocable', async () => {
  const module = await newModule('Feeds');
  const one = await newSession(module, { starts_at: '2030-05-01T10:00' });
  const two = await newSession(module, { starts_at: '2030-05-08T10:00', place: 'https://meet.demo.ac.uk/feeds' });
  const full = await newSession(module, { starts_at: '2030-05-15T10:00', capacity: '1' });
  const c = await newUser('feed@demo.ac.uk');
  const other = await newUser('feed-other@demo.ac.uk');
  for (const s of [one, two]) assert.equal((await book(c, s)).status, 303);
  assert.equal((await book(other, full)).status, 303);
  assert.match((await book(c, full)).location, /waiting=1/);

  let page = await c.get('/training');
  assert.match(page.text, /Create a calendar link/);
  let token = await c.csrf('/training');
  let r = await c.post('/training/calendar', { _csrf: token, op: 'create' });
  assert.equal(r.status, 200);
  const first = r.text.match(/<code id="calendar-link">http:\/\/[^<]+(\/calendar\/[A-Za-z0-9_-]{43}\.ics)<\/code>/)[1];

  const anon = await fetch(srv.url + first);
  assert.equal(anon.status, 200);
  assert.match(anon.headers.get('content-type'), /^text\/calendar/);
  const parsed = icsCheck(await anon.text());
  assert.ok(parsed.ok, JSON.stringify(parsed.errors));
  assert.equal(parsed.events.length, 2, 'the booked sessions, not the waiting place');
  assert.deepEqual(parsed.events.map((e) => e.uid).sort(), [`training-session-${one}@tandem`, `training-session-${two}@tandem`].sort());
  assert.equal(parsed.events.find((e) => e.uid.includes(`-${two}@`)).location, 'https://meet.demo.ac.uk/feeds');
  assert.doesNotMatch(srv.log(), new RegExp(first.slice(10, 53)), 'the token stays out of the log');
  assert.match(srv.log(), /path=\/calendar\/\{token\}/);

  // A cancelled session stays in the feed, marked cancelled.
  r = await coord.submit(`/training/sessions/${two}`, `/training/sessions/${two}/cancel-session`, { reason: '' });
  assert.equal(r.status, 303, r.text);
  const again = icsCheck(await (await fetch(srv.url + first)).text());
  assert.equal(again.events.find((e) => e.uid.includes(`-${two}@`)).status, 'CANCELLED');

  // Replaced: the old link is gone.
  page = await c.get('/training');
  assert.match(page.text, /Replace the calendar link/);
  token = await c.csrf('/training');
  r = await c.post('/training/calendar', { _csrf: token, op: 'create' });
  const second = r.text.match(/(\/calendar\/[A-Za-z0-9_-]{43}\.ics)<\/code>/)[1];
  assert.notEqual(second, first);
  assert.equal((await fetch(srv.url + first)).status, 404);
  assert.equal((await fetch(srv.url + second)).status, 200);
  // Revoked: 404, and the page offers a new one.
  r = await c.post('/training/calendar', { _csrf: token, op: 'revoke' });
  assert.equal(r.status, 303);
  assert.equal((await fetch(srv.url + second)).status, 404);
  assert.match((await c.get(r.location)).text, /Your calendar link has been turned off[\s\S]*Create a calendar link/);
  assert.equal((await fetch(`${srv.url}/calendar/nothing.ics`)).status, 404);
  assert.equal((await fetch(`${srv.url}/calendar/${'A'.repeat(43)}.ics`)).status, 404);
  // A signed-out visitor cannot make one.
  const anonClient = new Client(srv.url);
  const t = await anonClient.csrf('/signin');
  assert.notEqual((await anonClient.post('/training/calendar', { _csrf: t, op: 'create' })).status, 200);
  // One kept for tandem copy.
  r = await c.post('/training/calendar', { _csrf: token, op: 'create' });
  feedPath = r.text.match(/(\/calendar\/[A-Za-z0-9_-]{43}\.ics)<\/code>/)[1];
});

test('staff development: the staff catalogue, bookable by the champion, not by students', async () => {
  assert.equal((await amara.get('/training/staff')).status, 403);
  assert.doesNotMatch((await amara.get('/training')).text, /Supporting your programme/);
  let page = await champion.get('/training');
  assert.match(page.text, /href="\/training\/staff">Staff development/);
  page = await champion.get('/training/staff');
  assert.equal(page.status, 200);
  assert.match(page.text, /Supporting your programme&#39;s mentors/);
  assert.match(page.text, /You have not completed any staff development yet/);
  const s = Number(page.text.match(/href="\/training\/sessions\/(\d+)">Supporting your programme/)[1]);
  const mod = Number(page.text.match(/href="\/training\/modules\/(\d+)">Supporting your programme/)[1]);
  assert.equal((await amara.get(`/training/sessions/${s}`)).status, 404);
  assert.equal((await amara.get(`/training/modules/${mod}`)).status, 404);
  const token = await amara.csrf('/training');
  assert.equal((await amara.post(`/training/sessions/${s}/book`, { _csrf: token, op: 'book', id: String(s) })).status, 403);
  assert.equal((await book(champion, s)).status, 303);
  page = await champion.get('/training/staff');
  assert.match(page.text, /Your staff development record[\s\S]*Supporting your programme&#39;s mentors, [0-9-]+ [0-9:]+ \(UTC\)<\/a>: Booked/);
  // The coordinator marks the champion attended: their record shows it.
  const reg = await coord.get(`/training/sessions/${s}`);
  const bid = reg.text.match(/name="op" value="attended"><input type="hidden" name="id" value="(\d+)"><button type="submit">Mark Dr Tomasz Nowak attended/)[1];
  assert.equal((await coord.submit(`/training/sessions/${s}`, `/training/sessions/${s}/register`, { op: 'attended', id: bid })).status, 303);
  page = await champion.get('/training/staff');
  assert.match(page.text, /Supporting your programme&#39;s mentors<\/a><\/td><td>[0-9-]+<\/td><td>Attended<\/td>/);
});

test('the trainer or a coordinator edits a session: capacity, promotion, everyone told', async () => {
  const module = await newModule('Editing sessions');
  const s = await newSession(module, { starts_at: '2030-06-03T14:00', capacity: '2', trainer: 'champion@demo.ac.uk' });
  const people = [];
  for (let i = 0; i < 3; i++) people.push({ email: `edit${i}@demo.ac.uk`, c: await newUser(`edit${i}@demo.ac.uk`) });
  for (const p of people) assert.equal((await book(p.c, s)).status, 303);
  // A student sees no form, and may not post one.
  assert.doesNotMatch((await people[0].c.get(`/training/sessions/${s}`)).text, /Change the session/);
  let token = await people[0].c.csrf(`/training/sessions/${s}`);
  assert.equal((await people[0].c.post(`/training/sessions/${s}/edit`, { _csrf: token, starts_at: '2030-06-03T14:00', minutes: '90', place: 'x', capacity: '9' })).status, 403);
  assert.equal((await people[0].c.post(`/training/sessions/${s}/cancel-session`, { _csrf: token, reason: '' })).status, 403);
  // Below the places booked: refused, the form keeps what was typed.
  const page = await champion.get(`/training/sessions/${s}`);
  assert.match(page.text, /Change the session/);
  assert.doesNotMatch(page.text, /Trainer&#39;s email/, 'the trainer cannot hand the session over');
  let r = await champion.submit(`/training/sessions/${s}`, `/training/sessions/${s}/edit`, { starts_at: '2030-06-03T14:00', minutes: '90', place: 'Room 9', capacity: '1' });
  assert.equal(r.status, 400);
  assert.match(r.text, /class="error-summary"/);
  assert.match(r.text, /More places are booked than that/);
  assert.match(r.text, /value="Room 9"/);
  // The trainer moves it and adds a place: the first waiting is promoted.
  r = await champion.submit(`/training/sessions/${s}`, `/training/sessions/${s}/edit`, { starts_at: '2030-06-04T15:00', minutes: '60', place: 'Room 9', capacity: '3' });
  assert.equal(r.status, 303, r.text);
  const shown = await coord.get(`/training/sessions/${s}`);
  assert.match(shown.text, /2030-06-04 15:00 \(UTC\)/);
  assert.match(shown.text, /Room 9/);
  assert.equal(count(shown.text, /<td>Booked<\/td>/g), 3);
  assert.match(await outbox(people[2].email), /A place for you: Editing sessions/);
  const changed = await outbox(people[0].email);
  assert.match(changed, /<h2>Changed: Editing sessions<\/h2>/);
  assert.match(changed, /2030-06-04 15:00 \(UTC\), 60 minutes\nRoom 9/);
  // A coordinator may hand it to another trainer; an unknown email is refused.
  r = await coord.submit(`/training/sessions/${s}`, `/training/sessions/${s}/edit`, { starts_at: '2030-06-04T15:00', minutes: '60', place: 'Room 9', capacity: '3', trainer: 'nobody@demo.ac.uk' });
  assert.equal(r.status, 400);
  assert.match(r.text, /Enter the email of someone with a Tandem account/);
});

test('a coordinator cancels someone else\'s booking: the first waiting is promoted', async () => {
  const module = await newModule('Cancelling bookings');
  const s = await newSession(module, { starts_at: '2030-07-01T10:00', capacity: '1' });
  const holder = await newUser('holder@demo.ac.uk');
  const waiter = await newUser('waiter@demo.ac.uk');
  assert.equal((await book(holder, s)).status, 303);
  assert.match((await book(waiter, s)).location, /waiting=1/);
  let page = await coord.get(`/training/sessions/${s}`);
  const bid = page.text.match(/action="\/training\/sessions\/\d+\/bookings\/cancel" class="inline"><input type="hidden" name="_csrf" value="[^"]+"><input type="hidden" name="op" value="cancel"><input type="hidden" name="id" value="(\d+)"><button type="submit" class="button-secondary">Cancel holder&#39;s booking/)[1];
  // Not for students, nor the trainer.
  const t = await holder.csrf(`/training/sessions/${s}`);
  assert.equal((await holder.post(`/training/sessions/${s}/bookings/cancel`, { _csrf: t, op: 'cancel', id: bid })).status, 403);
  assert.equal((await champion.submit('/training', `/training/sessions/${s}/bookings/cancel`, { op: 'cancel', id: bid })).status, 403);
  const r = await coord.submit(`/training/sessions/${s}`, `/training/sessions/${s}/bookings/cancel`, { op: 'cancel', id: bid });
  assert.equal(r.status, 303);
  assert.match(r.location, /removed=1/);
  page = await waiter.get(`/training/sessions/${s}`);
  assert.match(page.text, /Your booking: <strong>Booked<\/strong>/);
  assert.match(await outbox('holder@demo.ac.uk'), /Booking cancelled: Cancelling bookings/);
  assert.match(await outbox('waiter@demo.ac.uk'), /A place for you: Cancelling bookings/);
  // Twice: nothing left to cancel.
  const twice = await coord.submit(`/training/sessions/${s}`, `/training/sessions/${s}/bookings/cancel`, { op: 'cancel', id: bid });
  assert.equal(twice.status, 409);
});

test('a cancelled session tells everyone booked or waiting, and takes no bookings', async () => {
  const module = await newModule('Cancelling sessions');
  const s = await newSession(module, { starts_at: '2030-07-08T10:00', capacity: '1' });
  const booked = await newUser('booked@demo.ac.uk');
  const waiting = await newUser('waiting@demo.ac.uk');
  assert.equal((await book(booked, s)).status, 303);
  assert.equal((await book(waiting, s)).status, 303);
  let r = await coord.submit(`/training/sessions/${s}`, `/training/sessions/${s}/cancel-session`, { reason: 'Line one\nline two' });
  assert.equal(r.status, 400);
  assert.match(r.text, /on one line/);
  r = await coord.submit(`/training/sessions/${s}`, `/training/sessions/${s}/cancel-session`, { reason: 'The trainer is ill' });
  assert.equal(r.status, 303);
  const page = await booked.get(`/training/sessions/${s}`);
  assert.match(page.text, /This session was cancelled on [0-9-]+ [0-9:]+ \(UTC\)\. The reason: The trainer is ill/);
  assert.doesNotMatch(page.text, /Cancel my booking|Book a place/);
  let mail = await outbox('booked@demo.ac.uk');
  assert.match(mail, /<h2>Cancelled: Cancelling sessions<\/h2>/);
  assert.match(mail, /The reason: The trainer is ill/);
  assert.match(mail, /STATUS:CANCELLED/);
  mail = await outbox('waiting@demo.ac.uk');
  assert.match(mail, /<h2>Cancelled: Cancelling sessions<\/h2>/);
  assert.match(mail, /you were waiting for has been cancelled/);
  const late = await newUser('late@demo.ac.uk');
  assert.equal((await book(late, s)).status, 409);
  assert.match((await booked.get('/training')).text, /Cancelling sessions, 2030-07-08 10:00 \(UTC\)<\/a>: The session was cancelled/);
});

test('a retired module takes no bookings', async () => {
  const module = await newModule('Soon retired');
  const s = await newSession(module, { starts_at: '2030-08-01T10:00' });
  const r = await coord.submit(`/training/modules/${module}`, `/training/modules/${module}`, {
    op: 'save', title: 'Soon retired', purpose: '', outcomes: '', delivery: 'in_person', audience: 'mentors',
    minutes: '60', validity_months: '12', pass_mark: '80',
  });
  assert.equal(r.status, 303, r.text);
  assert.match((await coord.get(`/training/modules/${module}`)).text, /This module is retired/);
  assert.match((await coord.get('/training')).text, /Soon retired<\/a> \(retired\)/);
  const c = await newUser('retired@demo.ac.uk');
  const page = await c.get(`/training/sessions/${s}`);
  assert.match(page.text, /This module has been retired: its sessions take no new bookings/);
  assert.doesNotMatch(page.text, /Book a place/);
  assert.doesNotMatch((await c.get('/training')).text, /Soon retired/);
  const booked = await book(c, s);
  assert.equal(booked.status, 409);
  assert.match(booked.text, /retired/);
});

test('reports: per scheme and per module, as pages, CSV, JSON and from the CLI', async () => {
  // Who has been accepted in the demo's scheme 1, and what they lack.
  let page = await coord.get('/training/reports');
  assert.equal(page.status, 200);
  assert.match(page.text, /href="\/schemes\/1\/training\/report">/);
  for (const c of [amara, champion]) {
    assert.equal((await c.get('/training/reports')).status, 403);
    assert.equal((await c.get('/schemes/1/training/report')).status, 403);
    assert.equal((await c.get('/schemes/1/training/report.csv')).status, 403);
  }
  assert.match((await coord.get('/schemes/1/training')).text, /href="\/schemes\/1\/training\/report">Who is trained/);
  page = await coord.get('/schemes/1/training/report');
  assert.equal(page.status, 200);
  assert.match(page.text, /Required: <a href="\/training\/modules\/\d+">Boundaries and referral<\/a>/);
  const summary = page.text.match(/<strong>(\d+) of (\d+) accepted mentors? (?:is|are) trained<\/strong>/);
  assert.ok(summary, 'the summary line');
  const csv = await coord.get('/schemes/1/training/report.csv');
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  assert.match(csv.headers.get('content-disposition'), /attachment; filename="training-scheme-1\.csv"/);
  const lines = csv.text.trim().split('\r\n');
  assert.equal(lines[0], 'student_number,legal_name,preferred_name,email,status,missing,expired');
  assert.equal(lines.length - 1, Number(summary[2]));
  assert.equal(lines.filter((l) => /,trained,/.test(l)).length, Number(summary[1]));

  // The API: the same report as JSON, for keys and coordinators.
  const key = tandem(['apikey', 'add', '--db', srv.db, '--name', 'report read', '--scope', 'read']).stdout.match(/^key: (\S+)$/m)[1];
  const api = async (q, headers = { Authorization: `Bearer ${key}` }) => {
    const res = await fetch(`${srv.url}/api/v1/training/report${q}`, { headers });
    return { status: res.status, body: await res.json() };
  };
  let r = await api('?scheme=1');
  assert.equal(r.status, 200);
  assert.equal(r.body.scheme.id, 1);
  assert.equal(r.body.mentors.length, Number(summary[2]));
  assert.equal(r.body.trained, Number(summary[1]));
  assert.ok(r.body.required.some((m) => m.title === 'Boundaries and referral'));
  for (const m of r.body.mentors) assert.equal(m.trained, m.missing.length === 0);
  assert.equal((await api('')).status, 400);
  assert.equal((await api('?scheme=x')).status, 400);
  assert.equal((await api('?scheme=1&module=1')).status, 400);
  assert.equal((await api('?scheme=99999')).status, 404);
  assert.equal((await api('?scheme=1', { Cookie: amara.cookieHeader() })).status, 403);
  assert.equal((await api('?scheme=1', { Cookie: coord.cookieHeader() })).status, 200);

  // Per module: the staff module the champion attended.
  const staff = await champion.get('/training/staff');
  const mod = Number(staff.text.match(/href="\/training\/modules\/(\d+)">Supporting your programme/)[1]);
  page = await coord.get(`/training/modules/${mod}/report`);
  assert.equal(page.status, 200);
  assert.match(page.text, /<td>Dr Tomasz Nowak<\/td><td>champion@demo\.ac\.uk<\/td><td>[0-9-]+<\/td><td>[0-9-]+<\/td><td>Valid<\/td>/);
  assert.match((await coord.get(`/training/modules/${mod}`)).text, /Who has completed this module/);
  const mcsv = await coord.get(`/training/modules/${mod}/report.csv`);
  assert.match(mcsv.text, /^name,email,completed_on,expires_on,status\r\nDr Tomasz Nowak,champion@demo\.ac\.uk,\d{4}-\d\d-\d\d,\d{4}-\d\d-\d\d,valid\r\n/);
  r = await api(`?module=${mod}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.people[0].email, 'champion@demo.ac.uk');
  assert.equal(r.body.people[0].status, 'valid');

  // The CLI: the same, as a table or CSV.
  let out = tandem(['training', 'report', '--db', srv.db, '--scheme', '1']);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, new RegExp(`: ${summary[1]} of ${summary[2]} accepted mentors? trained\\nRequired: .*Boundaries and referral`));
  out = tandem(['training', 'report', '--db', srv.db, '--scheme', '1', '--csv']);
  assert.equal(out.code, 0, out.stderr);
  assert.equal(out.stdout, csv.text);
  out = tandem(['training', 'report', '--db', srv.db, '--module', String(mod), '--csv']);
  assert.equal(out.stdout, mcsv.text);
  assert.equal(tandem(['training', 'report', '--db', srv.db, '--scheme', '99999']).code, 1);
  assert.equal(tandem(['training', 'report', '--db', srv.db]).code, 2);
});

test('reminders the day before and refresher notices go out once (tandem training remind)', async () => {
  const module = await newModule('Reminded', { validity_months: '12' });
  const s = await newSession(module, { starts_at: '2031-02-10T14:00' });
  const c = await newUser('remind@demo.ac.uk');
  assert.equal((await book(c, s)).status, 303);
  let out = tandem(['training', 'remind', '--db', srv.db, '--at', '2031-02-08T14:00']);
  assert.equal(out.code, 0, out.stderr);
  assert.doesNotMatch(await outbox('remind@demo.ac.uk'), /Tomorrow: Reminded/);
  out = tandem(['training', 'remind', '--db', srv.db, '--at', '2031-02-09T15:00']);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, /^[1-9]\d* reminders?, \d+ refresher notices? queued$/m);
  assert.equal(count(await outbox('remind@demo.ac.uk'), /<h2>Tomorrow: Reminded<\/h2>/g), 1);
  out = tandem(['training', 'remind', '--db', srv.db, '--at', '2031-02-09T16:00']);
  assert.equal(count(await outbox('remind@demo.ac.uk'), /<h2>Tomorrow: Reminded<\/h2>/g), 1, 'not twice');
  assert.equal(tandem(['training', 'remind', '--db', srv.db, '--at', 'soon']).code, 2);

  // Attended today, valid 12 months: the notice comes within 30 days of
  // the expiry, once.
  const today = await newSession(module, { starts_at: '2030-12-01T10:00' });
  assert.equal((await book(c, today)).status, 303);
  const reg = await coord.get(`/training/sessions/${today}`);
  const bid = reg.text.match(/name="id" value="(\d+)"><button type="submit">Mark remind attended/)[1];
  assert.equal((await coord.submit(`/training/sessions/${today}`, `/training/sessions/${today}/register`, { op: 'attended', id: bid })).status, 303);
  const now = Math.floor(Date.now() / 1000);
  tandem(['training', 'remind', '--db', srv.db, '--at', String(now + 300 * 86400)]);
  assert.doesNotMatch(await outbox('remind@demo.ac.uk'), /Refresher due/);
  out = tandem(['training', 'remind', '--db', srv.db, '--at', String(now + 350 * 86400)]);
  assert.equal(count(await outbox('remind@demo.ac.uk'), /<h2>Refresher due: Reminded<\/h2>/g), 1);
  tandem(['training', 'remind', '--db', srv.db, '--at', String(now + 355 * 86400)]);
  assert.equal(count(await outbox('remind@demo.ac.uk'), /<h2>Refresher due: Reminded<\/h2>/g), 1, 'not twice');
});

test('the profile shows the training record; coordinators see it on the person', async () => {
  const module = await newModule('On the profile');
  const s = await newSession(module, { starts_at: '2030-09-01T10:00' });
  assert.equal((await book(amara, s)).status, 303);
  const page = await amara.get('/profile');
  assert.equal(page.status, 200);
  assert.match(page.text, /<h2 id="training-record">Training record<\/h2>/);
  assert.match(page.text, /Upcoming training/);
  assert.match(page.text, /On the profile, 2030-09-01 10:00 \(UTC\)<\/a>: Booked/);
  const people = await coord.get('/people?q=Amara%20Okafor');
  const id = people.text.match(/href="\/people\/(\d+)">[^<]*Amara/)[1];
  const person = await coord.get(`/people/${id}`);
  assert.match(person.text, /<h2 id="training-record">Training record<\/h2>/);
  assert.match(person.text, /On the profile, 2030-09-01 10:00 \(UTC\)<\/a>: Booked/);
});

test('tandem copy carries the calendar feeds, verified', () => {
  assert.ok(feedPath);
  const dir = mkdtempSync(join(tmpdir(), 'tandem-feed-copy-'));
  try {
    const r = tandem(['copy', '--from', PG ? srv.db : `sqlite:${srv.db}`, '--to', join(dir, 'copy.db')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^calendar_feeds\s+[1-9]\d* rows\s+checksum [0-9a-f]{16}\s+verified$/m);
    assert.match(r.stdout, /^outbox\s+[1-9]\d* rows\s+checksum [0-9a-f]{16}\s+verified$/m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
