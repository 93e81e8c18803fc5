import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { defaultOpeningHours } from '../../shared/settings';
import { expect, test, type ClinicHarness } from '../harness/fixtures';
import { seedPatient, seedPractice, seedTreatment } from '../harness/seed';
import { mailSettings, ukDates, ukDatesPattern } from '../support/messaging';
import { SELF_SIGNED, startSmtpServer, type TestSmtp } from '../support/smtp';

// Each test drives a real SMTP server, axe and screenshots at two sizes: more than the default 30 s on a busy machine.
test.describe.configure({ timeout: 90_000 });

let server: TestSmtp | null = null;
test.afterEach(async () => {
  await server?.close();
  server = null;
});

async function smtp(o: Parameters<typeof startSmtpServer>[0] = {}) {
  server = await startSmtpServer(o);
  return server;
}

async function clinicDetails(clinic: ClinicHarness, country = 'GB') {
  await clinic.call('settings.update', {
    name: 'Harbour Aesthetics',
    address: '12 Quay Street\nManchester M3 3HN',
    phone: '0161 496 0000',
    timeZone: 'Europe/London',
    country,
    openingHours: defaultOpeningHours(),
  });
}

async function noSeriousAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function shoot(page: Page, name: string) {
  for (const [w, h] of [
    [1280, 800],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: test.info().outputPath(`${name}-${w}x${h}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('the owner sets up the clinic’s e-mail: a test message, and a self-signed certificate trusted only when chosen', async ({
  clinic,
  page,
}) => {
  const mail = await smtp({ security: 'starttls' });
  await clinic.goto('settings/mail');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('E-mail and SMS');
  await page.getByLabel('Mail server (SMTP)').fill('127.0.0.1');
  await page.getByLabel('Port', { exact: true }).fill(String(mail.port));
  await page.getByLabel('Security').selectOption('starttls');
  await page.getByLabel('Sender name').fill('Harbour Aesthetics');
  await page.getByLabel('Sender address').fill('reception@harbour.test');
  await page.getByLabel('Send a test message to').fill('owner@harbour.test');
  await page.getByRole('button', { name: 'Send a test message' }).click();

  // Refused, and the certificate is shown at its place with its fingerprint.
  const certificate = page.getByRole('group', { name: 'The server’s certificate' });
  await expect(certificate).toContainText(new crypto.X509Certificate(SELF_SIGNED.cert).fingerprint256);
  await expect(page.getByRole('status').filter({ hasText: 'Not sent.' })).toBeVisible();
  expect(mail.received).toHaveLength(0);
  await noSeriousAxeViolations(page);
  await shoot(page, 'mail-settings-certificate');

  await certificate.getByLabel('Trust this certificate: it is our own mail server’s').check();
  await page.getByRole('button', { name: 'Send a test message' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sent to owner@harbour.test' })).toBeVisible();
  expect(mail.received).toHaveLength(1);
  await page.getByRole('button', { name: 'Save e-mail settings' }).click();
  await expect(page.getByText('E-mail settings saved')).toBeVisible();
  await page.reload();
  await expect(page.getByText('This clinic trusts its mail server’s own certificate.')).toBeVisible();
  await expect(page.getByLabel('Mail server (SMTP)')).toHaveValue('127.0.0.1');
  await shoot(page, 'mail-settings');
});

test('a wrong password is shown at the password field, and the password never comes back to the page', async ({
  clinic,
  page,
}) => {
  const mail = await smtp({ login: { user: 'desk', password: 'the right one' } });
  await clinic.call('mailSettings.update', mailSettings(mail.port, { user: 'desk', password: 'the wrong one' }));
  await clinic.goto('settings/mail');
  await expect(page.getByLabel('Password')).toHaveValue('');
  await expect(page.getByText('Saved. Type a new one only to change it.')).toBeVisible();
  expect(await page.content()).not.toContain('the wrong one');
  await page.getByLabel('Send a test message to').fill('owner@harbour.test');
  await page.getByRole('button', { name: 'Send a test message' }).click();
  await expect(page.locator('#mail-password-error')).toContainText('The mail server refused the user name or password');
  await page.getByLabel('Password').fill('the right one');
  await page.getByRole('button', { name: 'Send a test message' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sent to owner@harbour.test' })).toBeVisible();
});

test('templates: an unknown field is refused at its field, the preview shows a real patient, and a kind is switched on', async ({
  clinic,
  page,
}) => {
  await clinicDetails(clinic);
  const ids = await seedPractice(clinic);
  const ann = await seedPatient(clinic, {
    firstName: 'Annabel',
    preferredName: 'Ann',
    email: 'ann@example.com',
    contactPreference: 'email',
  });
  await seedTreatment(clinic, ann, ids, '2026-09-01');
  await clinic.goto('messages/templates/recall');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kinds and templates');
  const form = page.getByRole('form', { name: 'Recall template' });
  await expect(page.getByTestId('preview-subject')).toHaveText('Time to book your next appointment');
  // Ann's own recall date from the rules: 1 September + 98 days.
  await expect(page.getByTestId('preview-body')).toContainText(ukDatesPattern('From Tuesday 8 December 2026 is a good time'));
  await expect(page.getByTestId('preview-body')).toContainText('Dear Ann,');
  await expect(page.getByTestId('preview-sms')).toContainText(ukDatesPattern('Harbour Aesthetics: from Tuesday 8 December 2026'));

  const body = form.getByLabel('E-mail');
  await body.fill('Dear {{frist_name}},\n\nCome back at {{time}}.');
  await expect(form.locator('#tpl-body-error')).toContainText('{{frist_name}} is not a field');
  await expect(form.locator('#tpl-body-error')).toContainText('{{time}} cannot be used in a recall');
  await form.getByRole('checkbox', { name: 'Not sent' }).check();
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText('Nothing was saved. Correct the highlighted fields and save again.')).toBeVisible();
  expect(clinic.core.db.prepare("SELECT count(*) FROM message_templates WHERE kind = 'recall'").pluck().get()).toBe(0);

  await body.fill('Dear ');
  await form.getByRole('button', { name: '{{first_name}}' }).click();
  await body.press('End');
  await body.pressSequentially(',\n\nIt is time to book with {{practitioner}} from {{date}}.');
  await expect(page.getByTestId('preview-body')).toContainText(
    ukDatesPattern('It is time to book with Dr Sarah Whitfield from Tuesday 8 December 2026.'),
  );
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(form.getByText('Recall saved')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Message kinds' }).getByRole('link', { name: /Recall/ })).toContainText('On');
  expect(clinic.core.db.prepare("SELECT enabled || ' ' || body FROM message_templates WHERE kind = 'recall'").pluck().get()).toBe(
    '1 Dear {{first_name}},\n\nIt is time to book with {{practitioner}} from {{date}}.',
  );
  await noSeriousAxeViolations(page);
  await shoot(page, 'templates');
});

test('the outbox sends what is due, shows what failed and why, retries, cancels, and Today counts it', async ({
  clinic,
  page,
}) => {
  await clinicDetails(clinic);
  const mail = await smtp();
  const ids = await seedPractice(clinic);
  // Treated on 16 August: the recall date is today, 22 November.
  const ann = await seedPatient(clinic, { firstName: 'Ann', email: 'ann@example.com', contactPreference: 'email' });
  const bea = await seedPatient(clinic, {
    firstName: 'Bea',
    lastName: 'Brown',
    email: 'bea,brown@example.com',
    contactPreference: 'email',
  });
  const cy = await seedPatient(clinic, {
    firstName: 'Cy',
    lastName: 'Chen',
    email: 'cy@example.com',
    contactPreference: 'email',
  });
  for (const id of [ann, bea, cy]) await seedTreatment(clinic, id, ids, '2026-08-16');
  await clinic.call('mailSettings.update', mailSettings(mail.port));
  const recall = (await clinic.call('templates.list', {})).find((t) => t.kind === 'recall')!;
  await clinic.call('templates.save', {
    kind: 'recall',
    enabled: true,
    lead: 0,
    subject: recall.subject,
    body: recall.body,
    smsBody: recall.smsBody,
  });

  await clinic.goto('messages');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Outbox');
  await page.getByRole('button', { name: 'Send now' }).first().click();
  await expect(page.getByRole('status').filter({ hasText: 'Sent what was due.' })).toBeVisible();
  expect(mail.received.map((r) => r.envelopeTo[0]).sort()).toEqual(['ann@example.com', 'cy@example.com']);

  const tabs = page.getByRole('navigation', { name: 'Outbox status' });
  await tabs.getByRole('button', { name: /Failed/ }).click();
  const table = page.getByRole('table', { name: 'Messages' });
  await expect(table).toContainText('Bea Brown');
  await expect(table).toContainText('“bea,brown@example.com” is not a valid e-mail address.');
  await table.getByRole('button', { name: 'Cancel…' }).click();
  await page.getByLabel('Why').fill('Will phone her instead');
  await page.getByRole('button', { name: 'Cancel the message' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The message to Bea Brown is cancelled.' })).toBeVisible();
  await tabs.getByRole('button', { name: /Sent/ }).click();
  await expect(table.getByRole('row')).toHaveCount(3);
  await table.getByRole('button', { name: 'View' }).first().click();
  await expect(table).toContainText('Server’s answer');
  await noSeriousAxeViolations(page);
  await shoot(page, 'outbox');

  // The patient's contact history lists it; Today counts it.
  await clinic.goto(`patients/${ann}/contacts`);
  await expect(page.getByRole('table', { name: 'Messages to the patient' })).toContainText('Recall');
  await expect(page.getByRole('table', { name: 'Messages to the patient' })).toContainText('Sent');
  await clinic.goto('today');
  await expect(page.getByTestId('today-messages-line')).toContainText('2 messages sent');
  await shoot(page, 'today-messages');
  await clinic.goto('recall');
  await page.getByRole('button', { name: /^All/ }).click();
  await expect(page.locator('tr', { hasText: 'Ann Okafor' })).toContainText('E-mail sent');
});

test('a server that cannot be reached: messages wait, the outbox and Today say so, and they go once it is back', async ({
  clinic,
  page,
}) => {
  await clinicDetails(clinic);
  const down = await smtp();
  const port = down.port;
  await down.close();
  server = null;
  const ids = await seedPractice(clinic);
  const ann = await seedPatient(clinic, { firstName: 'Ann', email: 'ann@example.com', contactPreference: 'email' });
  await seedTreatment(clinic, ann, ids, '2026-08-16');
  await clinic.call('mailSettings.update', mailSettings(port));
  const recall = (await clinic.call('templates.list', {})).find((t) => t.kind === 'recall')!;
  await clinic.call('templates.save', {
    kind: 'recall',
    enabled: true,
    lead: 0,
    subject: recall.subject,
    body: recall.body,
    smsBody: recall.smsBody,
  });
  await clinic.goto('messages');
  await page.getByRole('button', { name: 'Send now' }).first().click();
  await expect(page.getByRole('note', { name: 'Sending' })).toContainText('Waiting for the mail server');
  await expect(page.getByRole('note', { name: 'Sending' })).toContainText('cannot be reached');
  await expect(page.getByRole('table', { name: 'Messages' })).toContainText('Waiting');
  await shoot(page, 'outbox-waiting');
  await clinic.goto('today');
  await expect(page.getByTestId('today-messages-line')).toContainText('1 waiting · the mail server is not answering');

  const back = await smtp({ port });
  await clinic.goto('messages');
  await page.getByRole('button', { name: 'Send now' }).first().click();
  await expect(page.getByRole('status').filter({ hasText: 'Sent what was due.' })).toBeVisible();
  await page.getByRole('button', { name: 'Send now' }).first().click();
  await expect(page.getByRole('status').filter({ hasText: 'Sent what was due.' })).toBeVisible();
  expect(back.received).toHaveLength(1);
});

async function savedPdf(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Save as PDF' }).click();
  const status = page.getByRole('status').filter({ hasText: 'Saved to' });
  await expect(status).toBeVisible();
  return (await status.textContent())!.replace(/^.*Saved to /, '').trim();
}

test('the take-home plan is printed on the clinic’s paper and e-mailed to the patient', async ({ clinic, page }) => {
  await clinicDetails(clinic);
  const mail = await smtp();
  await clinic.call('mailSettings.update', mailSettings(mail.port, { sending: false }));
  const ids = await seedPractice(clinic);
  const ann = await seedPatient(clinic, {
    firstName: 'Annabel',
    preferredName: 'Ann',
    email: 'ann@example.com',
    contactPreference: 'phone',
  });
  await clinic.call('events.add', { patientId: ann, eventOn: '2027-06-12', label: 'Wedding' });
  const t = await seedTreatment(clinic, ann, ids, '2026-11-22', [
    { area: 'glabella', units: 20 },
    { area: 'crows_feet', units: 24 },
  ]);

  await clinic.goto(`patients/${ann}/treatments`);
  await page.getByRole('link', { name: 'Patient’s plan of 22 Nov 2026' }).click();
  const plan = page.getByRole('article', { name: 'Take-home plan' });
  await expect(plan).toContainText(ukDatesPattern('Your treatment plan · Ann Okafor · Sunday 22 November 2026'));
  await expect(plan.getByRole('heading', { name: 'What was treated' })).toBeVisible();
  await expect(plan).toContainText('Frown lines (glabella), Botox Cosmetic');
  await expect(plan).toContainText(ukDatesPattern('Review visit: Sunday 6 December 2026'));
  // Botox's usual 105 days; the check-in window 35 to 21 days before; recall 7 days before.
  await expect(plan).toContainText(ukDatesPattern('Movement usually starts to return around Sunday 7 March 2027'));
  await expect(plan).toContainText(
    ukDatesPattern('We will check in with you between Sunday 31 January 2027 and Sunday 14 February 2027'),
  );
  await expect(plan).toContainText(ukDatesPattern('Book your next treatment from Sunday 28 February 2027'));
  await expect(plan).toContainText(
    ukDatesPattern('Wedding on Saturday 12 June 2027: book your treatment on or soon after Saturday 1 May 2027.'),
  );
  await noSeriousAxeViolations(page);

  const a4 = await savedPdf(page);
  expect(execFileSync('pdfinfo', [a4]).toString()).toMatch(/Page size:\s+594\.96 x 841\.92 pts \(A4\)/);
  const text = execFileSync('pdftotext', ['-layout', a4, '-']).toString();
  for (const line of [
    'WHAT WAS TREATED',
    'Frown lines (glabella), Botox Cosmetic',
    'Crow’s feet, Botox Cosmetic',
    'TRACKING YOUR RESULT AT HOME',
  ]) {
    expect(text).toContain(line);
  }
  expect(text).not.toContain('Save as PDF');
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', a4, test.info().outputPath('plan-a4')]);

  // A clinic in the United States prints on Letter and writes dates the American way.
  await clinicDetails(clinic, 'US');
  await page.reload();
  await expect(plan).toContainText('Review visit: Sunday, December 6, 2026');
  const letter = await savedPdf(page);
  expect(execFileSync('pdfinfo', [letter]).toString()).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
  await clinicDetails(clinic, 'GB');
  await page.reload();

  // E-mailed on request (even with automatic reminders off): it arrives once, in the clinic's words.
  await page.getByRole('button', { name: 'E-mail to ann@example.com' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'E-mailed to ann@example.com.' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'E-mailed before' })).toContainText('Sent: ann@example.com');
  expect(mail.received).toHaveLength(1);
  const received = mail.received[0]!.mail;
  expect(received.subject).toBe('Your plan from Harbour Aesthetics');
  expect(ukDates(received.text ?? '')).toContain('Review visit: Sunday, 6 December 2026');
  expect(received.html).toContain('What was treated</h2>');
  expect(clinic.core.db.prepare('SELECT treatment_id FROM outbox').pluck().all()).toEqual([t.id]);
  await shoot(page, 'plan');

  // The e-mail as a mail program shows it.
  const html = test.info().outputPath('plan-email.html');
  fs.writeFileSync(html, received.html as string);
  const viewer = await page.context().newPage();
  await viewer.setContent(received.html as string);
  await viewer.screenshot({ path: test.info().outputPath('plan-email.png'), fullPage: true });
  await viewer.close();
});
