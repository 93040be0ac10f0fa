import type Database from 'better-sqlite3';
import { AppError, conflict } from './errors';
import { prepared } from './prepared';

/**
 * Request keys (migration 0017, table `answered_requests`): a client makes one random key
 * per logical write and re-sends it unchanged on every retry, so that a write whose answer
 * was lost on the network is answered again from the table instead of being done twice.
 */

/** a UUID fits; so does any other random text of the same letters */
const KEY_SHAPE = /^[A-Za-z0-9_-]{8,100}$/;

export const REQUEST_KEY_INVALID = '请求编号格式不正确：应为 8 到 100 位字母、数字、“-”或“_”';

export function checkRequestKey(key: string): AppError | null {
  return KEY_SHAPE.test(key) ? null : new AppError('VALIDATION', REQUEST_KEY_INVALID, { fields: [{ path: 'requestKey', message: REQUEST_KEY_INVALID }] });
}

/** how long an answer is kept: a retry comes within minutes, a day covers a night's outage */
export const ANSWER_KEPT_MS = 24 * 60 * 60_000;

/** who asked: a retry must come from the same device and the same person */
export interface Asker {
  deviceId: number | null;
  userId: number | null;
}

interface Row {
  device_id: number | null;
  user_id: number | null;
  handler: string;
  answer: string | null;
}

/**
 * The stored answer to `key`, or undefined when the key is new. A key used for another
 * handler or by another caller is refused: it is a client's bug (or someone else's key),
 * and answering it would hand out another call's result.
 */
export function storedAnswer(db: Database.Database, key: string, handler: string, asker: Asker): { result: unknown } | undefined {
  const row = prepared<[string], Row>(db, 'SELECT device_id, user_id, handler, answer FROM answered_requests WHERE request_key = ?').get(key);
  if (!row) return undefined;
  if (row.handler !== handler) {
    throw conflict('此请求编号已用于另一项操作，不能用于本操作：请重新提交（客户端应为每项操作生成新的编号）', { reason: 'request_key_reused', requestKey: key });
  }
  if (row.device_id !== asker.deviceId || row.user_id !== asker.userId) {
    throw conflict('此请求编号已由其他设备或其他人员使用，不能重复使用：请重新提交', { reason: 'request_key_other_caller', requestKey: key });
  }
  return { result: row.answer === null ? undefined : JSON.parse(row.answer) };
}

/** Stores the answer; inside the write's own transaction, so both commit or neither. */
export function storeAnswer(db: Database.Database, key: string, handler: string, asker: Asker, result: unknown, now: Date): void {
  const answer = result === undefined ? null : JSON.stringify(result);
  prepared(db, 'INSERT INTO answered_requests (request_key, device_id, user_id, handler, answer, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    key,
    asker.deviceId,
    asker.userId,
    handler,
    answer,
    now.toISOString(),
  );
}

/** Deletes answers older than ANSWER_KEPT_MS (an indexed range delete: cheap). */
export function pruneAnswers(db: Database.Database, now: Date): number {
  return prepared(db, 'DELETE FROM answered_requests WHERE created_at < ?').run(new Date(now.getTime() - ANSWER_KEPT_MS).toISOString()).changes;
}
