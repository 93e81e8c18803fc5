import { useState } from 'react';
import type { AppointmentType, CalendarSetup } from '../../../../shared/calendar';
import type { StaffMember } from '../../../../shared/staff';
import { canInject } from '../../../../shared/staff';
import { call, errorMessage } from '../../api';
import { BookingDialog } from './BookingDialog';
import { useFormat } from '../../format';

/**
 * "Book" wherever a patient is already known (the patient page, a recall row): the booking
 * dialog opens with the patient chosen, on the suggested day.
 */
export function BookButton({
  patient,
  date,
  practitionerId = null,
  type,
  label,
  className = 'button button-secondary',
  onBooked,
}: {
  patient: { id: number; name: string };
  /** The first day to look for a free time. */
  date: string;
  /** Who to book with when they can take it (the patient's last practitioner); else the first on the team. */
  practitionerId?: number | null;
  /** The booking's type; without one, the patient's usual type (a treatment once treated). */
  type?: AppointmentType;
  label: string;
  className?: string;
  onBooked: (text: string) => void;
}) {
  const format = useFormat();
  const [ready, setReady] = useState<{ team: StaffMember[]; setup: CalendarSetup } | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function open() {
    try {
      const [team, setup] = await Promise.all([call('team.list', {}), call('calendar.setup', {})]);
      setReady({ team: team.filter((m) => m.active && canInject(m)), setup });
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <>
      <button type="button" className={className} onClick={() => void open()}>
        {label}
      </button>
      {error && (
        <span className="status-error" role="alert">
          {error}
        </span>
      )}
      {ready && (
        <BookingDialog
          slot={{
            date,
            start: '10:00',
            practitionerId: ready.team.some((m) => m.id === practitionerId) ? practitionerId : (ready.team[0]?.id ?? null),
            patient,
            type,
            title: `Book: ${patient.name}`,
            pickFirstFree: true,
          }}
          team={ready.team}
          setup={ready.setup}
          onClose={() => setReady(null)}
          onBooked={(a) => {
            setReady(null);
            onBooked(`Booked: ${a.patientName}, ${format.date(a.date)} at ${format.time(a.start)} with ${a.practitionerName}.`);
          }}
        />
      )}
    </>
  );
}
