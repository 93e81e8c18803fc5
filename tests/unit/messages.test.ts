import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES } from '../../shared/messageDefaults';
import { documentBlocks, fillTemplate, templateInputSchema, templateProblems, TEMPLATE_KINDS } from '../../shared/messages';

describe('templates and their merge fields', () => {
  it('fills fields, tolerates spaces inside the braces, and drops a line whose fields are all empty', () => {
    const text = 'Dear {{ first_name }},\nReview: {{review_date}}\nCall {{clinic_phone}} ({{clinic_name}})';
    expect(fillTemplate(text, { first_name: 'Ann', clinic_phone: '0161 496 0000', clinic_name: '' })).toBe(
      'Dear Ann,\nCall 0161 496 0000 ()',
    );
    expect(fillTemplate(text, { first_name: 'Ann', review_date: 'Tuesday 1 December 2026' })).toBe(
      'Dear Ann,\nReview: Tuesday 1 December 2026',
    );
  });

  it('keeps a list field a list: each of its lines becomes an item', () => {
    const filled = fillTemplate('# What was treated\n{{treated}}\n\nThanks', {
      treated: '- Frown lines (glabella), Botox Cosmetic\n- Crow’s feet, Botox Cosmetic',
    });
    expect(documentBlocks(filled)).toEqual([
      { type: 'heading', text: 'What was treated' },
      { type: 'list', items: ['Frown lines (glabella), Botox Cosmetic', 'Crow’s feet, Botox Cosmetic'] },
      { type: 'paragraph', lines: ['Thanks'] },
    ]);
  });

  it('names every unknown field, a field not allowed in this kind, and braces left open', () => {
    expect(templateProblems('recall', 'body', 'Hi {{frist_name}} at {{time}}, {{first_name}}')).toEqual([
      expect.stringMatching(/^\{\{frist_name\}\} is not a field: use one of \{\{first_name\}\}/),
      '{{time}} cannot be used in a recall',
    ]);
    expect(templateProblems('recall', 'body', 'Hi {{first_name}, see you')).toEqual([
      'A field is not written as {{name}}: check the braces',
    ]);
    expect(templateProblems('appointment_reminder', 'body', 'At {{time}} on {{date}}')).toEqual([]);
  });

  it('refuses an empty body, subject or text message through the schema, each at its own field', () => {
    const r = templateInputSchema.safeParse({
      kind: 'soft_reminder',
      enabled: true,
      lead: 0,
      subject: ' ',
      body: '',
      smsBody: 'Hello {{nope}}',
    });
    expect(r.success).toBe(false);
    const byPath = Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(byPath.subject).toBe('Write the subject line');
    expect(byPath.body).toBe('Write the message');
    expect(byPath.smsBody).toMatch(/\{\{nope\}\} is not a field/);
  });

  it('refuses a timing beyond what the kind allows', () => {
    const r = templateInputSchema.safeParse({
      ...DEFAULT_TEMPLATES.review_reminder,
      kind: 'review_reminder',
      enabled: true,
      lead: 15,
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['lead']);
  });

  it('ships default wording that passes its own checks for every kind', () => {
    for (const kind of TEMPLATE_KINDS) {
      const d = DEFAULT_TEMPLATES[kind];
      expect(templateInputSchema.safeParse({ kind, enabled: false, lead: 0, ...d }).success, kind).toBe(true);
    }
  });
});
