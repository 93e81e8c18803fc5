import type { Appointment } from '../../shared/calendar';
import { APPOINTMENT_TYPE_LABELS } from '../../shared/calendar';

/** RFC 5545 text: backslash, semicolon, comma and line breaks escaped. */
function text(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets are folded: a line break and one space. */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  for (const ch of line) {
    if (Buffer.byteLength(current + ch, 'utf8') > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
    }
    current += ch;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function utc(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/**
 * A practitioner's appointments as an iCalendar file. Times are written in UTC, which
 * every calendar program converts to its own zone, so a daylight-saving change in
 * between can never shift an appointment; the clinic's zone is named for display.
 */
/** "Ann Okafor" → "A.O.": how a patient is named in a calendar that may be synced to a phone. */
export function initials(name: string): string {
  return name
    .split(/[\s-]+/)
    .filter(Boolean)
    .map((w) => `${w[0]!.toLocaleUpperCase()}.`)
    .join('');
}

export function toIcs(
  appointments: readonly Appointment[],
  opts: {
    calendarName: string;
    timeZone: string;
    nowMs: number;
    /** Initials by default: calendars synced to phones leave the clinic. */
    names: 'initials' | 'full';
    /** This clinic's id, so two clinics' events never share a UID in one calendar. */
    clinicUid: string;
    /** Put the practitioner in the title (a calendar of everyone). */
    withPractitioner: boolean;
  },
): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Clinic Records//Calendar export//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${text(opts.calendarName)}`,
    `X-WR-TIMEZONE:${opts.timeZone}`,
  ];
  for (const a of appointments) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:appointment-${a.id}-${opts.clinicUid}@clinic-records`,
      `DTSTAMP:${utc(opts.nowMs)}`,
      `DTSTART:${utc(a.startsAtMs)}`,
      `DTEND:${utc(a.endsAtMs)}`,
      `SUMMARY:${text(
        `${APPOINTMENT_TYPE_LABELS[a.type]}: ${opts.names === 'full' ? a.patientName : initials(a.patientName)}${opts.withPractitioner ? ` (${a.practitionerName})` : ''}`,
      )}`,
      ...(a.roomName ? [`LOCATION:${text(a.roomName)}`] : []),
      ...(a.notes ? [`DESCRIPTION:${text(a.notes)}`] : []),
      `STATUS:${a.status === 'cancelled' ? 'CANCELLED' : a.status === 'booked' ? 'TENTATIVE' : 'CONFIRMED'}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
