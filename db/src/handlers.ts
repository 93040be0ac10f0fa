import { calendarHandlers } from './calendar/handlers';
import { catalogueHandlers } from './catalogue/handlers';
import { accountsHandlers } from './accounts/handlers';
import { auditHandlers } from './audit/handlers';
import { settingsHandlers } from './settings/handlers';
import { residentsHandlers } from './residents/handlers';
import { residentImportHandlers } from './residents/import/handlers';
import { householdsHandlers } from './households/handlers';
import { systemHandlers } from './system/handlers';
import { backupsHandlers } from './backups/handlers';
import { recoveryHandlers } from './backups/recovery-handlers';
import { casesHandlers } from './cases/handlers';
import { beneficiariesHandlers } from './beneficiaries/handlers';
import { exportsHandlers } from './exports/handlers';
import { servicesHandlers } from './services/handlers';
import { devicesHandlers } from './devices/handlers';
import { paymentsHandlers } from './payments/handlers';
import { overviewHandlers } from './overview/handlers';
import { decisionsHandlers } from './decisions/handlers';
import { residentImportUploadHandlers } from './residents/import-upload';

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/**
 * Joins feature handler maps into one. An object spread would let a later feature silently
 * replace an earlier one's handler of the same name; this throws at start, naming it.
 */
export function combineHandlers<const M extends readonly Record<string, unknown>[]>(...maps: M): UnionToIntersection<M[number]> {
  const all: Record<string, unknown> = {};
  for (const map of maps) {
    for (const name of Object.keys(map)) {
      if (Object.hasOwn(all, name)) throw new Error(`处理函数名称重复：${name}`);
      all[name] = map[name];
    }
  }
  return all as UnionToIntersection<M[number]>;
}

/**
 * Every handler of the core, by name. Each feature declares its own map beside its code;
 * this object's type is the contract that hosts and the renderer's client are typed by.
 */
export const handlers = combineHandlers(
  systemHandlers,
  settingsHandlers,
  residentsHandlers,
  residentImportHandlers,
  householdsHandlers,
  accountsHandlers,
  auditHandlers,
  calendarHandlers,
  catalogueHandlers,
  backupsHandlers,
  recoveryHandlers,
  casesHandlers,
  beneficiariesHandlers,
  exportsHandlers,
  servicesHandlers,
  devicesHandlers,
  paymentsHandlers,
  overviewHandlers,
  decisionsHandlers,
  residentImportUploadHandlers,
);
