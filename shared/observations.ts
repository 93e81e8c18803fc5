import { z } from 'zod';
import { isValidDay } from './time';

export const OBSERVATION_KINDS = ['movement_returning', 'no_response'] as const;
export type ObservationKind = (typeof OBSERVATION_KINDS)[number];
export const OBSERVATION_KIND_LABELS: Record<ObservationKind, string> = {
  movement_returning: 'Movement returning',
  no_response: 'No response',
};

export const observationInputSchema = z
  .object({
    patientId: z.number().int().positive(),
    area: z.string().min(1, 'Choose the area'),
    observedOn: z.string().refine(isValidDay, 'Enter a real date'),
    kind: z.enum(OBSERVATION_KINDS),
    note: z.string().trim().max(1000, 'Keep the note under 1000 characters'),
  })
  .strict();
export type ObservationInput = z.input<typeof observationInputSchema>;

export interface Observation {
  id: number;
  patientId: number;
  area: string;
  observedOn: string;
  kind: ObservationKind;
  note: string;
  createdBy: string;
}

export const eventInputSchema = z
  .object({
    patientId: z.number().int().positive(),
    eventOn: z.string().refine(isValidDay, 'Enter a real date'),
    label: z.string().trim().min(1, 'Say what the event is, e.g. "Wedding"').max(120, 'Keep it under 120 characters'),
  })
  .strict();
export type EventInput = z.input<typeof eventInputSchema>;

export interface PatientEvent {
  id: number;
  patientId: number;
  eventOn: string;
  label: string;
}
