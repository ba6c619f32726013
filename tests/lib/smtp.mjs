// A small SMTP server on loopback that keeps every message it receives
// ({ from, to: [...], data }), for tests of tandem serve --smtp.
import net from 'node:net';

export function smtpSink() {
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
          current.data = buf.slice(0, end).replace(/^\.\./gm, '.');
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

// The parts of a multipart message: [{ headers, body }], headers lower-cased.
export function mimeParts(data) {
  const m = data.match(/^Content-Type: multipart\/mixed; boundary="([^"]+)"/mi);
  if (!m) return [];
  const chunks = data.split(`--${m[1]}`).slice(1, -1);
  return chunks.map((c) => {
    const [head, ...rest] = c.replace(/^\r\n/, '').split('\r\n\r\n');
    const headers = {};
    for (const line of head.split('\r\n')) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
    }
    return { headers, body: rest.join('\r\n\r\n').replace(/\r\n$/, '') };
  });
}
