// Importing and exporting people: the command line's round trip (export
// then import into an empty database reproduces the data, and a second
// import changes nothing), the coordinators' upload (every error listed,
// nothing kept, then the fixed file imported), who may upload, the upload
// cap, templates, and the people list's CSV and Excel exports with
// spreadsheet formulas neutralised.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, Client, tandem, freshDatabase } from '../lib/server.mjs';

const COURSES = 'code,title,faculty_code,faculty_name,level,years,campus\n'
  + 'IMP-CS,BSc Imported Computing,IMPF,Faculty of Imports,undergraduate,3,North\n'
  + 'IMP-DS,MSc Imported Data,IMPF,Faculty of Imports,postgraduate_taught,1,\n';
const STAFF = 'staff_number,name,email,job_title,kind,faculty_code,courses\n'
  + 'IMPS1,Dr Ada Import,ada.import@uni.example.ac.uk,Lecturer,academic,IMPF,IMP-CS;IMP-DS\n';
const HEADER = 'student_number,legal_name,preferred_name,university_email,course_code,'
  + 'year_of_study,status,home_country,fee_status,languages,completed_years\n';
const GOOD = HEADER
  + 'IMP0001,"Obi, Ada",Ada,ada.obi@uni.example.ac.uk,IMP-CS,2,enrolled,NG,international,en*;yo,2023/24:1:progressed\n'
  + 'IMP0002,Bo Li,=1+2,bo.li@uni.example.ac.uk,IMP-DS,1,incoming,CN,international,zh*;en,\n';
const BAD = GOOD
  + 'IMP0003,Cy Rees,,not-an-email,IMP-CS,1,enrolled,GB,home,,\n'
  + 'IMP0004,Di Roy,,di.roy@uni.example.ac.uk,NOPE,1,enrolled,GB,home,,\n';

let srv, coordinator, student, dir;
before(async () => {
  srv = await startServer({ args: ['--max-upload', String(3 << 20)] });
  coordinator = new Client(srv.url);
  await coordinator.signIn('coordinator@demo.ac.uk');
  student = new Client(srv.url);
  await student.signIn('student@demo.ac.uk');
  dir = mkdtempSync(join(tmpdir(), 'tandem-import-'));
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await srv.stop();
});

function file(name, text) {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function upload(client, kind, name, text) {
  const token = await client.csrf('/people/import');
  const form = new FormData();
  form.append('_csrf', token);
  form.append('kind', kind);
  form.append('file', new Blob([text], { type: 'text/csv' }), name);
  return client.request('POST', '/people/import', { body: form });
}

test('tandem import lists every bad row and writes nothing; export then import reproduces the data', () => {
  const db = freshDatabase(dir);
  assert.equal(tandem(['init', '--db', db]).code, 0);
  let r = tandem(['import', 'courses', file('c.csv', COURSES), '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /2 created, 0 updated, 0 unchanged/);
  r = tandem(['import', 'students', file('bad.csv', BAD), '--db', db]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bad\.csv:4:university_email: /);
  assert.match(r.stderr, /bad\.csv:5:course_code: There is no course/);
  assert.match(r.stderr, /2 errors in 4 rows; nothing was imported/);
  r = tandem(['export', 'students', '-', '--db', db]);
  assert.equal(r.stdout.trim().split('\n').length, 1, 'only the header: nothing was imported');

  assert.equal(tandem(['import', 'staff', file('s.csv', STAFF), '--db', db]).code, 0);
  r = tandem(['import', 'students', file('good.csv', GOOD), '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /2 created/);
  r = tandem(['import', 'students', file('good.csv', GOOD), '--db', db]);
  assert.match(r.stdout, /0 created, 0 updated, 2 unchanged/);

  const kinds = ['courses', 'staff', 'students'];
  const exported = {};
  for (const k of kinds) {
    assert.equal(tandem(['export', k, join(dir, `${k}.out.csv`), '--db', db]).code, 0);
    exported[k] = readFileSync(join(dir, `${k}.out.csv`), 'utf8');
  }
  assert.match(exported.students, /,'=1\+2,/, 'formula-like cells are neutralised');
  assert.match(exported.students, /"Obi, Ada"/);

  const empty = freshDatabase(dir).replace(/tandem\.db$/, 'empty.db');
  assert.equal(tandem(['init', '--db', empty]).code, 0);
  for (const k of kinds) {
    r = tandem(['import', k, join(dir, `${k}.out.csv`), '--db', empty]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, / 0 updated, 0 unchanged/);
  }
  for (const k of kinds) {
    r = tandem(['import', k, join(dir, `${k}.out.csv`), '--db', empty]);
    assert.match(r.stdout, /0 created, 0 updated, \d+ unchanged/);
    assert.equal(tandem(['export', k, '-', '--db', empty]).stdout, exported[k]);
  }
});

test('a coordinator uploads a file with errors, sees each, then imports the fixed file', async () => {
  let r = await upload(coordinator, 'courses', 'courses.csv', COURSES);
  assert.equal(r.status, 200, r.text);
  assert.match(r.text, /Imported 2 courses/);

  r = await upload(coordinator, 'students', 'students.csv', BAD);
  assert.equal(r.status, 422);
  assert.match(r.text, /Nothing was imported: 2 problems/);
  assert.match(r.text, /<td>4<\/td><td>university_email<\/td>/);
  assert.match(r.text, /<td>5<\/td><td>course_code<\/td><td>There is no course with the code &quot;NOPE&quot;/);
  let list = await coordinator.get('/people/export.csv?q=IMP000');
  assert.doesNotMatch(list.text, /IMP0001/, 'nothing was kept');

  r = await upload(coordinator, 'students', 'students.csv', GOOD);
  assert.equal(r.status, 200);
  assert.match(r.text, /Imported 2 students/);
  assert.match(r.text, /2 created/);
  r = await upload(coordinator, 'students', 'students.csv', GOOD);
  assert.match(r.text, /0 created<\/li><li>0 updated<\/li><li>2 unchanged/);
});

test('the upload needs a kind and a file, and the CSRF token in the multipart form', async () => {
  const token = await coordinator.csrf('/people/import');
  let form = new FormData();
  form.append('_csrf', token);
  form.append('kind', 'students');
  let r = await coordinator.request('POST', '/people/import', { body: form });
  assert.equal(r.status, 400);
  assert.match(r.text, /Choose a CSV file/);
  form = new FormData();
  form.append('kind', 'students');
  form.append('file', new Blob([GOOD]), 'x.csv');
  r = await coordinator.request('POST', '/people/import', { body: form });
  assert.equal(r.status, 403);
});

test('uploads may be larger than --max-body but not than --max-upload', async () => {
  const rows = [];
  for (let i = 0; i < 14000; i++) rows.push(`IMPBIG${i},Name ${i},,big${i}@uni.example.ac.uk,IMP-CS,1,enrolled,GB,home,,`);
  const big = HEADER + rows.join('\n') + '\n';
  assert.ok(big.length > (1 << 20) && big.length < (3 << 20));
  let r = await upload(coordinator, 'students', 'big.csv', big);
  assert.equal(r.status, 200, r.text.slice(0, 500));
  assert.match(r.text, /Imported 14000 students/);
  r = await upload(coordinator, 'students', 'huge.csv', big + big + big);
  assert.equal(r.status, 413);
  // An ordinary form keeps the small cap.
  r = await coordinator.post('/people/bulk', { _csrf: 'x', pad: 'y'.repeat(2 << 20) });
  assert.equal(r.status, 413);
});

test('a student cannot import, download templates or export', async () => {
  for (const path of ['/people/import', '/people/import/template/students.csv',
    '/people/export.csv', '/people/export.xlsx']) {
    assert.equal((await student.get(path)).status, 403, path);
  }
  const form = new FormData();
  form.append('kind', 'students');
  form.append('file', new Blob([GOOD]), 'x.csv');
  const r = await student.request('POST', '/people/import', { body: form });
  assert.equal(r.status, 403);
});

test('templates download as CSV with the header and an example row', async () => {
  for (const kind of ['students', 'staff', 'courses', 'faculties']) {
    const r = await coordinator.get(`/people/import/template/${kind}.csv`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/csv/);
    assert.match(r.headers.get('content-disposition'), /attachment; filename="tandem-/);
    assert.equal(r.text.trim().split('\r\n').length, 2);
  }
  assert.equal((await coordinator.get('/people/import/template/wizards.csv')).status, 404);
});

test('the people list exports as CSV with formulas neutralised, and as Excel', async () => {
  const r = await coordinator.get('/people/export.csv?q=IMP000');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition'), /attachment; filename="tandem-people\.csv"/);
  const lines = r.text.replace(/^\ufeff/, '').trim().split('\r\n');
  assert.match(lines[0], /^student_number,legal_name,/);
  assert.equal(lines.length, 3);
  assert.match(r.text, /,'=1\+2,/);
  assert.doesNotMatch(r.text, /,=1\+2,/);
  assert.equal((await coordinator.get('/people/export.csv?year=99')).status, 400);

  const x = await fetch(srv.url + '/people/export.xlsx?q=IMP000', { headers: { Cookie: coordinator.cookieHeader() } });
  assert.equal(x.status, 200);
  assert.match(x.headers.get('content-type'), /spreadsheetml/);
  const bytes = Buffer.from(await x.arrayBuffer());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');
});

test('only a coordinator may send an upload-sized body; others are cut off at the usual cap', async () => {
  const srv2 = await startServer();
  try {
    const big = 'x'.repeat(3 * 1024 * 1024); // over --max-body (1 MiB), under --max-upload
    const post = (c) => c.request('POST', '/people/import', {
      body: big, headers: { 'Content-Type': 'multipart/form-data; boundary=b' },
    });
    const anon = new Client(srv2.url);
    assert.equal((await post(anon)).status, 413);
    const student = new Client(srv2.url);
    await student.signIn('student@demo.ac.uk');
    assert.equal((await post(student)).status, 413);
    const coord = new Client(srv2.url);
    await coord.signIn('coordinator@demo.ac.uk');
    assert.notEqual((await post(coord)).status, 413, 'the coordinator\'s body is accepted (and then judged)');
  } finally {
    await srv2.stop();
  }
});
