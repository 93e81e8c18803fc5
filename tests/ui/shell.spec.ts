import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '../harness/fixtures';

test('the shell navigates between sections by keyboard and remembers the section across a reload', async ({ clinic, page }) => {
  await clinic.goto('today');
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Good to see you/);
  await expect(nav.getByRole('link', { name: 'Today' })).toHaveAttribute('aria-current', 'page');

  // The first Tab reaches the skip link, then "Find a patient", then the section links.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: /Find a patient/ })).toBeFocused();
  // Today, Calendar, Patients, Recall, Messages, Photos, Settings.
  for (let i = 0; i < 7; i++) await page.keyboard.press('Tab');
  await expect(nav.getByRole('link', { name: 'Settings' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Clinic details' })).toBeVisible();
  await expect(page).toHaveTitle('Settings · Clinic Records');

  await page.reload();
  await expect(nav.getByRole('link', { name: 'Settings' })).toHaveAttribute('aria-current', 'page');
});

test('the Today page shows the opening hours of the clinic’s own today', async ({ clinic, page }) => {
  // The harness clock says Sunday 22 November 2026; new clinics are closed on Sundays.
  await clinic.goto('today');
  await expect(page.getByText(/^Sunday,? 22 November 2026$/)).toBeVisible();
  await expect(page.getByTestId('today-hours')).toHaveText('Closed');
});

test('the page runs under the strict Content-Security-Policy and cannot reach Node', async ({ clinic, page }) => {
  const response = await page.goto(`${clinic.origin}/index.html`);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
  const reach = await page.evaluate(() => ({
    process: typeof (globalThis as { process?: unknown }).process,
    require: typeof (globalThis as { require?: unknown }).require,
    inlineScriptRan: (() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.append(script);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    })(),
  }));
  expect(reach).toEqual({ process: 'undefined', require: 'undefined', inlineScriptRan: false });
});

test('a subframe cannot call the API even on our own origin', async ({ clinic, page }) => {
  await clinic.goto('today');
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
  await page.evaluate(() => {
    const frame = document.createElement('iframe');
    frame.srcdoc = '<p>embedded</p>';
    document.body.append(frame);
    return new Promise((resolve) => frame.addEventListener('load', resolve));
  });
  const child = page.frames().find((f) => f !== page.mainFrame());
  expect(child).toBeDefined();
  // The harness's binding carries JSON strings each way; the subframe calls it directly.
  const fromChild = await child!.evaluate(
    async () =>
      JSON.parse(
        await (window as unknown as { __clinicInvoke: (m: string, i: string) => Promise<string> }).__clinicInvoke(
          'settings.get',
          '{}',
        ),
      ) as unknown,
  );
  expect(fromChild).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
  const fromMain = await page.evaluate(() => window.clinic.invoke('settings.get', {}));
  expect(fromMain).toMatchObject({ ok: true });
});

for (const section of ['today', 'settings'] as const) {
  test(`axe finds no serious or critical problems on ${section}`, async ({ clinic, page }) => {
    await clinic.goto(section);
    await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}

test('About shows the version and the data folder, drawn above the page and legible', async ({ clinic, page }) => {
  await clinic.goto('settings');
  await page.getByRole('button', { name: 'About', exact: true }).click();
  const about = page.getByRole('dialog', { name: 'About Clinic Records' });
  await expect(about.getByTestId('about-version')).toHaveText(/\S/);
  await expect(about.getByTestId('about-data-dir')).toContainText(path.join(clinic.dataDir, 'clinic'));
  // Nothing of the settings form is painted over it: the middle of each line belongs to the dialog.
  for (const line of [about.getByRole('heading'), about.getByTestId('about-version'), about.getByTestId('about-data-dir')]) {
    const b = (await line.boundingBox())!;
    const onTop = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x!, y!)?.closest('[role=dialog]')?.getAttribute('aria-labelledby') ?? null,
      [b.x + b.width / 2, b.y + b.height / 2],
    );
    expect(onTop).toBe('about-title');
  }
  // Its text is the page's ink, not the pale colour of the sidebar the button sits in.
  expect(await about.getByTestId('about-version').evaluate((el) => getComputedStyle(el).color)).toBe(
    await page.evaluate(() => getComputedStyle(document.body).color),
  );
  // Its text is the page's dark ink, not the sidebar's pale one it sits beside in the markup: axe checks the contrast.
  const results = await new AxeBuilder({ page }).include('[aria-labelledby="about-title"]').analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await about.getByRole('button', { name: 'Close' }).click();
  await expect(about).toHaveCount(0);
});
