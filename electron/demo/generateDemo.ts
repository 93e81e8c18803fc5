import { DEFAULT_VIAL_UNITS } from '../../shared/catalogue';
import { addDays, dayNumber, weekdayIndex } from '../../shared/time';
import { emptyPatient, type PatientFields } from '../../shared/patients';
import type { PatientFlag } from '../../shared/ruleSettings';
import { defaultOpeningHours } from '../../shared/settings';
import type { TreatmentFields } from '../../shared/treatments';
import { recordAudit } from '../db/auditRepo';
import { insertLot } from '../db/catalogueRepo';
import type { Db } from '../db/connection';
import { insertConsent } from '../db/consentsRepo';
import { insertEvent, insertObservation } from '../db/observationsRepo';
import { insertPatient } from '../db/patientsRepo';
import { patientsDueBetween } from '../db/demoRepo';
import { insertRecallContact } from '../db/scheduleRepo';
import { zonedToEpochMs } from '../../shared/time';
import { writeClinicSettings } from '../db/settingsRepo';
import { insertTeamMember } from '../db/staffRepo';
import { insertTreatment } from '../db/treatmentsRepo';
import { loadRulesContext } from '../scheduling/context';
import { refreshAllScheduleSummaries } from '../scheduling/patientSchedule';
import { markSummariesCurrent } from '../scheduling/summaryUpkeep';
import { generateDemoDiary } from './demoAppointments';

/** A small seeded generator (mulberry32), so the same seed always builds the same clinic (the bench's pauses use it too). */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    chance: (p: number) => next() < p,
    /** Roughly normal, mean 0 and deviation 1 (sum of uniforms). */
    normal: () => next() + next() + next() + next() + next() + next() - 3,
  };
}

const FIRST_NAMES = [
  'Amelia',
  'Olivia',
  'Isla',
  'Ava',
  'Sophie',
  'Grace',
  'Chloé',
  'Zoë',
  'Hannah',
  'Priya',
  'Amara',
  'Siobhán',
  'Maria',
  'Elena',
  'Fatima',
  'Aisha',
  'Leah',
  'Niamh',
  'Eilidh',
  'Charlotte',
  'Emily',
  'Ruby',
  'Freya',
  'Mia',
  'Lucía',
  'Ana',
  'Ingrid',
  'Katarzyna',
  'Yasmin',
  'Rachel',
  'Laura',
  'Claire',
  'Joanne',
  'Nicola',
  'Helen',
  'Sarah',
  'James',
  'Oliver',
  'Daniel',
  'Tom',
  'Ravi',
  'Marco',
  'Lukas',
  'Ben',
  'Sean',
];
const LAST_NAMES = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Patel',
  'Okafor',
  'Ó Briain',
  'Müller',
  'García',
  'Nowak',
  'Kowalski',
  'Ångström',
  'Murphy',
  "O'Neill",
  'MacLeod',
  'Campbell',
  'Stewart',
  'Khan',
  'Ali',
  'Hughes',
  'Evans',
  'Thomas',
  'Roberts',
  'Walker',
  'Wright',
  'Robinson',
  'Thompson',
  'White',
  'Green',
  'Hall',
  'Wood',
  'Clarke',
  'Jackson',
  'Martin',
  'Lee',
  'Harris',
  'Novak',
  'Rossi',
  'Dubois',
  'Fernández',
  'Nguyen',
];
const STREETS = [
  'Quay Street',
  'Park Row',
  'Whiteladies Road',
  'Gloucester Road',
  'Queen Square',
  'North Street',
  'Cotham Hill',
  'Church Road',
];

interface Plan {
  product: string;
  areas: { area: string; units: number }[];
}

/** Typical starting doses per product and area (units belong to their product). */
const PLANS: { weight: number; plan: Plan }[] = [
  {
    weight: 30,
    plan: {
      product: 'botox',
      areas: [
        { area: 'glabella', units: 20 },
        { area: 'forehead', units: 10 },
      ],
    },
  },
  {
    weight: 14,
    plan: {
      product: 'botox',
      areas: [
        { area: 'glabella', units: 20 },
        { area: 'crows_feet', units: 24 },
        { area: 'forehead', units: 10 },
      ],
    },
  },
  {
    weight: 16,
    plan: {
      product: 'dysport',
      areas: [
        { area: 'glabella', units: 50 },
        { area: 'crows_feet', units: 60 },
      ],
    },
  },
  {
    weight: 12,
    plan: {
      product: 'xeomin',
      areas: [
        { area: 'glabella', units: 20 },
        { area: 'forehead', units: 12 },
      ],
    },
  },
  { weight: 8, plan: { product: 'bocouture', areas: [{ area: 'glabella', units: 20 }] } },
  { weight: 6, plan: { product: 'daxxify', areas: [{ area: 'glabella', units: 40 }] } },
  {
    weight: 5,
    plan: {
      product: 'innotox',
      areas: [
        { area: 'glabella', units: 20 },
        { area: 'crows_feet', units: 24 },
      ],
    },
  },
  { weight: 6, plan: { product: 'botox', areas: [{ area: 'masseter', units: 50 }] } },
  { weight: 3, plan: { product: 'botox', areas: [{ area: 'axillae', units: 100 }] } },
];

/** Each maker's lot numbers look different; no two products share one. */
const LOT_PREFIX: Record<string, string> = {
  botox: 'C',
  dysport: 'DY',
  xeomin: 'XE',
  bocouture: 'BC',
  daxxify: 'DX',
  innotox: 'IN',
};

const TEAM = [
  { name: 'Dr Sarah Whitfield', role: 'practitioner' as const, registration: 'GMC 7012345' },
  { name: 'Nurse James Okoro', role: 'practitioner' as const, registration: 'NMC 09A1234E' },
  { name: 'Dr Priya Raman', role: 'practitioner' as const, registration: 'GMC 7098765' },
  { name: 'Nurse Elena Novak', role: 'practitioner' as const, registration: 'NMC 12B5678F' },
  { name: 'Tom Fisher', role: 'reception' as const, registration: '' },
  // The owner comes last, so the first four stay the injectors of the diary.
  { name: 'Alex Morgan', role: 'admin' as const, registration: '' },
];

export interface DemoOptions {
  /** The last day of history; the demo clinic's "today". */
  today: string;
  patients?: number;
  /** Years of history; two unless asked (the benchmark asks for ten). */
  years?: number;
  seed?: number;
  nowMs: number;
}

export interface DemoSummary {
  patients: number;
  treatments: number;
  observations: number;
  lots: number;
  team: number;
  appointments: number;
}

function weekdayOnOrAfter(day: string): string {
  const w = weekdayIndex(day);
  return w === 0 ? addDays(day, 1) : w === 6 ? addDays(day, 2) : day;
}

/**
 * Fills an empty clinic database with a realistic, deterministic demo clinic: a team of
 * four practitioners and a receptionist, lots of six products, and about two years of
 * treatments and observations for a few hundred patients. Runs in one transaction.
 */
export function generateDemoClinic(db: Db, opts: DemoOptions): DemoSummary {
  const rnd = random(opts.seed ?? 20261122);
  const count = opts.patients ?? 300;
  const { today, nowMs } = opts;
  const historyDays = Math.round((opts.years ?? 2) * 365);
  const start = addDays(today, -historyDays);
  const summary: DemoSummary = { patients: 0, treatments: 0, observations: 0, lots: 0, team: 0, appointments: 0 };
  const teamIds: number[] = [];

  db.transaction(() => {
    writeClinicSettings(
      db,
      {
        name: 'Harbour Aesthetics (demo)',
        address: '12 Quay Street\nBristol BS1 4DJ',
        phone: '+44 117 496 0018',
        timeZone: 'Europe/London',
        country: 'GB',
        language: 'en',
        calendarNames: 'initials',
        openingHours: defaultOpeningHours(),
      },
      nowMs,
    );
    const team = TEAM.map((m) => insertTeamMember(db, { ...m, account: 'active' }, nowMs));
    teamIds.push(...team);
    summary.team = team.length;
    const injectors = team.slice(0, 4);

    // Lots: a new delivery of each product about every four months, usable for 18 months.
    const lotsByProduct = new Map<string, { id: number; lotNumber: string; receivedOn: string; expiry: string }[]>();
    for (const product of ['botox', 'dysport', 'xeomin', 'bocouture', 'daxxify', 'innotox']) {
      const list: { id: number; lotNumber: string; receivedOn: string; expiry: string }[] = [];
      for (let received = addDays(start, -60), n = 1; received <= today; received = addDays(received, 120), n++) {
        const expiry = addDays(received, product === 'innotox' ? 300 : 540);
        const lotNumber = `${LOT_PREFIX[product]}${dayNumber(received) % 9000}${String.fromCharCode(64 + n)}`;
        const id = insertLot(
          db,
          {
            product,
            lotNumber,
            expiry,
            receivedOn: received,
            supplier: 'Aesthetic Supplies Ltd',
            vials: rnd.int(0, 12),
            unitsPerVial: DEFAULT_VIAL_UNITS[product] ?? 100,
          },
          nowMs,
        );
        list.push({ id, lotNumber, receivedOn: received, expiry });
        summary.lots += 1;
      }
      lotsByProduct.set(product, list);
    }
    const lotFor = (product: string, on: string) => {
      const usable = (lotsByProduct.get(product) ?? []).filter((l) => l.receivedOn <= on && l.expiry >= on);
      return usable.at(-1) ?? null;
    };
    const totalWeight = PLANS.reduce((s, p) => s + p.weight, 0);
    const pickPlan = () => {
      let r = rnd.next() * totalWeight;
      for (const p of PLANS) {
        r -= p.weight;
        if (r < 0) return p.plan;
      }
      return PLANS[0]!.plan;
    };

    for (let i = 0; i < count; i++) {
      const firstName = rnd.pick(FIRST_NAMES);
      const lastName = rnd.pick(LAST_NAMES);
      const dob = addDays('1958-01-01', rnd.int(0, 46 * 365));
      const flags: PatientFlag[] = [];
      if (rnd.chance(0.05)) flags.push('anticoagulants');
      if (rnd.chance(0.02)) flags.push('milk_protein_allergy');
      if (rnd.chance(0.01)) flags.push('neuromuscular_disorder');
      const patient: PatientFields = {
        ...(emptyPatient() as PatientFields),
        firstName,
        lastName,
        preferredName: rnd.chance(0.08) ? firstName.slice(0, 3) : '',
        dob: rnd.chance(0.03) ? null : dob,
        sex: ['James', 'Oliver', 'Daniel', 'Tom', 'Ravi', 'Marco', 'Lukas', 'Ben', 'Sean'].includes(firstName)
          ? 'male'
          : 'female',
        phone: `07${rnd.int(100, 999)} ${rnd.int(100000, 999999)}`,
        email:
          `${firstName}.${lastName}${i}`
            .toLowerCase()
            .normalize('NFD')
            .replace(/[^a-z0-9.]/g, '') + '@example.com',
        address: `${rnd.int(1, 140)} ${rnd.pick(STREETS)}\nBristol`,
        contactPreference: rnd.pick(['phone', 'phone', 'sms', 'sms', 'email', 'email', 'do_not_contact'] as const),
        flags,
        allergies: rnd.chance(0.08) ? rnd.pick(['Latex', 'Penicillin', 'Elastoplast', 'Nuts']) : '',
        medications: flags.includes('anticoagulants')
          ? 'Apixaban 5 mg twice daily'
          : rnd.chance(0.1)
            ? 'Levothyroxine 50 mcg'
            : '',
        activityLevel: rnd.pick(['low', 'normal', 'normal', 'normal', 'high'] as const),
        notes: '',
      };
      const patientId = insertPatient(db, patient, nowMs);
      summary.patients += 1;

      // A personal duration (some people metabolise toxin faster) and a regular injector.
      const plan = pickPlan();
      const injectorId = rnd.pick(injectors);
      const personal = 1 + 0.12 * rnd.normal();
      const snr = rnd.chance(0.03);
      let day = weekdayOnOrAfter(addDays(start, rnd.int(0, historyDays - 30)));
      if (!rnd.chance(0.04)) {
        insertConsent(
          db,
          patientId,
          {
            formName: 'Botulinum toxin treatment consent',
            formVersion: '3.1',
            signedOn: addDays(day, -rnd.int(0, 14)),
            photoScope: rnd.pick(['clinical', 'education', 'marketing'] as const),
          },
          nowMs,
        );
      }
      let cycle = 0;
      while (day <= today) {
        const lot = lotFor(plan.product, day);
        const fields: TreatmentFields = {
          patientId,
          performedOn: day,
          performedAt: `${String(rnd.int(9, 17)).padStart(2, '0')}:${rnd.pick(['00', '15', '30', '45'])}`,
          injectorId,
          prescriber: '',
          product: plan.product,
          lotId: lot?.id ?? null,
          expiredLotReason: '',
          preparation: ['innotox'].includes(plan.product)
            ? { readyToUse: true, diluent: '', diluentMl: null, unitsPerVial: null }
            : {
                readyToUse: false,
                diluent: '0.9% sodium chloride',
                diluentMl: plan.product === 'dysport' ? 1.5 : 2.5,
                unitsPerVial: DEFAULT_VIAL_UNITS[plan.product] ?? 100,
              },
          kind: 'full',
          areas: plan.areas.map((a) => ({ area: a.area, units: cycle > 2 && snr ? Math.round(a.units * 1.2) : a.units })),
          points: [],
          notes: cycle === 0 ? 'First treatment. Baseline photos taken.' : '',
          reviewOutcome: cycle === 0 ? 'Good symmetrical result at review.' : '',
        };
        const lotNumber = lot?.lotNumber ?? '';
        insertTreatment(
          db,
          { fields, lotNumber, lotExpiry: lot?.expiry ?? null, source: 'clinic', elsewhere: '', createdBy: 'Demo' },
          { status: 'final', recordId: null, version: 1, amendmentReason: '', nowMs },
        );
        summary.treatments += 1;
        if (cycle === 0 && rnd.chance(0.12)) {
          const touchUp = addDays(day, 14);
          if (touchUp <= today) {
            insertTreatment(
              db,
              {
                fields: {
                  ...fields,
                  performedOn: touchUp,
                  kind: 'touch_up',
                  areas: [{ area: plan.areas[0]!.area, units: Math.max(2, Math.round(plan.areas[0]!.units / 5)) }],
                  notes: 'Small touch-up at review.',
                  reviewOutcome: '',
                },
                lotNumber,
                lotExpiry: lot?.expiry ?? null,
                source: 'clinic',
                elsewhere: '',
                createdBy: 'Demo',
              },
              { status: 'final', recordId: null, version: 1, amendmentReason: '', nowMs },
            );
            summary.treatments += 1;
          }
        }
        const prior = plan.product === 'daxxify' ? 168 : ['masseter', 'axillae'].includes(plan.areas[0]!.area) ? 180 : 105;
        const shrink = snr && cycle >= 3 ? 0.5 : 1;
        const duration = Math.max(45, Math.round(prior * personal * shrink + 6 * rnd.normal()));
        const seenOn = addDays(day, duration);
        if (seenOn <= today && rnd.chance(snr ? 1 : 0.6)) {
          insertObservation(
            db,
            { patientId, area: plan.areas[0]!.area, observedOn: seenOn, kind: 'movement_returning', note: '' },
            'Demo',
            nowMs,
          );
          summary.observations += 1;
        }
        cycle += 1;
        day = weekdayOnOrAfter(addDays(day, Math.max(91, duration + rnd.int(0, 45))));
        if (rnd.chance(0.06)) break; // Some patients stop coming.
      }
      if (rnd.chance(0.04))
        insertEvent(
          db,
          {
            patientId,
            eventOn: addDays(today, rnd.int(30, 150)),
            label: rnd.pick(['Wedding', 'Holiday', 'Daughter’s wedding', 'Milestone birthday']),
          },
          nowMs,
        );
    }
    recordAudit(db, {
      atMs: nowMs,
      staff: { id: team[team.length - 1]!, name: 'Alex Morgan', role: 'admin', device: 'Demo builder' },
      action: 'create',
      entity: 'demo_clinic',
      entityId: '1',
      before: undefined,
      after: summary,
    });
  })();
  refreshAllScheduleSummaries(db, loadRulesContext(db), today);
  markSummariesCurrent(db, today);
  summary.appointments = db.transaction(() => generateDemoDiary(db, rnd, teamIds.slice(0, 4), today, nowMs))();
  // A few recall calls already made this week, so the list shows each status.
  const due = patientsDueBetween(db, addDays(today, -30), addDays(today, 14), 8);
  const outcomes = ['no_answer', 'left_message', 'called', 'declined'] as const;
  const notes = ['', 'Try again after 5 pm', 'Will call back to book', 'Moving away in the spring'];
  due.slice(0, 8).forEach((patientId, i) => {
    const contactedOn = addDays(today, -(i % 3));
    // Calls made earlier that day, or on a morning before; never after the demo's "now".
    const atMs = Math.min(
      zonedToEpochMs(contactedOn, `${String(9 + i).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`, 'Europe/London')!,
      nowMs - 60_000,
    );
    insertRecallContact(
      db,
      {
        patientId,
        contactedOn,
        atMs,
        outcome: outcomes[i % outcomes.length]!,
        snoozedUntil: null,
        note: notes[i % notes.length]!,
        staffName: 'Tom Fisher',
      },
      atMs,
    );
  });
  return summary;
}
