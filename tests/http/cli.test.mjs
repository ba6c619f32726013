// The tandem command line, as an administrator scripts it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tandem, freshDatabase } from '../lib/server.mjs';

const dir = mkdtempSync(join(tmpdir(), 'tandem-cli-'));
const db = freshDatabase(dir);
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

test('tandem --help lists the commands, and each command has --help', () => {
  const top = tandem(['--help']);
  assert.equal(top.code, 0);
  for (const cmd of ['serve', 'init', 'demo', 'user', 'copy', 'match-file']) {
    assert.match(top.stdout, new RegExp(`\\b${cmd}\\b`));
    const h = tandem([cmd, '--help']);
    assert.equal(h.code, 0, cmd);
    assert.match(h.stdout, /usage: tandem/i, cmd);
  }
  assert.match(tandem(['serve', '--help']).stdout, /--bind VALUE[\s\S]*--port VALUE/);
  assert.equal(tandem(['frobnicate']).code, 2);
  assert.equal(tandem([]).code, 2);
});

test('init creates an empty database and says so; a second run changes nothing', () => {
  const a = tandem(['init', '--db', db]);
  assert.equal(a.code, 0);
  assert.match(a.stdout, /schema brought to version \d+/);
  const b = tandem(['init', '--db', db]);
  assert.match(b.stdout, /already up to date/);
});

test('user add, list, roles, password, deactivate', () => {
  const add = tandem(['user', 'add', '--db', db, '--role', 'coordinator', '--role', 'champion', '--name', 'Priya Raman', 'priya@uni.ac.uk']);
  assert.equal(add.code, 0, add.stderr);
  assert.match(add.stdout, /priya@uni\.ac\.uk\s+Priya Raman\s+coordinator champion/);
  assert.match(add.stdout, /password: \S{20}/);
  const dup = tandem(['user', 'add', '--db', db, '--role', 'student', 'PRIYA@uni.ac.uk']);
  assert.equal(dup.code, 2);
  assert.match(dup.stderr, /already an account/);
  const badRole = tandem(['user', 'add', '--db', db, '--role', 'wizard', 'x@uni.ac.uk']);
  assert.equal(badRole.code, 2);
  assert.match(badRole.stderr, /unknown role "wizard"/);
  const badEmail = tandem(['user', 'add', '--db', db, '--role', 'student', 'not-an-email']);
  assert.equal(badEmail.code, 2);
  const roles = tandem(['user', 'roles', '--db', db, '--role', 'admin,student', 'priya@uni.ac.uk']);
  assert.equal(roles.code, 0, roles.stderr);
  assert.match(roles.stdout, /admin student/);
  const pw = tandem(['user', 'password', '--db', db, '--password-stdin', 'priya@uni.ac.uk'], { input: 'a typed password\n' });
  assert.equal(pw.code, 0, pw.stderr);
  const shortPw = tandem(['user', 'password', '--db', db, '--password-stdin', 'priya@uni.ac.uk'], { input: 'short\n' });
  assert.equal(shortPw.code, 2);
  assert.match(shortPw.stderr, /at least 10 characters/);
  const last = tandem(['user', 'deactivate', '--db', db, 'priya@uni.ac.uk']);
  assert.equal(last.code, 2, 'the only admin cannot be deactivated');
  const list = tandem(['user', 'list', '--db', db]);
  assert.match(list.stdout, /priya@uni\.ac\.uk/);
  assert.equal(tandem(['user', 'list', '--db', db, '--bogus']).code, 2);
});

test('settings come from a config file, overridden by the environment and flags', () => {
  const conf = join(dir, 'tandem.conf');
  writeFileSync(conf, 'db = /nonexistent/dir/x.db\nport = 9\n');
  const fromFile = tandem(['init', '--config', conf]);
  assert.equal(fromFile.code, 1);
  assert.match(fromFile.stderr, /nonexistent/);
  const fromEnv = tandem(['init', '--config', conf], { env: { ...process.env, TANDEM_DB: db } });
  assert.equal(fromEnv.code, 0, fromEnv.stderr);
  const bad = join(dir, 'bad.conf');
  writeFileSync(bad, 'port = 1\nnonsense here\n');
  const r = tandem(['init', '--config', bad]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bad\.conf:2/);
});

test('serve refuses a bad port or address with a clear message', () => {
  assert.match(tandem(['serve', '--db', db, '--port', 'eighty']).stderr, /whole number/);
  const r = tandem(['serve', '--db', db, '--bind', 'not-an-address', '--port', '0']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /not an IPv4 or IPv6 address/);
});
