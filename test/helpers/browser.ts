// Browser tests: Debian's Chromium driven by playwright-core, against a real server, with axe-core injected
// for the accessibility check. Screenshots go to test-output/screenshots/.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TestServer } from './server.js';

const require = createRequire(import.meta.url);
export const SCREENSHOT_DIR = path.resolve('test-output', 'screenshots');

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium to drive: RUNLEDGER_CHROMIUM, else the system one; undefined when there is none. */
export function chromiumPath(): string | undefined {
  const chosen = process.env.RUNLEDGER_CHROMIUM;
  if (chosen) return chosen;
  return CANDIDATES.find((p) => fs.existsSync(p));
}

/**
 * node:test's `skip` for browser suites: a machine without Chromium skips them and says why, except in CI,
 * where a missing browser is a failure (CI installs it).
 */
export function browserSkip(): string | false {
  if (chromiumPath()) return false;
  if (process.env.CI) throw new Error('Chromium is required in CI: apt-get install chromium, or set RUNLEDGER_CHROMIUM');
  return 'no Chromium here: apt-get install chromium (or set RUNLEDGER_CHROMIUM) to run the browser tests';
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  assert.ok(executablePath, 'no Chromium found');
  return chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'] });
}

/** A new page of a laptop-sized window, with the test server's UI open at `path`. */
export async function openPage(browser: Browser, server: TestServer, at = '/'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: server.url });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(at);
  return page;
}

/** Signs in through the form, as a person would, and waits for the shell to show who is signed in. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** A page opened already signed in as the test admin (the token in session storage, as the form leaves it). */
export async function openSignedIn(browser: Browser, server: TestServer, at = '/'): Promise<Page> {
  const page = await openPage(browser, server, at);
  await signIn(page, 'admin', server.adminPassword);
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** Runs axe-core (WCAG 2.1 A and AA rules) on the page; fails on any serious or critical violation. */
export async function assertAccessible(page: Page, label: string): Promise<void> {
  const source = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: source });
  // A string, evaluated in the page: the test code has no DOM types.
  const violations = (await page.evaluate(`(async () => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  })()`)) as AxeViolation[];
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious, [], `${label}: accessibility violations\n${JSON.stringify(serious, null, 2)}`);
}
