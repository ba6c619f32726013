// Two `tandem serve` nodes on one database, as behind a load balancer: a
// session made on one is valid on the other, and queued mail is sent once.
// On PostgreSQL (TANDEM_TEST_PG) this is the deployment the docs describe;
// on SQLite it is two processes sharing one file, which must hold too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, Client, BIN, tandem, PG } from '../lib/server.mjs';
import { sql, schemeId, SCHEMES } from '../lib/matching.mjs';

// Another node hears of a change when PostgreSQL's notification reaches
// it, a moment after the commit; the nodes here keep sessions for a minute
// (--session-cache 60), so a change seen within a few seconds was heard,
// not timed out. On SQLite nothing is kept and the first answer is right.
const KEEP = ['--session-cache', '60'];
async function heard(read, expected, what) {
  let got;
  for (let i = 0; i < (PG ? 200 : 1); i++) {
    got = await read();
    if (JSON.stringify(got) === JSON.stringify(expected)) return;
    await sleep(20);
  }
  assert.deepEqual(got, expected, what);
}

// A second node on the first one's database; stop() checks it as startServer's does.
async function secondNode(db, args) {
  const child = spawn(BIN, ['serve', '--db', db, '--port', '0', '--threads', '4', ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((res, rej) => {
    let out = '';
    child.stdout.on('data', (d) => { out += d; const m = out.match(/serving (http:\/\/[^/\s]+)\//); if (m) res(m[1]); });
    child.on('exit', (code) => rej(new Error(`node 2 exited ${code}: ${stderr}`)));
  });
  const exited = new Promise((res) => child.on('exit', (code) => res(code)));
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error:|db_leak=/);
      assert.equal(code, 0, stderr.slice(-2000));
    },
  };
}

function smtpSink() {
  const messages = [];
  const server = net.createServer((sock) => {
    let buf = '', inData = false;
    sock.write('220 sink\r\n');
    sock.on('data', (d) => {
      buf += d;
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          messages.push(buf.slice(0, end));
          buf = buf.slice(end + 5);
          inData = false;
          sock.write('250 ok\r\n');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const verb = buf.slice(0, 4).toUpperCase();
        buf = buf.slice(nl + 2);
        if (verb === 'DATA') { inData = true; sock.write('354 go\r\n'); } else if (verb === 'QUIT') { sock.end('221 bye\r\n'); return; } else sock.write('250 ok\r\n');
      }
    });
    sock.on('error', () => {});
  });
  return new Promise((res) => server.listen(0, '127.0.0.1', () => res({ server, messages, port: server.address().port })));
}

test('a session made on one node is valid on the other, and each mail goes out once', async () => {
  const sink = await smtpSink();
  const smtp = ['--smtp', `smtp://127.0.0.1:${sink.port}`];
  const one = await startServer({ args: [...smtp, ...KEEP] });
  const two = await secondNode(one.db, [...smtp, ...KEEP]);
  try {
    const a = new Client(one.url);
    await a.signIn('coordinator@demo.ac.uk');
    const b = new Client(two.url);
    b.cookies = new Map(a.cookies);
    const page = await b.get('/account');
    assert.equal(page.status, 200);
    assert.match(page.text, /coordinator@demo\.ac\.uk/);
    // Signing out on node two ends the session on node one.
    const token = await b.csrf('/account');
    await b.post('/signout', { _csrf: token });
    await heard(async () => (await a.get('/account')).status, 303, 'signed out on node one');

    // Twenty reset mails queued through both nodes; both workers send.
    const emails = ['student', 'champion', 'coordinator', 'admin'];
    for (let i = 0; i < 20; i++) {
      const c = new Client(i % 2 ? one.url : two.url);
      const t = await c.csrf('/password/forgot');
      await c.post('/password/forgot', { _csrf: t, email: `${emails[i % 4]}@demo.ac.uk` },
        { headers: { 'X-Test': String(i) } });
    }
    // Three requests an hour per address are allowed: 12 mails in all.
    for (let i = 0; i < 150 && sink.messages.length < 12; i++) await sleep(100);
    await sleep(2500); // both workers have had another pass
    assert.equal(sink.messages.length, 12);
    const ids = sink.messages.map((m) => m.match(/^Message-ID: <outbox-(\d+)@tandem>/m)[1]);
    assert.equal(new Set(ids).size, 12, 'no message was sent twice');
  } finally {
    await two.stop();
    await one.stop();
    sink.server.close();
  }
});

// Match runs queued from the command line are taken by the two nodes'
// workers: each job runs once, on one node, and the last run solved is the
// scheme's one draft.
test('queued match runs are each solved once, by one of the two nodes', async () => {
  const one = await startServer();
  const two = await secondNode(one.db, []);
  try {
    const scheme = await schemeId(one, SCHEMES.firstYear);
    const runs = [];
    for (let i = 0; i < 6; i++) {
      const r = tandem(['match', '--scheme', String(scheme), '--queue', '--db', one.db]);
      assert.equal(r.code, 0, r.stderr);
      runs.push(Number(r.stdout.match(/Queued run (\d+)/)[1]));
    }
    const jobs = () => tandem(['jobs', '--db', one.db]).stdout.trim().split('\n').slice(1)
      .map((l) => l.split('\t')).map(([id, kind, ref, state, attempts, node]) =>
        ({ id, kind, ref: Number(ref), state, attempts: Number(attempts), node }));
    // Wait for both workers to drain the queue (they poll every two seconds).
    for (let i = 0; i < 600 && jobs().some((j) => j.state !== 'done'); i++) await sleep(100);
    const done = jobs().filter((j) => j.kind === 'match_run');
    assert.equal(done.length, 6);
    for (const j of done) {
      assert.equal(j.state, 'done');
      assert.equal(j.attempts, 1, `job ${j.id} was claimed once`);
      assert.ok(j.node, 'the node that took it is named');
    }
    assert.deepEqual(done.map((j) => j.ref).sort((a, b) => a - b), runs);
    const states = sql(one, `SELECT state FROM match_runs WHERE id IN (${runs.join(',')}) ORDER BY id`).split('\n');
    assert.equal(states.filter((s) => s === 'draft').length, 1, states.join(' '));
    assert.equal(states.filter((s) => s === 'discarded').length, 5, states.join(' '));
  } finally {
    await two.stop();
    await one.stop();
  }
});

// On PostgreSQL a node keeps the sessions it has just read. Whatever ends
// a session or changes an account is seen at once on the node that made
// the change, and on the other node as soon as it hears (made by hand in
// the database, it is heard by every node).
test('a session ended or an account changed on one node is seen on the other', async () => {
  const one = await startServer({ args: KEEP });
  const two = await secondNode(one.db, KEEP);
  try {
    const me = async (c) => {
      const r = await c.get('/api/v1/me');
      return r.status === 200 ? JSON.parse(r.text) : r.status;
    };
    const roles = async (c) => (await me(c)).roles?.sort();
    const coordinator = new Client(one.url);
    await coordinator.signIn('coordinator@demo.ac.uk');
    const onTwo = new Client(two.url);
    onTwo.cookies = new Map(coordinator.cookies);
    for (let i = 0; i < 5; i++) {
      assert.deepEqual(await roles(onTwo), ['coordinator']);
      assert.deepEqual(await roles(coordinator), ['coordinator']);
    }

    // The admin grants a role on node one: node one's next answer has it,
    // and node two's once it hears.
    const id = sql(one, "SELECT id FROM users WHERE email = 'coordinator@demo.ac.uk'");
    const admin = new Client(one.url);
    await admin.signIn('admin@demo.ac.uk');
    const saved = await admin.submit(`/admin/users/${id}`, `/admin/users/${id}/roles`,
      { roles: ['coordinator', 'champion'] });
    assert.equal(saved.status, 200);
    assert.deepEqual(await roles(coordinator), ['champion', 'coordinator']);
    await heard(() => roles(onTwo), ['champion', 'coordinator'], 'the role granted on node one');

    // A change made by hand in the database reaches both nodes.
    sql(one, `UPDATE users SET name = 'Renamed By Hand' WHERE id = ${id}`);
    await heard(async () => (await me(onTwo)).name, 'Renamed By Hand', 'renamed by hand, node two');
    await heard(async () => (await me(coordinator)).name, 'Renamed By Hand', 'renamed by hand, node one');

    // Signing out on node one ends the session there at once, and on node two.
    const token = await coordinator.csrf('/account');
    assert.equal((await coordinator.post('/signout', { _csrf: token })).status, 303);
    const stale = new Client(one.url);
    stale.cookies = new Map(onTwo.cookies);
    assert.equal(await me(stale), 401);
    await heard(() => me(onTwo), 401, 'signed out on node one');
    assert.equal((await onTwo.get('/account')).status, 303);

    // An account switched off by hand ends its sessions on every node.
    const again = new Client(two.url);
    await again.signIn('coordinator@demo.ac.uk');
    assert.equal((await me(again)).name, 'Renamed By Hand');
    sql(one, `UPDATE users SET active = 0 WHERE id = ${id}`);
    await heard(() => me(again), 401, 'switched off by hand');
  } finally {
    await two.stop();
    await one.stop();
  }
});
