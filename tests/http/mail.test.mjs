// With --smtp, the worker sends the outbox through an SMTP server (here a
// small one on loopback that records what it receives), once per message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, Client } from '../lib/server.mjs';

function smtpSink() {
  const messages = [];
  const server = net.createServer((sock) => {
    let buf = '', inData = false, current = null;
    sock.write('220 sink.test ESMTP\r\n');
    sock.on('data', (d) => {
      buf += d;
      for (;;) {
        if (inData) {
          const end = buf.indexOf('\r\n.\r\n');
          if (end < 0) return;
          current.data = buf.slice(0, end);
          messages.push(current);
          buf = buf.slice(end + 5);
          inData = false;
          sock.write('250 queued\r\n');
          continue;
        }
        const nl = buf.indexOf('\r\n');
        if (nl < 0) return;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') sock.write('250 sink.test\r\n');
        else if (verb === 'MAIL') { current = { from: line, to: [] }; sock.write('250 ok\r\n'); }
        else if (verb === 'RCPT') { current.to.push(line); sock.write('250 ok\r\n'); }
        else if (verb === 'DATA') { inData = true; sock.write('354 go ahead\r\n'); }
        else if (verb === 'QUIT') { sock.end('221 bye\r\n'); return; }
        else sock.write('250 ok\r\n');
      }
    });
    sock.on('error', () => {});
  });
  return new Promise((res) => server.listen(0, '127.0.0.1', () => res({ server, messages, port: server.address().port })));
}

test('a reset mail is sent through SMTP and marked sent in the outbox', async () => {
  const sink = await smtpSink();
  const srv = await startServer({ args: ['--smtp', `smtp://127.0.0.1:${sink.port}`, '--mail-from', 'mentoring@demo.ac.uk',
    '--base-url', 'https://mentoring.demo.ac.uk'] });
  try {
    const anon = new Client(srv.url);
    // Behind the proxy, browsers send the public origin, which --base-url names.
    const token = await anon.csrf('/password/forgot');
    const r = await anon.post('/password/forgot', { _csrf: token, email: 'student@demo.ac.uk' },
      { headers: { Origin: 'https://mentoring.demo.ac.uk' } });
    assert.equal(r.status, 200);
    for (let i = 0; i < 100 && sink.messages.length === 0; i++) await sleep(100);
    assert.equal(sink.messages.length, 1);
    const m = sink.messages[0];
    assert.match(m.from, /mentoring@demo\.ac\.uk/);
    assert.match(m.to[0], /<student@demo\.ac\.uk>/);
    assert.match(m.data, /^Subject: Reset your Tandem password\r$/m);
    assert.match(m.data, /https:\/\/mentoring\.demo\.ac\.uk\/password\/reset\?token=[A-Za-z0-9_-]{43}/);

    const admin = new Client(srv.url);
    const t2 = await admin.csrf('/signin');
    await admin.post('/signin', { _csrf: t2, email: 'admin@demo.ac.uk', password: 'mentoring-demo' },
      { headers: { Origin: 'https://mentoring.demo.ac.uk' } });
    let page;
    for (let i = 0; i < 50; i++) {
      page = await admin.get('/admin/outbox');
      if (/Sent \d{4}-/.test(page.text)) break;
      await sleep(100);
    }
    assert.match(page.text, /Sent \d{4}-/);
    await sleep(2500); // another pass of the worker: nothing is sent twice
    assert.equal(sink.messages.length, 1);
  } finally {
    await srv.stop();
    sink.server.close();
  }
});
