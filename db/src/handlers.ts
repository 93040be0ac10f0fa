import { calendarHandlers } from './calendar/handlers';
import { catalogueHandlers } from './catalogue/handlers';
import { accountsHandlers } from './accounts/handlers';
import { auditHandlers } from './audit/handlers';
import { settingsHandlers } from './settings/handlers';
import { residentsHandlers } from './residents/handlers';
import { householdsHandlers } from './households/handlers';
import { systemHandlers } from './system/handlers';
import { backupsHandlers } from './backups/handlers';
import { casesHandlers } from './cases/handlers';
import { beneficiariesHandlers } from './beneficiaries/handlers';
import { exportsHandlers } from './exports/handlers';

/**
 * Every handler of the core, by name. Each feature declares its own map beside its code;
 * this object's type is the contract that hosts and the renderer's client are typed by.
 */
export const handlers = {
  ...systemHandlers,
  ...settingsHandlers,
  ...residentsHandlers,
  ...householdsHandlers,
  ...accountsHandlers,
  ...auditHandlers,
  ...calendarHandlers,
  ...catalogueHandlers,
  ...backupsHandlers,
  ...casesHandlers,
  ...beneficiariesHandlers,
  ...exportsHandlers,
};
