import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../db/src/accounts/passwords';
import { openCore } from '../../db/src/core';
import { loadMigrations, schemaVersion } from '../../db/src/database/migrations';
import { dbAtVersion, testClock } from '../support/temp';
import { makeId, staffId } from '../support/ids';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };
const NOW = '2026-03-01T01:00:00.000Z';

describe('migration ratings_per_service: 好差评 per service, by the resident', () => {
  it('keeps the ratings staff typed before (one per case) readable as a “visit” service, with their follow-ups; a closed one is not reopened', async () => {
    const version = loadMigrations().find((m) => m.name === 'ratings_per_service')!.version;
    const { db, path } = dbAtVersion(version - 1);
    const user = db.prepare(`INSERT INTO users (id, username, display_name, roles, password_hash, staff_id_number, window_no) VALUES (@id, @u, @name, @roles, @hash, @staff, @w)`);
    user.run({ id: 1, u: 'clerk1', name: '李窗口', roles: '["clerk"]', hash: hashPassword('clerk-pass-1'), staff: staffId(1), w: '1' });
    user.run({ id: 2, u: 'clerk2', name: '赵窗口', roles: '["clerk"]', hash: hashPassword('clerk-pass-2'), staff: staffId(2), w: '2' });
    user.run({ id: 3, u: 'boss', name: '陈审批', roles: '["reviewer"]', hash: hashPassword('boss-pass-1'), staff: staffId(3), w: null });
    db.prepare(
      `INSERT INTO residents (id, id_number, id_number_rev, name, birth_date, sex, pinyin_full, pinyin_initials, created_at, updated_at)
       VALUES (1, @n, @rev, '旧申请人', '1970-01-01', 'male', 'x', 'x', @now, @now)`,
    ).run({ n: makeId(1, '19700101'), rev: [...makeId(1, '19700101')].reverse().join(''), now: NOW });
    const kase = db.prepare(
      `INSERT INTO cases (id, case_no, resident_id, item_code, item_version, item_name, family, time_limit_days, decision, status, stage, form_values,
         received_on, accepted_on, accepted_by, due_on, clerk_id, window_no, idempotency_key, created_at, updated_at)
       VALUES (@id, @no, 1, 'RS-SYDJ-001', 1, '失业登记', 'employment', 10, 'accept', 'in_progress', 'review', '{}',
         '2026-02-02', '2026-02-02', 1, '2026-02-20', 1, '1', @key, @now, @now)`,
    );
    kase.run({ id: 1, no: 'C1', key: 'migration-rating-1', now: NOW });
    kase.run({ id: 2, no: 'C2', key: 'migration-rating-2', now: NOW });
    db.prepare(
      `INSERT INTO case_events (case_id, at, on_date, action, from_status, to_status, from_stage, to_stage, actor_id, actor_name)
       VALUES (1, @now, '2026-02-02', 'intake', NULL, 'in_progress', NULL, 'review', 1, '李窗口')`,
    ).run({ now: NOW });
    const rating = db.prepare('INSERT INTO case_ratings (case_id, score, comment, clerk_id, rated_at, recorded_by) VALUES (?, ?, ?, 1, ?, 2)');
    rating.run(1, 2, '等太久', '2026-02-02T03:00:00.000Z');
    rating.run(2, 5, null, '2026-02-03T03:00:00.000Z');
    db.prepare(
      `INSERT INTO case_follow_ups (case_id, clerk_id, opened_on, due_on, closed_at, closed_by, note)
       VALUES (1, 1, '2026-02-02', '2026-02-24', '2026-02-05T03:00:00.000Z', 1, '已回访')`,
    ).run();
    db.close();

    const clock = testClock('2026-03-02T10:00:00+08:00');
    const core = openCore({ dbPath: path, logger: quiet, now: clock.now });
    try {
      expect(schemaVersion(core.db)).toBeGreaterThanOrEqual(version);
      const boss = await core.login('boss', 'boss-pass-1');
      const got = await core.dispatch('cases.get', { id: 1 }, boss);
      if (!got.ok) throw new Error(JSON.stringify(got.error));
      const c = got.result as { services: unknown[]; rating: unknown; followUp: unknown; followUps: unknown[] };
      expect(c.services).toMatchObject([{ kind: 'visit', label: '办事评价', servedBy: { id: 1, name: '李窗口' }, servedOn: '2026-02-02', rated: true, rating: { score: 2, comment: '等太久', reasons: [] } }]);
      expect(c.rating).toMatchObject({ score: 2, label: '不满意' });
      expect(c.followUps).toMatchObject([{ score: 2, closedAt: '2026-02-05T03:00:00.000Z', closedBy: '李窗口', note: '已回访', rectification: null }]);
      expect(core.db.prepare('SELECT case_id, score, recorded_by FROM case_ratings ORDER BY case_id').all()).toEqual([
        { case_id: 1, score: 2, recorded_by: 2 },
        { case_id: 2, score: 5, recorded_by: 2 },
      ]);
      // A new service of the same case is rated on its own, beside the old one.
      const clerk = await core.login('clerk1', 'clerk-pass-1');
      const offer = await core.dispatch('cases.offerRating', { caseId: 1, service: 'intake' }, clerk);
      if (!offer.ok) throw new Error(JSON.stringify(offer.error));
      const rated = await core.dispatch('cases.rate', { serviceId: (offer.result as { serviceId: number }).serviceId, score: 4 }, null);
      expect(rated.ok).toBe(true);
      expect(core.db.prepare('SELECT count(*) AS n FROM case_ratings WHERE case_id = 1').get()).toEqual({ n: 2 });
      // The tables keep their rules.
      expect(() => core.db.prepare("INSERT INTO case_services (case_id, kind, event_id, served_by, served_on) VALUES (1, 'intake', NULL, 1, '2026-03-02')").run()).toThrow(/CHECK/);
      expect(() => core.db.prepare('INSERT INTO case_ratings (case_id, service_id, score, clerk_id, rated_at) VALUES (1, 1, 5, 1, ?)').run(NOW)).toThrow(/UNIQUE/);
      expect(() => core.db.prepare("INSERT INTO case_ratings (case_id, service_id, score, reasons, clerk_id, rated_at) VALUES (1, 99, 5, '[\"等候时间长\"]', 1, ?)").run(NOW)).toThrow(/CHECK/);
      expect(core.db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      expect(core.db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      core.close();
    }
  });
});
