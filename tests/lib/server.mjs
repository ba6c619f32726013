// Start a real `tandem serve` on a free loopback port with a fresh database,
// and talk to it like a browser would (cookies, CSRF tokens, redirects).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = resolve(process.env.TANDEM_BIN || 'build-test/src/cli/tandem');
export const DEMO_PASSWORD = 'mentoring-demo';
// With TANDEM_TEST_PG (postgres://user@host:port), every server gets a
// fresh PostgreSQL database of its own; without it, a fresh SQLite file.
export const PG = process.env.TANDEM_TEST_PG || '';
let dbCount = 0;

// A new, empty database URL (PostgreSQL) or path (SQLite) in dir.
export function freshDatabase(dir) {
  if (!PG) return join(dir, 'tandem.db');
  const name = `t_${process.pid}_${++dbCount}`;
  execFileSync('psql', [`${PG}/postgres`, '-qc', `CREATE DATABASE ${name}`], { stdio: 'pipe' });
  return `${PG}/${name}`;
}

function dropDatabase(db) {
  if (!PG || !db.startsWith(PG)) return;
  const name = db.slice(PG.length + 1);
  try {
    execFileSync('psql', [`${PG}/postgres`, '-qc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { stdio: 'pipe' });
  } catch { /* the server goes away with the test run anyway */ }
}

// Run a tandem subcommand to completion; returns { code, stdout, stderr }.
export function tandem(args, opts = {}) {
  try {
    const stdout = execFileSync(BIN, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...opts });
    return { code: 0, stdout, stderr: '' };
  } catch (e) {
    return { code: e.status, stdout: e.stdout || '', stderr: e.stderr || '' };
  }
}

// startServer({ demo: true, args: [...], db }) -> { url, db, dir, stop() }
// With db (an existing database), serves that one and leaves it in place.
export async function startServer({ demo = true, args = [], env = {}, db: given } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-test-'));
  const db = given || freshDatabase(dir);
  if (demo) {
    const r = tandem(['demo', '--db', db]);
    if (r.code !== 0) throw new Error(`tandem demo failed: ${r.stderr}`);
  }
  const child = spawn(BIN, ['serve', '--db', db, '--port', '0', '--threads', '4', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((res, rej) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/serving (http:\/\/[^/\s]+)\//);
      if (m) res(m[1]);
    });
    child.on('exit', (code) => rej(new Error(`tandem serve exited ${code}: ${stderr}`)));
  });
  const exited = new Promise((res) => child.on('exit', (code, signal) => res({ code, signal })));
  return {
    url, db, dir, child,
    log: () => stderr,
    // Stop with SIGTERM; the server must exit 0 with no sanitizer report.
    async stop() {
      child.kill('SIGTERM');
      const { code, signal } = await exited;
      rmSync(dir, { recursive: true, force: true });
      if (!given) dropDatabase(db);
      if (/AddressSanitizer|LeakSanitizer|runtime error:|db_leak=/.test(stderr)) {
        throw new Error(`sanitizer report from tandem serve:\n${stderr.slice(-4000)}`);
      }
      if (code !== 0) throw new Error(`tandem serve exited with ${code ?? signal}:\n${stderr.slice(-2000)}`);
    },
  };
}

// A browser-like client: keeps cookies, reads CSRF tokens from forms.
export class Client {
  constructor(base) { this.base = base; this.cookies = new Map(); }

  cookieHeader() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }

  keep(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i), value = pair.slice(i + 1);
      if (/Max-Age=0/i.test(c) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(method, path, { body, headers = {}, origin = true } = {}) {
    const h = { ...headers };
    if (this.cookies.size) h.Cookie = this.cookieHeader();
    if (body !== undefined && origin && !('Origin' in h)) h.Origin = this.base;
    const res = await fetch(this.base + path, { method, body, headers: h, redirect: 'manual' });
    this.keep(res);
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location') };
  }

  get(path, opts) { return this.request('GET', path, opts); }

  // POST a form; fields is an object (arrays repeat the field).
  post(path, fields, opts = {}) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) {
      for (const one of Array.isArray(v) ? v : [v]) p.append(k, one);
    }
    return this.request('POST', path, {
      ...opts,
      body: p.toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(opts.headers || {}) },
    });
  }

  // GET a page and return the CSRF token of its first form.
  async csrf(path) {
    const r = await this.get(path);
    const m = r.text.match(/name="_csrf" value="([^"]+)"/);
    if (!m) throw new Error(`no form with a CSRF token on ${path} (status ${r.status})`);
    return m[1];
  }

  // Sign in through the form; returns the POST's response.
  async signIn(email, password = DEMO_PASSWORD) {
    const token = await this.csrf('/signin');
    return this.post('/signin', { _csrf: token, email, password });
  }

  // POST a form of the page at formPage, with its CSRF token.
  async submit(formPage, action, fields) {
    const token = await this.csrf(formPage);
    return this.post(action, { _csrf: token, ...fields });
  }
}
