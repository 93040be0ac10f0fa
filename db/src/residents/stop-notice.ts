/**
 * What the 停发通知书 prints after a death or move-out was registered: to whom it is
 * addressed, and each benefit stopped with its amount, the month payment stops and why.
 */
import type Database from 'better-sqlite3';
import { conflict } from '../kernel/errors';
import { prepared } from '../kernel/prepared';
import { householdSummary } from '../households/households';
import { maskIdNumber } from '../privacy/mask';
import { readSettings } from '../settings/settings';
import { toYuan } from '../beneficiaries/months';
import { RESIDENT_STATUS_LABELS, STATUS_MATERIALS, requireResidentRow } from './residents';

/**
 * The household is told (the head, when the person was in one and was not the head
 * themself); a person who lived alone is written to as 某某家属 after a death.
 */
function addresseeOf(db: Database.Database, residentId: number, name: string, deceased: boolean): string {
  const household = householdSummary(db, residentId);
  if (household && household.headName && !household.isHead) return `${household.headName}户（户主 ${household.headName}）`;
  return deceased ? `${name}家属` : name;
}

export function stopNotice(db: Database.Database, residentId: number) {
  const r = requireResidentRow(db, residentId);
  if (r.status === 'registered') {
    throw conflict(`${r.name}未登记死亡或迁出，没有停发通知书`, { rule: 'resident_status', status: r.status });
  }
  const settings = readSettings(db);
  const rows = prepared<{ residentId: number }, {
    beneficiary_id: number;
    stop_month: string;
    amount_fen: number;
    never_paid: 0 | 1;
    item_code: string;
    item_name: string;
    case_no: string;
    start_month: string;
    stop_reason: string | null;
  }>(
    db,
    `SELECT s.beneficiary_id, s.stop_month, s.amount_fen, s.never_paid, b.item_code, c.item_name, c.case_no, b.start_month, b.stop_reason
       FROM resident_status_stops s JOIN beneficiaries b ON b.id = s.beneficiary_id JOIN cases c ON c.id = b.case_id
      WHERE s.resident_id = @residentId ORDER BY b.id`,
  ).all({ residentId });
  const household = householdSummary(db, residentId);
  return {
    resident: { id: r.id, name: r.name, idNumber: maskIdNumber(r.id_number) },
    status: r.status,
    statusLabel: RESIDENT_STATUS_LABELS[r.status],
    statusDate: r.status_date!,
    reason: r.status_reason ?? '',
    material: STATUS_MATERIALS[r.status],
    materialNo: r.status_material_no,
    movedTo: r.moved_to,
    recordedAt: r.status_recorded_at!,
    recordedBy: r.status_recorded_by ?? '',
    addressee: addresseeOf(db, r.id, r.name, r.status === 'deceased'),
    householdAddress: household?.address ?? r.address,
    benefits: rows.map((b) => ({
      beneficiaryId: b.beneficiary_id,
      itemCode: b.item_code,
      itemName: b.item_name,
      caseNo: b.case_no,
      startMonth: b.start_month,
      /** yuan: the last month's amount, or the amount it would have started with */
      monthlyAmount: toYuan(b.amount_fen),
      stopMonth: b.stop_month,
      neverPaid: b.never_paid === 1,
      reason: b.stop_reason ?? '',
    })),
    centre: { name: settings.centreName, phone: settings.centrePhone, address: settings.centreAddress },
  };
}
