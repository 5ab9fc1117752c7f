// The admin page in a real browser: a user created through the form signs in with their role, a role change
// and a disabled account take effect at the API, and an API key is shown once, works, and stops working
// when revoked. Readers and writers are not shown the page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { assertAccessible, browserSkip, launchBrowser, openPage, openSignedIn, screenshot, signIn } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const PASSWORD = 'a-long-enough-password';

async function login(server: TestServer, username: string, password: string): Promise<number> {
  const res = await fetch(`${server.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', username, password }).toString(),
  });
  return res.status;
}

const meWithKey = (server: TestServer, key: string) => fetch(`${server.url}/me`, { headers: { 'x-api-key': key } });

/** The row of the table whose row header is `name`. */
const rowOf = (page: Page, name: string): Locator => page.locator('tbody tr', { has: page.getByRole('rowheader', { name, exact: true }) });

describe('UI: admin', { skip: browserSkip() }, () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('users: create one, who signs in with that role; change the role; disable, and their login fails', async () => {
    const page = await openSignedIn(browser, server, '/admin');
    await page.getByRole('heading', { name: 'Admin', level: 1 }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Users' }).getAttribute('aria-current'), 'page');
    await rowOf(page, 'admin (you)').waitFor();

    const form = page.getByRole('form', { name: 'New user' });
    await form.getByLabel('Username').fill('dana');
    await form.getByLabel('Password').fill('short');
    await form.getByLabel(/^Role/).selectOption('writer');
    await form.getByRole('button', { name: 'Create user' }).click();
    // The browser holds a password under 12 characters back: nothing is created.
    assert.equal(await form.getByLabel('Password').evaluate((el) => (el as unknown as { validity: { valid: boolean } }).validity.valid), false);
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('status').filter({ hasText: 'dana was created as writer.' }).waitFor();
    const dana = rowOf(page, 'dana');
    assert.equal(await dana.getByLabel('Role of dana').inputValue(), 'writer');
    await dana.getByText('Active').waitFor();
    const users = (await server.request('GET', '/users')).body.data as { id: string; username: string; role: string; disabled: boolean }[];
    assert.deepEqual(
      users.filter((u) => u.username === 'dana').map((u) => [u.role, u.disabled]),
      [['writer', false]],
    );
    await assertAccessible(page, 'admin users');
    await screenshot(page, 'admin-users');

    // Dana, in a page of her own, is a writer and is not shown the Admin page.
    const hers = await openPage(browser, server, '/projects');
    await signIn(hers, 'dana', PASSWORD);
    assert.match(await hers.locator('.whoami').innerText(), /dana\s*\(writer\)/);
    assert.equal(await hers.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count(), 0);
    await hers.goto('/admin');
    await hers.getByText('Only admins manage users and API keys. Your role is writer.').waitFor();
    await hers.context().close();

    await dana.getByLabel('Role of dana').selectOption('reader');
    await page.getByRole('status').filter({ hasText: 'dana is now reader.' }).waitFor();
    const changed = (await server.request('GET', '/users')).body.data.find((u: { username: string }) => u.username === 'dana');
    assert.equal(changed.role, 'reader');
    assert.equal(await login(server, 'dana', PASSWORD), 200);

    await dana.getByRole('button', { name: 'Disable dana' }).click();
    await dana.getByText('Disabled').waitFor();
    await page.getByRole('status').filter({ hasText: 'dana is disabled' }).waitFor();
    assert.equal(await login(server, 'dana', PASSWORD), 401);

    await dana.getByRole('button', { name: 'Enable dana' }).click();
    await dana.getByText('Active').waitFor();
    assert.equal(await login(server, 'dana', PASSWORD), 200);

    // The last enabled admin cannot be disabled: the server's words are shown.
    await rowOf(page, 'admin (you)').getByRole('button', { name: 'Disable admin' }).click();
    assert.match(await page.getByRole('alert').innerText(), /no enabled admin/);
  });

  test('API keys: created and shown once, it works; revoked after a confirmation, it fails; never shown again', async () => {
    const page = await openSignedIn(browser, server, '/admin?tab=keys');
    await page.getByRole('heading', { name: 'New API key' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'API keys' }).getAttribute('aria-current'), 'page');

    const form = page.getByRole('form', { name: 'New API key' });
    await form.getByLabel('Key name').fill('nightly loader');
    await form.getByLabel(/^Role/).selectOption('reader');
    await form.getByRole('button', { name: 'Create key' }).click();
    const panel = page.getByRole('region', { name: /API key “nightly loader” created/ });
    await panel.getByText('you will not see it again').waitFor();
    const key = await panel.getByLabel('New API key').inputValue();
    assert.match(key, /^rl_/);
    await assertAccessible(page, 'admin keys, new key shown');
    await screenshot(page, 'admin-key-created');

    const me = await meWithKey(server, key);
    assert.equal(me.status, 200);
    const who = (await me.json()) as { role: string; kind: string };
    assert.deepEqual([who.role, who.kind], ['reader', 'api_key']);

    // The copy button: the clipboard holds the key (or, where there is none, the key is selected).
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await panel.getByRole('button', { name: 'Copy key' }).click();
    await panel.getByText('Copied to the clipboard.').waitFor();
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), key);

    await panel.getByRole('button', { name: /dismiss/ }).click();
    assert.equal(await panel.count(), 0);
    assert.ok(!(await page.content()).includes(key), 'the key is gone once dismissed');

    const row = rowOf(page, 'nightly loader');
    await row.getByText('Active').waitFor();
    assert.equal((await row.locator('td').allInnerTexts())[1], 'admin', 'created by the admin, by name');

    // Revoking asks first; Cancel keeps the key.
    await row.getByRole('button', { name: 'Revoke nightly loader' }).click();
    const confirm = row.getByRole('group', { name: 'Confirm revoking nightly loader' });
    await confirm.getByText('stops working at once').waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await meWithKey(server, key)).status, 200);

    await row.getByRole('button', { name: 'Revoke nightly loader' }).click();
    await assertAccessible(page, 'admin keys, confirming');
    await screenshot(page, 'admin-key-revoke-confirm');
    await confirm.getByRole('button', { name: 'Yes, revoke' }).click();
    await row.getByText('Revoked').waitFor();
    await page.getByRole('status').filter({ hasText: 'is revoked' }).waitFor();
    assert.equal((await meWithKey(server, key)).status, 401);
    const listed = (await server.request('GET', '/api-keys')).body.data.find((k: { name: string }) => k.name === 'nightly loader');
    assert.ok(listed.revoked_at);

    await page.reload();
    await rowOf(page, 'nightly loader').getByText('Revoked').waitFor();
    assert.ok(!(await page.content()).includes(key), 'the key is never shown again');
    assert.equal(await page.getByRole('region', { name: /created/ }).count(), 0);
    await assertAccessible(page, 'admin keys');
    await screenshot(page, 'admin-keys');
  });
});
