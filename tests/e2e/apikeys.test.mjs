// An administrator makes an API key in the browser: a mistake first, then
// the key, shown once with a warning; the list shows only its prefix.
// axe-core checks every page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServer, DEMO_PASSWORD } from '../lib/server.mjs';
import { launchBrowser, openTab } from '../lib/browser.mjs';

let server, browser;
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('an administrator creates an API key and sees it once', async () => {
  const tab = await openTab(browser, server.url);
  try {
    await tab.signIn('admin@demo.ac.uk', DEMO_PASSWORD);
    await tab.follow('API keys');
    await tab.expectPage('API keys');
    assert.match(await tab.page.locator('main').innerText(), /There are no API keys yet/);

    await tab.fill('Name', 'Student record sync');
    await tab.submit('Create the key');
    await tab.expectPage('API keys', { status: 400 });
    assert.deepEqual(await tab.errorSummary(), ['Choose whether the key may only read, or read and write.']);
    assert.equal(await tab.page.getByLabel('Name', { exact: true }).inputValue(), 'Student record sync');

    await tab.page.getByRole('radio', { name: 'Read only' }).check();
    await tab.submit('Create the key');
    await tab.expectPage('Your new API key');
    const key = (await tab.page.locator('#new-key').innerText()).trim();
    assert.match(key, /^tdm_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    assert.match(await tab.page.locator('main').innerText(), /will not be shown again/);

    const res = await fetch(`${server.url}/api/v1/courses`, { headers: { Authorization: `Bearer ${key}` } });
    assert.equal(res.status, 200);

    await tab.follow('All API keys');
    await tab.expectPage('API keys');
    const text = await tab.page.locator('main').innerText();
    assert.match(text, /Student record sync/);
    assert.match(text, new RegExp(`tdm_${key.slice(4, 16)}_`));
    assert.ok(!text.includes(key.slice(17)), 'the secret is never shown again');
  } catch (e) {
    await tab.close();
    throw e;
  }
  await tab.done();
});
