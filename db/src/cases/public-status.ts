/**
 * What the receipt promises (凭办件编号或二维码可查询办理进度): a case's progress for
 * whoever holds its number and the last four characters of the applicant's ID number, at
 * the self-service kiosk. Only the item, the status, the stage and the dates: no name, no
 * number, no material; and the same answer for a wrong number as for a wrong ID, so the
 * lookup cannot be used to learn which case numbers exist.
 */
import type Database from 'better-sqlite3';
import { notFound } from '../kernel/errors';
import { prepared } from '../kernel/prepared';
import { getItemVersion } from '../catalogue/catalogue';
import { STATUS_LABELS, type CaseStatus } from '../shared/vocabulary';
import { stageOf } from './transitions';

export interface PublicStatus {
  caseNo: string;
  itemName: string;
  status: CaseStatus;
  statusLabel: string;
  /** the stage in progress (初审, 公示 …); null once the case is closed or waits for materials */
  stageName: string | null;
  receivedOn: string;
  /** the promised date while open; null when closed or waiting for materials */
  dueOn: string | null;
  completedOn: string | null;
}

export const PUBLIC_STATUS_NOT_FOUND = '未查到该办件：请核对办件编号和申请人身份证号后四位';

export function publicStatus(db: Database.Database, caseNo: string, idLast4: string): PublicStatus {
  const row = prepared<
    { caseNo: string },
    { case_no: string; item_code: string; item_version: number; item_name: string; status: CaseStatus; stage: string | null; received_on: string; due_on: string | null; completed_on: string | null; id_number: string }
  >(
    db,
    `SELECT c.case_no, c.item_code, c.item_version, c.item_name, c.status, c.stage, c.received_on, c.due_on, c.completed_on, r.id_number
       FROM cases c JOIN residents r ON r.id = c.resident_id WHERE c.case_no = @caseNo`,
  ).get({ caseNo });
  if (!row || row.id_number.slice(-4).toUpperCase() !== idLast4) throw notFound(PUBLIC_STATUS_NOT_FOUND);
  const open = row.status === 'in_progress';
  return {
    caseNo: row.case_no,
    itemName: row.item_name,
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    stageName: open ? (stageOf(getItemVersion(db, row.item_code, row.item_version), row.stage)?.stage.name ?? null) : null,
    receivedOn: row.received_on,
    dueOn: open ? row.due_on : null,
    completedOn: row.completed_on,
  };
}
