// The scheme catalogue on the demo university: the catalogue for everyone
// (drafts only for those who manage them), creating from a type, editing
// (coordinators and the scheme's own staff only), markdown made safe,
// materials checked by their bytes and served with the right headers, the
// JSON API and the command line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client, tandem } from '../lib/server.mjs';

let srv, read, write;
before(async () => {
  srv = await startServer();
  read = tandem(['apikey', 'add', '--db', srv.db, '--name', 'schemes read', '--scope', 'read']).stdout.match(/^key: (\S+)$/m)[1];
  write = tandem(['apikey', 'add', '--db', srv.db, '--name', 'schemes write', '--scope', 'write']).stdout.match(/^key: (\S+)$/m)[1];
  // A second champion, who runs none of the demo's schemes.
  const r = tandem(['user', 'add', '--db', srv.db, '--role', 'champion', '--name', 'Dr Other Champion', 'other.champion@demo.ac.uk'],
    { env: { ...process.env, TANDEM_PASSWORD: 'other-champion-pw' } });
  assert.equal(r.code, 0, r.stderr);
});
after(async () => { await srv.stop(); });

const as = async (email, password) => { const c = new Client(srv.url); await c.signIn(email, password); return c; };
const unescape = (s) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

// The fields of the form posting to action on html, as a browser would send them.
function formFields(html, action) {
  const start = html.indexOf(`action="${action}"`);
  assert.ok(start >= 0, `a form posting to ${action}`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields = {};
  const add = (k, v) => { if (k in fields) fields[k] = [].concat(fields[k], v); else fields[k] = v; };
  for (const m of form.matchAll(/<input ([^>]*)>/g)) {
    const a = m[1];
    const name = a.match(/name="([^"]*)"/)?.[1];
    if (!name) continue;
    const value = unescape(a.match(/value="([^"]*)"/)?.[1] ?? '');
    const type = a.match(/type="([^"]*)"/)?.[1] ?? 'text';
    if ((type === 'checkbox' || type === 'radio') && !/ checked/.test(a)) continue;
    add(name, value);
  }
  for (const m of form.matchAll(/<select id="[^"]*" name="([^"]*)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const sel = m[2].match(/<option value="([^"]*)" selected>/) || m[2].match(/<option value="([^"]*)"/);
    add(m[1], sel ? unescape(sel[1]) : '');
  }
  for (const m of form.matchAll(/<textarea id="[^"]*" name="([^"]*)"[^>]*>([\s\S]*?)<\/textarea>/g)) add(m[1], unescape(m[2]));
  return fields;
}

async function schemeId(name) {
  const r = tandem(['scheme', 'list', '--db', srv.db, '--json']);
  assert.equal(r.code, 0, r.stderr);
  const s = JSON.parse(r.stdout).find((x) => x.name === name);
  assert.ok(s, name);
  return s.id;
}

test('the catalogue is open to everyone; a draft only to those who manage it', async () => {
  const anon = new Client(srv.url);
  const list = await anon.get('/schemes');
  assert.equal(list.status, 200);
  for (const name of ['Computer Science peer mentoring', 'Welcome before you arrive', 'PAL: Programming Fundamentals', 'International student mentoring']) {
    assert.match(list.text, new RegExp(name));
  }
  assert.doesNotMatch(list.text, />Final-year mentoring by alumni<\/a>/);
  assert.doesNotMatch(list.text, /Create a scheme/);
  const draft = await schemeId('Final-year mentoring by alumni');
  assert.equal((await anon.get(`/schemes/${draft}`)).status, 404);
  const student = await as('student@demo.ac.uk');
  assert.equal((await student.get(`/schemes/${draft}`)).status, 404);
  assert.doesNotMatch((await student.get('/schemes')).text, />Final-year mentoring by alumni<\/a>/);
  const coord = await as('coordinator@demo.ac.uk');
  const clist = await coord.get('/schemes');
  assert.match(clist.text, />Final-year mentoring by alumni<\/a>/);
  assert.match(clist.text, /<span class="tag">Draft<\/span>/);
  assert.match(clist.text, /href="\/schemes\/new"/);
  assert.equal((await coord.get(`/schemes/${draft}`)).status, 200);

  // Filters: type, text, course (schemes for everyone stay).
  const pal = await anon.get('/schemes?type=pal');
  assert.match(pal.text, /PAL: Programming Fundamentals/);
  assert.doesNotMatch(pal.text, />Welcome before you arrive</);
  assert.match(pal.text, /1 scheme</);
  const q = await anon.get('/schemes?q=ARRIVE');
  assert.match(q.text, /Welcome before you arrive/);
  assert.doesNotMatch(q.text, />PAL: Programming/);
  const history = (await anon.get('/schemes')).text.match(/<option value="(\d+)">V100 – BA History/)[1];
  const hist = await anon.get(`/schemes?course=${history}`);
  assert.doesNotMatch(hist.text, />Computer Science peer mentoring</);
  assert.match(hist.text, /International student mentoring/);
});

test('a scheme page shows its facts and the way in, with the managers\' links only for managers', async () => {
  const id = await schemeId('Computer Science peer mentoring');
  const anon = new Client(srv.url);
  const page = await anon.get(`/schemes/${id}`);
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`href="/schemes/${id}/apply">Apply to be a mentor`));
  assert.match(page.text, new RegExp(`href="/schemes/${id}/signup">Sign up as a mentee`));
  assert.match(page.text, /<strong>Computer Science peer mentoring<\/strong>/, 'markdown rendered');
  assert.match(page.text, /Dr Tomasz Nowak, academic champion/);
  assert.match(page.text, /Visa and immigration/);
  assert.match(page.text, /Mentors: enrolled students with at least one completed year/);
  assert.doesNotMatch(page.text, /Manage this scheme/);
  const pre = await anon.get(`/schemes/${await schemeId('Welcome before you arrive')}`);
  assert.doesNotMatch(pre.text, /Apply to be a mentor/, 'applications are not open');
  assert.match(pre.text, /Sign up as a mentee/);
  const champ = await as('champion@demo.ac.uk');
  const mine = await champ.get(`/schemes/${id}`);
  for (const p of ['edit', 'rules', 'questions', 'rubric', 'interviews', 'applications', 'signups', 'invitations']) {
    assert.match(mine.text, new RegExp(`href="/schemes/${id}/${p}"`));
  }
  assert.equal((await anon.get('/schemes/999999')).status, 404);
});

test('a coordinator creates a scheme from a type: the defaults fill the form, mistakes keep the input', async () => {
  const c = await as('coordinator@demo.ac.uk');
  const chooser = await c.get('/schemes/new');
  assert.equal(chooser.status, 200);
  assert.match(chooser.text, /Peer Assisted Learning/);
  const form = await c.get('/schemes/new?type=pal');
  assert.equal(form.status, 200);
  const fields = formFields(form.text, '/schemes/new');
  assert.equal(fields.type, 'pal');
  assert.equal(fields.format, 'group');
  assert.equal(fields.group_size, '8');
  assert.equal(fields.paid, '1');
  assert.equal(fields.rate, '12.50');
  assert.equal(fields.academic_year, '2026/27', 'the institution\'s year');
  assert.equal(fields.starts_on, '2026-09-21');
  assert.ok([].concat(fields.refer).includes('visa'));
  fields.name = 'PAL: Discrete <Maths>';
  fields.sponsor_staff_id = '';
  const bad = await c.post('/schemes/new', fields);
  assert.equal(bad.status, 400);
  assert.match(bad.text, /There is a problem/);
  assert.match(bad.text, /needs an academic sponsor/);
  assert.match(bad.text, /value="PAL: Discrete &lt;Maths&gt;"/, 'the input is kept, escaped');
  const again = formFields(bad.text, '/schemes/new');
  const sponsor = bad.text.match(/<option value="(\d+)">Dr Tomasz Nowak<\/option>/)[1];
  again.sponsor_staff_id = sponsor;
  again.group_size = '200';
  const big = await c.post('/schemes/new', again);
  assert.equal(big.status, 400);
  assert.match(big.text, /from 2 to 100/);
  assert.match(big.text, /value="200"/);
  again.group_size = '10';
  again.status = 'published';
  const noCourse = await c.post('/schemes/new', again);
  assert.equal(noCourse.status, 400, 'a course\'s scheme names its course');
  assert.match(noCourse.text, /serves at least one course/);
  again.courses = bad.text.match(/value="(\d+)"><label for="course-\d+">G400 – /)[1];
  const good = await c.post('/schemes/new', again);
  assert.equal(good.status, 303, good.text.match(/<div class="error-summary"[\s\S]*?<\/div>/)?.[0]);
  const page = await c.get(good.location);
  assert.match(page.text, /The scheme was created/);
  assert.match(page.text, /Groups of 10/);
  assert.match(page.text, /£12.50 an hour/);
  assert.match(page.text, /Academic sponsor<\/dt><dd>Dr Tomasz Nowak/);
  assert.match((await new Client(srv.url).get('/schemes?type=pal')).text, /PAL: Discrete &lt;Maths&gt;/);
  const admin = await as('admin@demo.ac.uk');
  assert.match((await admin.get('/admin/audit?action=scheme')).text, /scheme\.create/);
});

test('students cannot create or edit; only the scheme\'s own champion among champions edits it', async () => {
  const id = await schemeId('Computer Science peer mentoring');
  const student = await as('student@demo.ac.uk');
  assert.equal((await student.get('/schemes/new')).status, 403);
  assert.equal((await student.get(`/schemes/${id}/edit`)).status, 403);
  const token = await student.csrf('/account/password');
  assert.equal((await student.post(`/schemes/${id}/edit`, { _csrf: token, name: 'Hijacked' })).status, 403);
  const anon = new Client(srv.url);
  assert.equal((await anon.get(`/schemes/${id}/edit`)).status, 303, 'signed out: to the sign-in');

  const other = await as('other.champion@demo.ac.uk', 'other-champion-pw');
  assert.equal((await other.get(`/schemes/${id}/edit`)).status, 403);
  assert.equal((await other.get('/schemes/new')).status, 403);

  const champ = await as('champion@demo.ac.uk');
  const edit = await champ.get(`/schemes/${id}/edit`);
  assert.equal(edit.status, 200);
  const fields = formFields(edit.text, `/schemes/${id}/edit`);
  assert.equal(fields.name, 'Computer Science peer mentoring');
  assert.equal(fields.status, 'published');
  const bad = await champ.post(`/schemes/${id}/edit`, { ...fields, ends_on: '2026-01-01', summary: 'Kept summary' });
  assert.equal(bad.status, 400);
  assert.match(bad.text, /must not be before the start date/);
  assert.match(bad.text, /value="Kept summary"/);
  const both = await champ.post(`/schemes/${id}/edit`, { ...fields, help: [].concat(fields.help, 'visa') });
  assert.equal(both.status, 400);
  assert.match(both.text, /cannot be both/);
  const good = await champ.post(`/schemes/${id}/edit`, {
    ...fields, commitment: 'One hour a fortnight', signups_open: [], help: [].concat(fields.help, 'exam_preparation'),
  });
  assert.equal(good.status, 303);
  const page = await champ.get(good.location);
  assert.match(page.text, /Your changes were saved/);
  assert.match(page.text, /One hour a fortnight/);
  assert.match(page.text, /Exam preparation/);
  assert.doesNotMatch(page.text, /Sign up as a mentee/);
  // Restore for the other tests.
  const restore = await champ.post(`/schemes/${id}/edit`, { ...fields });
  assert.equal(restore.status, 303);

  // The coordinator adds the other champion, who then may edit; and removes them.
  const coord = await as('coordinator@demo.ac.uk');
  const nobody = await coord.submit(`/schemes/${id}/edit`, `/schemes/${id}/staff`, { email: 'nobody@demo.ac.uk', role: 'champion' });
  assert.equal(nobody.status, 400);
  assert.match(nobody.text, /no active account with that email/);
  assert.match(nobody.text, /value="nobody@demo.ac.uk"/);
  const add = await coord.submit(`/schemes/${id}/edit`, `/schemes/${id}/staff`, { email: 'Other.Champion@demo.ac.uk', role: 'champion' });
  assert.equal(add.status, 303);
  assert.equal((await other.get(`/schemes/${id}/edit`)).status, 200);
  const userId = (await coord.get(`/schemes/${id}/edit`)).text.match(/Dr Other Champion[\s\S]*?name="user_id" value="(\d+)"/)[1];
  const remove = await coord.submit(`/schemes/${id}/edit`, `/schemes/${id}/staff/remove`, { user_id: userId, role: 'champion' });
  assert.equal(remove.status, 303);
  assert.equal((await other.get(`/schemes/${id}/edit`)).status, 403);
});

test('markdown is rendered safely: no script, no javascript: links, no raw HTML', async () => {
  const id = await schemeId('International student mentoring');
  const c = await as('coordinator@demo.ac.uk');
  const fields = formFields((await c.get(`/schemes/${id}/edit`)).text, `/schemes/${id}/edit`);
  const saved = await c.post(`/schemes/${id}/edit`, {
    ...fields,
    description: 'Hello <script>alert(1)</script> **bold**\n\n[click](javascript:alert(2)) [ok](https://example.org/)\n\n<img src=x onerror=alert(3)>\n\n# Title',
  });
  assert.equal(saved.status, 303);
  const page = await new Client(srv.url).get(`/schemes/${id}`);
  assert.doesNotMatch(page.text, /<script>alert/);
  assert.doesNotMatch(page.text, /javascript:/i);
  assert.doesNotMatch(page.text, /onerror/);
  assert.match(page.text, /<strong>bold<\/strong>/);
  assert.match(page.text, /<a href="https:\/\/example.org\/">ok<\/a>/);
  assert.match(page.text, /<h2>Title<\/h2>/, 'headings sit under the page\'s h1');
  // The edit form shows the markdown as text, escaped.
  assert.match((await c.get(`/schemes/${id}/edit`)).text, /Hello &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
});

async function upload(client, id, { name, type, bytes, title = '' }) {
  const token = await client.csrf(`/schemes/${id}/edit`);
  const fd = new FormData();
  fd.append('_csrf', token);
  fd.append('title', title);
  fd.append('file', new Blob([bytes], { type }), name);
  return client.request('POST', `/schemes/${id}/materials`, { body: fd });
}

test('materials: a PDF is accepted and served as a download; HTML named .pdf and oversize files are refused', async () => {
  const id = await schemeId('Computer Science peer mentoring');
  const c = await as('coordinator@demo.ac.uk');
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const ok = await upload(c, id, { name: '../Mentor guide (2026).pdf', type: 'application/pdf', bytes: pdf, title: 'Mentor guide' });
  assert.equal(ok.status, 303, ok.text.slice(0, 300));
  const page = await new Client(srv.url).get(`/schemes/${id}`);
  const href = page.text.match(new RegExp(`href="(/schemes/${id}/materials/\\d+)">Mentor guide</a> \\(PDF`))[1];
  const file = await fetch(srv.url + href);
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-type'), 'application/pdf');
  assert.equal(file.headers.get('content-disposition'), 'attachment; filename="Mentor_guide_2026_.pdf"');
  assert.equal(file.headers.get('x-content-type-options'), 'nosniff');
  assert.deepEqual(Buffer.from(await file.arrayBuffer()), pdf);

  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32)]);
  const image = await upload(c, id, { name: 'poster.txt', type: 'text/plain', bytes: png, title: 'Poster' });
  assert.equal(image.status, 303);
  const imgHref = (await c.get(`/schemes/${id}`)).text.match(new RegExp(`href="(/schemes/${id}/materials/\\d+)">Poster</a>`))[1];
  const img = await fetch(srv.url + imgHref);
  assert.equal(img.headers.get('content-type'), 'image/png', 'by the bytes, not the name or the type sent');
  assert.match(img.headers.get('content-disposition'), /^inline; filename="poster.png"$/);

  const html = await upload(c, id, { name: 'evil.pdf', type: 'application/pdf', bytes: Buffer.from('<html><script>alert(1)</script></html>') });
  assert.equal(html.status, 400);
  assert.match(html.text, /Upload a PDF or an image/);
  const huge = Buffer.alloc(5 * 1024 * 1024 + 1, 0x20);
  huge.write('%PDF-1.4\n');
  const big = await upload(c, id, { name: 'big.pdf', type: 'application/pdf', bytes: huge });
  assert.equal(big.status, 413);
  assert.match(big.text, /larger than 5 MB/);

  // A draft's materials are as hidden as the draft.
  const draft = await schemeId('Final-year mentoring by alumni');
  assert.equal((await upload(c, draft, { name: 'd.pdf', type: 'application/pdf', bytes: pdf, title: 'Draft guide' })).status, 303);
  const dHref = (await c.get(`/schemes/${draft}`)).text.match(new RegExp(`href="(/schemes/${draft}/materials/\\d+)"`))[1];
  assert.equal((await fetch(srv.url + dHref)).status, 404);
  assert.equal((await c.get(dHref)).status, 200);
  // Another scheme's id in the path finds nothing.
  assert.equal((await fetch(srv.url + href.replace(`/schemes/${id}/`, `/schemes/${draft}/`))).status, 404);

  // Students may not upload or delete.
  const student = await as('student@demo.ac.uk');
  assert.equal((await upload(student, id, { name: 'x.pdf', type: 'application/pdf', bytes: pdf }).catch(() => ({ status: 403 }))).status, 403);
  const del = await c.submit(`/schemes/${id}/edit`, `${imgHref}/delete`, {});
  assert.equal(del.status, 303);
  assert.equal((await fetch(srv.url + imgHref)).status, 404);
});

test('API: list, show and create schemes, with and without keys', async () => {
  const call = async (key, method, path, body) => {
    const headers = key ? { Authorization: `Bearer ${key}` } : {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(srv.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type'), json: text ? JSON.parse(text) : null };
  };
  assert.equal((await call(null, 'GET', '/api/v1/schemes')).status, 401);
  const all = await call(read, 'GET', '/api/v1/schemes?limit=2');
  assert.equal(all.status, 200);
  assert.equal(all.json.items.length, 2);
  assert.ok(all.json.next_cursor);
  const next = await call(read, 'GET', `/api/v1/schemes?limit=200&cursor=${all.json.next_cursor}`);
  assert.ok(next.json.items.every((s) => s.id > all.json.items[1].id));
  const drafts = await call(read, 'GET', '/api/v1/schemes?status=draft');
  assert.ok(drafts.json.items.some((s) => s.name === 'Final-year mentoring by alumni'), 'a key sees drafts');
  const pal = await call(read, 'GET', '/api/v1/schemes?type=pal&year=2026/27');
  assert.ok(pal.json.items.length >= 1 && pal.json.items.every((s) => s.type === 'pal'));
  const badType = await call(read, 'GET', '/api/v1/schemes?type=fun');
  assert.equal(badType.status, 400);
  assert.equal(badType.json.errors[0].field, 'type');

  const id = await schemeId('Computer Science peer mentoring');
  const one = await call(read, 'GET', `/api/v1/schemes/${id}`);
  assert.equal(one.status, 200);
  assert.equal(one.json.type, 'pastoral');
  assert.ok(one.json.courses.includes('G400'));
  assert.equal((await call(read, 'GET', '/api/v1/schemes/999999')).status, 404);

  // A student's session sees the catalogue, not the draft.
  const student = await as('student@demo.ac.uk');
  const draft = await schemeId('Final-year mentoring by alumni');
  assert.equal((await student.get(`/api/v1/schemes/${draft}`)).status, 404);
  assert.ok(!JSON.parse((await student.get('/api/v1/schemes?limit=200')).text).items.some((s) => s.id === draft));

  const body = { type: 'buddy', name: 'API buddies', academic_year: '2026/27', starts_on: '2026-09-21', ends_on: '2027-06-11', courses: ['G400'] };
  assert.equal((await call(read, 'POST', '/api/v1/schemes', body)).status, 403, 'a read key cannot create');
  const bad = await call(write, 'POST', '/api/v1/schemes', { ...body, ends_on: '2026-01-01' });
  assert.equal(bad.status, 422);
  assert.equal(bad.type, 'application/problem+json');
  assert.equal(bad.json.errors[0].field, 'ends_on');
  const unknown = await call(write, 'POST', '/api/v1/schemes', { ...body, colour: 'blue' });
  assert.equal(unknown.status, 422);
  const noCourse = await call(write, 'POST', '/api/v1/schemes', { ...body, courses: ['NOPE'] });
  assert.equal(noCourse.status, 422);
  assert.equal(noCourse.json.errors[0].field, 'courses');
  const made = await call(write, 'POST', '/api/v1/schemes', body);
  assert.equal(made.status, 201, JSON.stringify(made.json));
  assert.equal(made.json.status, 'draft');
  assert.equal(made.json.format, 'one_to_one');
  assert.deepEqual(made.json.courses, ['G400']);
  assert.equal((await call(read, 'GET', `/api/v1/schemes/${made.json.id}`)).json.name, 'API buddies');
});

test('CLI: tandem scheme list, show and create', async () => {
  const list = tandem(['scheme', 'list', '--db', srv.db, '--year', '2026/27']);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /published\s+pastoral\s+Computer Science peer mentoring/);
  assert.match(list.stdout, /draft\s+final_year/);
  const id = await schemeId('PAL: Programming Fundamentals');
  const show = tandem(['scheme', 'show', String(id), '--db', srv.db]);
  assert.equal(show.code, 0);
  assert.match(show.stdout, /type:\s+pal \(Peer Assisted Learning\)/);
  const json = JSON.parse(tandem(['scheme', 'show', String(id), '--db', srv.db, '--json']).stdout);
  assert.equal(json.group_size, 8);
  assert.equal(tandem(['scheme', 'show', '999999', '--db', srv.db]).code, 1);
  assert.equal(tandem(['scheme', 'show', '--db', srv.db]).code, 2);
  const noSponsor = tandem(['scheme', 'create', '--db', srv.db, '--type', 'pal', '--name', 'CLI PAL', '--year', '2026/27']);
  assert.equal(noSponsor.code, 2);
  assert.match(noSponsor.stderr, /academic sponsor/);
  const badType = tandem(['scheme', 'create', '--db', srv.db, '--type', 'fun', '--name', 'X', '--year', '2026/27']);
  assert.equal(badType.code, 2);
  assert.match(badType.stderr, /unknown type/);
  const made = tandem(['scheme', 'create', '--db', srv.db, '--type', 'transition', '--name', 'CLI transition', '--year', '2026/27',
    '--starts', '2026-09-21', '--ends', '2026-12-18']);
  assert.equal(made.code, 2, 'a transition scheme is a faculty\'s: it needs a faculty');
  assert.match(made.stderr, /faculties/);
  const ok = tandem(['scheme', 'create', '--db', srv.db, '--type', 'buddy', '--name', 'CLI buddies', '--year', '2026/27',
    '--starts', '2026-09-21', '--ends', '2026-12-18']);
  assert.equal(ok.code, 0, ok.stderr);
  const newId = Number(ok.stdout.trim());
  assert.match(tandem(['scheme', 'show', String(newId), '--db', srv.db]).stdout, /status:\s+draft/);
  assert.equal(tandem(['scheme', '--help']).code, 0);
  assert.equal(tandem(['scheme', 'frobnicate', '--db', srv.db]).code, 2);
});
