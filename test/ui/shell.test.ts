// The shell in a real browser: a deep link signed out shows the sign-in form, signing in shows the page the
// link named, a bad password is said plainly, sign-out forgets the token.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { assertAccessible, browserSkip, launchBrowser, openPage, screenshot, signIn } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// Evaluated in the page: the token the UI keeps for this tab.
const TOKEN = "sessionStorage.getItem('runledger.token')";

describe('UI shell and sign-in', { skip: browserSkip() }, () => {
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

  test('a deep link signed out asks to sign in, then shows that page; sign out forgets the token', async () => {
    const page = await openPage(browser, server, '/runs?status=FAILED');
    await page.getByRole('heading', { name: 'Sign in to runledger' }).waitFor();
    await assertAccessible(page, 'sign-in');
    await screenshot(page, 'sign-in');

    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    assert.match(await page.getByRole('alert').innerText(), /RL_|password|credentials/i);

    await signIn(page, 'admin', server.adminPassword);
    assert.equal(new URL(page.url()).pathname, '/runs');
    assert.equal(new URL(page.url()).searchParams.get('status'), 'FAILED');
    assert.ok(await page.evaluate(TOKEN));

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to runledger' }).waitFor();
    assert.equal(await page.evaluate(TOKEN), null);
  });

  test('an expired or revoked token shows the sign-in screen with a notice', async () => {
    const page = await openPage(browser, server, '/runs');
    await signIn(page, 'admin', server.adminPassword);
    await page.evaluate("sessionStorage.setItem('runledger.token', 'no-longer-valid')");
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in to runledger' }).waitFor();
    await page.getByText('Your session has ended').waitFor();
  });

  test('an unknown UI path is the UI’s own not-found page; an unknown API path stays a 404 problem', async () => {
    const page = await openPage(browser, server, '/no/such/page');
    await signIn(page, 'admin', server.adminPassword);
    await page.getByRole('heading', { name: 'No such page' }).waitFor();
    const api = await fetch(`${server.url}/no/such/page`, { headers: { accept: 'application/json' } });
    assert.equal(api.status, 404);
    assert.match(api.headers.get('content-type') ?? '', /problem\+json/);
  });
});
