// The JSON API v1: people, courses and faculties (list, get, create,
// update), cursor paging, problem documents, who may call what, and the
// OpenAPI document checked against the route table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { startServer, Client, tandem, PG } from '../lib/server.mjs';

let srv, read, write;
before(async () => {
  srv = await startServer();
  read = tandem(['apikey', 'add', '--db', srv.db, '--name', 'api test read', '--scope', 'read']).stdout.match(/^key: (\S+)$/m)[1];
  write = tandem(['apikey', 'add', '--db', srv.db, '--name', 'api test write', '--scope', 'write']).stdout.match(/^key: (\S+)$/m)[1];
});
after(async () => { await srv.stop(); });

async function call(key, method, path, body) {
  const headers = { Authorization: `Bearer ${key}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(srv.url + path, {
    method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), json: text ? JSON.parse(text) : null };
}

function assertProblem(r, status) {
  assert.equal(r.status, status, JSON.stringify(r.json));
  assert.equal(r.type, 'application/problem+json');
  for (const k of ['type', 'title', 'status', 'detail']) assert.ok(k in r.json, k);
  assert.equal(r.json.status, status);
}

const student = (n, course) => ({
  student_number: `APIT${String(n).padStart(4, '0')}`, legal_name: `Test Student ${n}`,
  university_email: `api.student${n}@uni.ac.uk`, course_code: course, year_of_study: 1 + (n % 3),
  study_mode: 'full_time', status: 'enrolled', fee_status: 'home', home_country: 'GB',
});

test('faculties, courses and people are created, read, listed and updated', async () => {
  let r = await call(write, 'POST', '/api/v1/faculties', { code: 'APIF', name: 'Faculty of Interfaces' });
  assert.equal(r.status, 201);
  const fac = r.json;
  assert.equal(fac.code, 'APIF');
  r = await call(read, 'GET', `/api/v1/faculties/${fac.id}`);
  assert.deepEqual(r.json, fac);
  r = await call(write, 'PATCH', `/api/v1/faculties/${fac.id}`, { name: 'Faculty of APIs' });
  assert.equal(r.status, 200);
  assert.equal(r.json.name, 'Faculty of APIs');

  r = await call(write, 'POST', '/api/v1/courses', { code: 'APIC1', title: 'Interface Design', faculty_code: 'APIF', level: 'undergraduate', years: 3, campus: 'City' });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  const course = r.json;
  assert.equal(course.faculty_code, 'APIF');
  r = await call(write, 'PATCH', `/api/v1/courses/${course.id}`, { years: 4 });
  assert.equal(r.json.years, 4);
  assert.equal(r.json.title, 'Interface Design', 'fields not given stay');
  r = await call(read, 'GET', '/api/v1/courses?faculty=APIF');
  assert.deepEqual(r.json.items.map((c) => c.code), ['APIC1']);

  r = await call(write, 'POST', '/api/v1/people', { ...student(1, 'APIC1'), languages: [{ code: 'en', first: true }, { code: 'fr' }], completed_years: [] });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  const s = r.json;
  assert.equal(s.course_code, 'APIC1');
  assert.equal(s.faculty_code, 'APIF');
  assert.equal(s.languages.length, 2);
  r = await call(write, 'PATCH', `/api/v1/people/${s.id}`, { preferred_name: 'Tess', pronouns: 'she/her' });
  assert.equal(r.status, 200);
  assert.equal(r.json.preferred_name, 'Tess');
  assert.equal(r.json.legal_name, 'Test Student 1');
  assert.equal(r.json.languages.length, 2, 'sub-records not given stay');
  r = await call(read, 'GET', `/api/v1/people/${s.id}`);
  assert.equal(r.json.pronouns, 'she/her');
  r = await call(read, 'GET', '/api/v1/people?q=Tess');
  assert.deepEqual(r.json.items.map((p) => p.id), [s.id]);

  assertProblem(await call(write, 'POST', '/api/v1/people', student(1, 'APIC1')), 409);
  assertProblem(await call(read, 'GET', '/api/v1/people/999999'), 404);
});

test('validation errors are 422 problems naming the field; bad JSON is a 400 with where', async () => {
  let r = await call(write, 'POST', '/api/v1/people', { ...student(2, 'NOSUCH') });
  assertProblem(r, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field), ['course_code']);
  r = await call(write, 'POST', '/api/v1/people', { ...student(2, 'APIC1'), year_of_study: 'two', colour: 'red' });
  assertProblem(r, 422);
  assert.deepEqual(r.json.errors.map((e) => e.field).sort(), ['colour', 'year_of_study']);
  r = await call(write, 'POST', '/api/v1/courses', { code: 'APIC9', title: 'X', faculty_code: 'APIF', level: 'doctoral', years: 3 });
  assertProblem(r, 422);
  assert.equal(r.json.errors[0].field, 'level');
  r = await call(write, 'POST', '/api/v1/faculties', '{"code": "X",');
  assertProblem(r, 400);
  assert.equal(typeof r.json.position, 'number');
  assert.equal(typeof r.json.line, 'number');
  r = await call(write, 'POST', '/api/v1/faculties', '[1, 2]');
  assertProblem(r, 400);
  const plain = await fetch(`${srv.url}/api/v1/faculties`, { method: 'POST', headers: { Authorization: `Bearer ${write}`, 'Content-Type': 'text/plain' }, body: 'x' });
  assert.equal(plain.status, 415);
  assertProblem(await call(read, 'GET', '/api/v1/people?limit=500'), 400);
  assertProblem(await call(read, 'GET', '/api/v1/people?cursor=abc'), 400);
  assertProblem(await call(read, 'GET', '/api/v1/people?status=asleep'), 400);
});

test('cursor paging walks every row exactly once', async () => {
  const made = [];
  for (let n = 10; n < 47; n++) {
    const r = await call(write, 'POST', '/api/v1/people', student(n, 'APIC1'));
    assert.equal(r.status, 201, JSON.stringify(r.json));
    made.push(r.json.id);
  }
  const seen = [];
  let cursor = null, pages = 0;
  do {
    const r = await call(read, 'GET', `/api/v1/people?course=APIC1&limit=10${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200);
    assert.ok(r.json.items.length <= 10);
    seen.push(...r.json.items.map((p) => p.id));
    cursor = r.json.next_cursor;
    pages++;
  } while (cursor);
  assert.equal(new Set(seen).size, seen.length, 'no row twice');
  for (const id of made) assert.ok(seen.includes(id), `row ${id} seen`);
  assert.equal(seen.length, made.length + 1);
  assert.equal(pages, 4);
  const faculties = [];
  cursor = null;
  do {
    const r = await call(read, 'GET', `/api/v1/faculties?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
    faculties.push(...r.json.items.map((f) => f.id));
    cursor = r.json.next_cursor;
  } while (cursor);
  assert.equal(new Set(faculties).size, faculties.length);
  assert.ok(faculties.length >= 1);
});

test('who may call: a student session cannot list people; writes need a write key', async () => {
  const stu = new Client(srv.url);
  await stu.signIn('student@demo.ac.uk');
  const r = await stu.get('/api/v1/people');
  assert.equal(r.status, 403);
  assert.equal(r.headers.get('content-type'), 'application/problem+json');
  const coord = new Client(srv.url);
  await coord.signIn('coordinator@demo.ac.uk');
  const list = await coord.get('/api/v1/people?course=APIC1&limit=5');
  assert.equal(list.status, 200);
  assert.equal(JSON.parse(list.text).items.length, 5);
  const post = await coord.request('POST', '/api/v1/faculties', { body: '{"code":"NOPE","name":"Nope"}', headers: { 'Content-Type': 'application/json' } });
  assert.equal(post.status, 403);
  assertProblem(await call(read, 'PATCH', '/api/v1/faculties/1', { name: 'X' }), 403);
  const anon = await fetch(`${srv.url}/api/v1/people`);
  assert.equal(anon.status, 401);
});

test("a champion's session sees only the students of the courses they teach", async () => {
  let r = await call(write, 'POST', '/api/v1/courses', { code: 'APIC2', title: 'Protocol Studies', faculty_code: 'APIF', level: 'undergraduate', years: 3 });
  const other = r.json;
  r = await call(write, 'POST', '/api/v1/people', student(90, 'APIC2'));
  const theirs = r.json;
  r = await call(read, 'GET', '/api/v1/people?q=Test%20Student%201&course=APIC1&limit=1');
  const notTheirs = r.json.items[0];
  const email = 'api.champion@uni.ac.uk';
  assert.equal(tandem(['user', 'add', '--db', srv.db, '--role', 'champion', '--name', 'Dr API', email], { env: { ...process.env, TANDEM_PASSWORD: 'champion-password-1' } }).code, 0);
  // A staff record teaching APIC2 (no staff API: straight into the store).
  const now = Math.floor(Date.now() / 1000);
  const sql = `INSERT INTO staff (staff_number, name, email, kind, created_at, updated_at) VALUES ('APISTAFF1', 'Dr API', '${email}', 'academic', ${now}, ${now});
    INSERT INTO staff_courses (staff_id, course_id) SELECT id, ${other.id} FROM staff WHERE staff_number = 'APISTAFF1';`;
  if (PG) execFileSync('psql', [srv.db, '-qc', sql]);
  else execFileSync('sqlite3', [srv.db, sql]);
  const champ = new Client(srv.url);
  await champ.signIn(email, 'champion-password-1');
  const list = JSON.parse((await champ.get('/api/v1/people?limit=200')).text);
  assert.deepEqual(list.items.map((p) => p.id), [theirs.id]);
  assert.equal((await champ.get(`/api/v1/people/${theirs.id}`)).status, 200);
  assert.equal((await champ.get(`/api/v1/people/${notTheirs.id}`)).status, 403);
  // A key, made by an administrator, sees everyone.
  r = await call(read, 'GET', '/api/v1/people?limit=200');
  assert.ok(r.json.items.length > 1);
});

// The /api/v1 routes in the route table (src/web/routes.c), as "METHOD path".
function routeTable() {
  const src = readFileSync(new URL('../../src/web/routes.c', import.meta.url), 'utf8');
  return [...src.matchAll(/\{"(GET|POST|PATCH|PUT|DELETE)",\s*"(\/api\/v1\/[^"]*)"/g)].map((m) => `${m[1]} ${m[2]}`).sort();
}

test('the OpenAPI document describes exactly the routes the server answers', async () => {
  const res = await fetch(`${srv.url}/api/v1/openapi.json`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  const doc = await res.json();
  assert.match(doc.openapi, /^3\./);
  assert.equal(doc.components.securitySchemes.bearer.scheme, 'bearer');
  // Run 1 and pairing 1 exist, so that "/{id}" with 1 names a real run and
  // pairing whatever the order of the paths (scheme 1 is matched by runs).
  const auth = { Authorization: `Bearer ${write}`, 'Content-Type': 'application/json' };
  const run = await fetch(`${srv.url}/api/v1/schemes/1/runs`, { method: 'POST', headers: auth, body: '{}' });
  assert.equal(run.status, 201);
  const { id: runId } = await run.json();
  assert.equal(runId, 1);
  const pub = await fetch(`${srv.url}/api/v1/runs/1/publish`, { method: 'POST', headers: auth, body: '{}' });
  assert.equal(pub.status, 200);
  const documented = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of ['get', 'post', 'patch', 'put', 'delete']) {
      if (!item[method]) continue;
      documented.push(`${method.toUpperCase()} ${path}`);
      const op = item[method];
      assert.ok(op.operationId && op.responses, `${method} ${path}`);
      // Every documented operation is answered (with a write key: 2xx or a 4xx other than 404/405).
      const concrete = path.replace(/\{[a-z_]+\}/g, '1');
      const r = await fetch(srv.url + concrete, {
        method: method.toUpperCase(),
        headers: { Authorization: `Bearer ${write}`, 'Content-Type': 'application/json' },
        body: method === 'get' ? undefined : '{}',
      });
      assert.ok(![404, 405].includes(r.status), `${method.toUpperCase()} ${concrete} answered ${r.status}`);
      for (const ref of Object.values(op.responses).map((x) => x.$ref).filter(Boolean)) {
        assert.equal(ref, '#/components/responses/Problem');
      }
    }
  }
  assert.deepEqual(documented.sort(), routeTable());
});
