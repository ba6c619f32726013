// Fixtures for the mentee-choice suites (tests/http/requests.test.mjs,
// tests/e2e/choice.test.mjs), on top of tests/lib/matching.mjs: the demo's
// International scheme lets mentees choose, with accepted, trained mentors
// and signed-up international first-years, every one with an account
// (password: the demo's).
import assert from 'node:assert/strict';
import { sql } from './matching.mjs';

// The scheme's accepted mentors with an account, by student id:
// [{ studentId, userId, email, name }].
export function mentorsOf(srv, scheme) {
  const rows = sql(srv, `SELECT st.id, u.id, u.email, u.name FROM applications a
    JOIN students st ON st.id = a.student_id JOIN users u ON u.id = st.user_id
    WHERE a.scheme_id = ${scheme} AND a.state = 'accepted' ORDER BY st.id`);
  return rows.split('\n').filter(Boolean).map((l) => {
    const [studentId, userId, email, name] = l.split('|');
    return { studentId: Number(studentId), userId: Number(userId), email, name };
  });
}

// The scheme's active sign-ups, by id: [{ signupId, userId, email, name }].
export function menteesOf(srv, scheme) {
  const rows = sql(srv, `SELECT s.id, u.id, u.email, u.name FROM mentee_signups s
    JOIN users u ON u.id = s.user_id
    WHERE s.scheme_id = ${scheme} AND s.state = 'active' ORDER BY s.id`);
  return rows.split('\n').filter(Boolean).map((l) => {
    const [signupId, userId, email, name] = l.split('|');
    return { signupId: Number(signupId), userId: Number(userId), email, name };
  });
}

// Call the JSON API with a signed-in client's session: a POST carries the
// session's CSRF token (from any page's sign-out form) in X-CSRF-Token.
// Returns { status, body }.
export async function sessionApi(client, method, path, body) {
  const headers = {};
  if (method !== 'GET') {
    if (!client.csrfToken) client.csrfToken = await client.csrf('/');
    headers['X-CSRF-Token'] = client.csrfToken;
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await client.request(method, path, {
    body: body === undefined ? (method === 'GET' ? undefined : '') : JSON.stringify(body),
    headers,
  });
  let parsed = null;
  try { parsed = r.text ? JSON.parse(r.text) : null; } catch { assert.fail(`${method} ${path}: not JSON: ${r.text.slice(0, 200)}`); }
  return { status: r.status, body: parsed };
}
