import { KIND_TIMING, type TemplateKind } from './messages';

interface DefaultTemplate {
  subject: string;
  body: string;
  smsBody: string;
}

const SIGNATURE = `{{clinic_name}}
{{clinic_address}}
{{clinic_phone}}`;

/**
 * The wording a new clinic starts with. Deliberately free of clinical detail (no product,
 * no area, no dose): a reminder may be read by someone else first. Only the take-home plan,
 * which the patient asks for at the visit, says what was treated.
 */
export const DEFAULT_TEMPLATES: Record<TemplateKind, DefaultTemplate> = {
  appointment_reminder: {
    subject: 'Your appointment at {{clinic_name}} on {{date}}',
    body: `Dear {{first_name}},

This is a reminder of your appointment with {{practitioner}} on {{date}} at {{time}}.

If you need to change it, please call us on {{clinic_phone}}.

${SIGNATURE}`,
    smsBody: '{{clinic_name}}: a reminder of your appointment on {{date}} at {{time}}. To change it call {{clinic_phone}}.',
  },
  soft_reminder: {
    subject: 'A note from {{clinic_name}}',
    body: `Dear {{first_name}},

It has been a little while since your last visit. The effect usually starts to fade around {{date}}, so this is a good moment to plan your next appointment.

Call us on {{clinic_phone}} whenever it suits you.

${SIGNATURE}`,
    smsBody: '{{clinic_name}}: time to plan your next visit? Call us on {{clinic_phone}}.',
  },
  check_in: {
    subject: 'How are you getting on?',
    body: `Dear {{first_name}},

We hope you are happy with your results. If you notice movement starting to come back, please let us know on {{clinic_phone}} or reply to this e-mail: the day you notice it helps us plan the timing that suits you best.

${SIGNATURE}`,
    smsBody: '{{clinic_name}}: how are you getting on? If movement is coming back, let us know on {{clinic_phone}}.',
  },
  recall: {
    subject: 'Time to book your next appointment',
    body: `Dear {{first_name}},

From {{date}} is a good time for your next appointment with {{practitioner}}.

Call us on {{clinic_phone}} to book a time that suits you.

${SIGNATURE}`,
    smsBody: '{{clinic_name}}: from {{date}} is a good time for your next appointment. Call {{clinic_phone}} to book.',
  },
  event_preparation: {
    subject: 'Getting ready for {{event}}',
    body: `Dear {{first_name}},

To look your best for {{event}} on {{event_date}}, we suggest an appointment on or soon after {{date}}.

{{event_advice}}

Call us on {{clinic_phone}} to book.

${SIGNATURE}`,
    smsBody: '{{clinic_name}}: for {{event}} on {{event_date}}, book from {{date}}. Call {{clinic_phone}}.',
  },
  review_reminder: {
    subject: 'Your review at {{clinic_name}}',
    body: `Dear {{first_name}},

Your follow-up visit is due on {{date}}. If you have not booked it yet, please call us on {{clinic_phone}}.

${SIGNATURE}`,
    smsBody: '{{clinic_name}}: your follow-up visit is due on {{date}}. Call {{clinic_phone}} to book.',
  },
  treatment_plan: {
    subject: 'Your plan from {{clinic_name}}',
    body: `Dear {{first_name}},

Thank you for visiting {{clinic_name}} on {{treatment_date}}. Here is your plan to keep.

# What was treated
{{treated}}

# Your dates
- Review visit: {{review_date}}
- Movement usually starts to return around {{movement_returns}}
- We will check in with you {{check_in}}
- Book your next treatment from {{recall_date}}

# Tracking your result at home
- Take a photo once a week in the same place, in the same light, with the same expressions: at rest, frowning, raising your eyebrows and smiling.
- Note the day you first notice movement coming back.
- Tell us on {{clinic_phone}} when it does: it helps us time your next treatment.

# Planning for an event
{{events}}
{{event_advice}}

With best wishes,
{{practitioner}}

${SIGNATURE}`,
    smsBody: '',
  },
};

/** A new clinic's setting for each kind: everything off until the clinic has set up its e-mail and chosen. */
export function defaultLead(kind: TemplateKind): number {
  return kind === 'treatment_plan' ? 0 : KIND_TIMING[kind].default;
}
