import type { ClinicHandlers } from '../dispatch';
import type { ApiDeps } from './deps';
import { clinicToday } from './clinicDay';
import { checkSummariesOnOpen } from '../scheduling/summaryUpkeep';
import { accountHandlers } from './account';
import { auditHandlers } from './audit';
import { backupHandlers } from './backups';
import { securityHandlers } from './security';
import { appHandlers } from './app';
import { appointmentHandlers } from './appointments';
import { calendarHandlers } from './calendar';
import { cameraHandlers } from './camera';
import { catalogueHandlers } from './catalogue';
import { comparisonHandlers } from './comparisons';
import { consentHandlers } from './consents';
import { eventHandlers } from './events';
import { exportHandlers } from './export';
import { importHandlers } from './import';
import { lotHandlers } from './lots';
import { observationHandlers } from './observations';
import { patientHandlers } from './patients';
import { photoHandlers } from './photos';
import { printHandlers } from './print';
import { recallHandlers } from './recall';
import { ruleSettingsHandlers } from './ruleSettings';
import { scheduleHandlers } from './schedule';
import { settingsHandlers } from './settings';
import { sheetHandlers } from './sheets';
import { teamHandlers } from './team';
import { todayHandlers } from './today';
import { treatmentHandlers } from './treatments';
import { mailSettingsHandlers } from './mailSettings';
import { outboxHandlers } from './outbox';
import { planHandlers } from './plan';
import { templateHandlers } from './templates';
import { networkHandlers } from './network';

/**
 * Every handler of an open clinic, keyed by the contract's method names; the type makes a missing
 * one a compile error. Each contract namespace ("appointments", "lots"…) has its own file here.
 */
export function createHandlers(deps: ApiDeps): ClinicHandlers {
  checkSummariesOnOpen(deps.db, deps.jobs, clinicToday(deps), deps.log);
  return {
    ...appHandlers(deps),
    ...accountHandlers(deps),
    ...securityHandlers(deps),
    ...auditHandlers(deps),
    ...backupHandlers(deps),
    ...teamHandlers(deps),
    ...catalogueHandlers(deps),
    ...lotHandlers(deps),
    ...treatmentHandlers(deps),
    ...observationHandlers(deps),
    ...eventHandlers(deps),
    ...scheduleHandlers(deps),
    ...recallHandlers(deps),
    ...exportHandlers(deps),
    ...importHandlers(deps),
    ...calendarHandlers(deps),
    ...appointmentHandlers(deps),
    ...sheetHandlers(deps),
    ...todayHandlers(deps),
    ...printHandlers(deps),
    ...settingsHandlers(deps),
    ...ruleSettingsHandlers(deps),
    ...patientHandlers(deps),
    ...consentHandlers(deps),
    ...photoHandlers(deps),
    ...cameraHandlers(deps),
    ...comparisonHandlers(deps),
    ...mailSettingsHandlers(deps),
    ...templateHandlers(deps),
    ...outboxHandlers(deps),
    ...planHandlers(deps),
    ...networkHandlers(deps),
  };
}
