import type { Patient } from '../../shared/patients';
import type { ClinicSettings } from '../../shared/settings';
import {
  documentBlocks,
  fillTemplate,
  plainText,
  type DocumentBlock,
  type MergeValues,
  type RenderedMessage,
  type Template,
} from '../../shared/messages';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function blockHtml(b: DocumentBlock): string {
  switch (b.type) {
    case 'heading':
      return `<h2 style="font-size:17px;margin:22px 0 8px;color:#1f3b4d">${escapeHtml(b.text)}</h2>`;
    case 'list':
      return `<ul style="margin:0 0 14px;padding-left:22px">${b.items
        .map((i) => `<li style="margin:0 0 6px">${escapeHtml(i)}</li>`)
        .join('')}</ul>`;
    case 'paragraph':
      return `<p style="margin:0 0 14px">${b.lines.map(escapeHtml).join('<br>')}</p>`;
  }
}

/**
 * The HTML part of an e-mail: the filled template's paragraphs, lists and headings in a plain
 * layout every mail program shows the same (inline styles, no images, no links to load).
 */
export function emailHtml(filled: string, clinicName: string): string {
  const body = documentBlocks(filled).map(blockHtml).join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(clinicName)}</title></head>
<body style="margin:0;padding:0;background:#f4f6f7">
<div style="max-width:600px;margin:0 auto;padding:28px 24px;background:#ffffff;font-family:Georgia,'Times New Roman',serif;font-size:16px;line-height:1.5;color:#1c2529">
<p style="margin:0 0 22px;font-family:Arial,Helvetica,sans-serif;font-size:13px;letter-spacing:.04em;text-transform:uppercase;color:#5b6b73">${escapeHtml(clinicName)}</p>
${body}
</div>
</body></html>`;
}

/** A template filled in for one patient: subject, text and HTML parts, and the SMS text. */
export function renderTemplate(
  t: Pick<Template, 'subject' | 'body' | 'smsBody'>,
  values: MergeValues,
  clinicName: string,
): RenderedMessage {
  const filled = fillTemplate(t.body, values);
  return {
    subject: fillTemplate(t.subject, values).replace(/\s+/g, ' ').trim(),
    text: plainText(filled),
    html: emailHtml(filled, clinicName || 'Your clinic'),
    sms: fillTemplate(t.smsBody, values).replace(/\s+/g, ' ').trim(),
  };
}

/** The fields every kind shares: who the patient is and who the clinic is. */
export function commonValues(patient: Patient, clinic: ClinicSettings): MergeValues {
  return {
    first_name: patient.preferredName || patient.firstName,
    last_name: patient.lastName,
    clinic_name: clinic.name,
    clinic_address: clinic.address.replace(/\s*\n\s*/g, ', '),
    clinic_phone: clinic.phone,
  };
}
