/**
 * The demo-data generator (db/src/demo): deterministic, valid identity numbers, rare
 * characters, every item and every final status, rows the handlers accept as their own
 * (columns, deadlines, audit JSON, hash chain), and the handlers working on the data.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson, verifyChain } from '../../db/src/kernel/audit-chain';
import { openCore } from '../../db/src/core';
import { workingCalendar } from '../../db/src/calendar/working-days';
import { dueDate } from '../../db/src/cases/deadlines';
import { auditState, caseMaterials, type CaseRow } from '../../db/src/cases/store';
import { FINAL_STATUSES } from '../../db/src/shared/vocabulary';
import { validateIdNumber } from '../../db/src/shared/id-number';
import { nameBigrams, residentSearchKeys } from '../../db/src/residents/search-keys';
import { seedItems } from '../../db/src/catalogue/seed/items';
import { DEMO_PASSWORD, seedDatabase, type SeedOptions } from '../../db/src/demo/generate';
import { tempDir } from '../support/temp';

const UNTIL = '2026-11-20';
const quiet = { error: () => {}, warn: () => {}, info: () => {} };

function seeded(seed: string, extra: Partial<SeedOptions> = {}) {
  const dbPath = join(tempDir('onewindow-seed-'), 'seed.sqlite');
  const result = seedDatabase({
    dbPath,
    residents: 300,
    cases: 900,
    seed,
    until: UNTIL,
    // checkCanonical runs inside the generator: only when it runs on this thread
    checkCanonical:
      extra.threads === 2
        ? undefined
        : (json) => {
            if (canonicalJson(JSON.parse(json)) !== json) throw new Error(`not canonical: ${json.slice(0, 200)}`);
          },
    ...extra,
  });
  return { dbPath, result };
}

// Written by the migrations when the file is created, not by the generator.
const MIGRATION_TIMESTAMPED = new Set(['calendar_days', 'catalogue_items', 'catalogue_item_versions', 'settings']);

function fingerprint(dbPath: string) {
  const db = new Database(dbPath, { readonly: true });
  try {
    // every generated row of every table, in key order
    const tables: Record<string, string> = {};
    for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]) {
      if (MIGRATION_TIMESTAMPED.has(name)) continue;
      const key = (db.prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').all(name) as { name: string }[]).map((c) => `"${c.name}"`);
      const hash = createHash('sha256');
      for (const row of db.prepare(`SELECT * FROM "${name}" ORDER BY ${key.length ? key.join(', ') : 'rowid'}`).raw(true).iterate()) hash.update(`${JSON.stringify(row)}\n`);
      tables[name] = hash.digest('hex');
    }
    return {
      residents: db.prepare('SELECT name, id_number FROM residents ORDER BY id').all(),
      caseNos: (db.prepare('SELECT case_no FROM cases ORDER BY id').all() as { case_no: string }[]).map((r) => r.case_no),
      head: (db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { hash: string }).hash,
      tables,
    };
  } finally {
    db.close();
  }
}

describe('seed: demo and benchmark data', () => {
  it('is deterministic for a seed and differs for another seed', () => {
    const a = seeded('alpha');
    const b = seeded('alpha');
    const c = seeded('beta');
    const fa = fingerprint(a.dbPath);
    const fb = fingerprint(b.dbPath);
    const fc = fingerprint(c.dbPath);
    expect(fb.residents).toEqual(fa.residents);
    expect(fb.caseNos).toEqual(fa.caseNos);
    expect(fb.head).toBe(fa.head);
    expect(fb.tables).toEqual(fa.tables);
    expect(a.result.auditHead).toBe(fa.head);
    expect(fc.residents).not.toEqual(fa.residents);
    expect(fc.head).not.toBe(fa.head);
  });

  it('makes the same rows when a worker thread generates them', () => {
    const one = seeded('alpha', { residents: 200, cases: 600 });
    const two = seeded('alpha', { residents: 200, cases: 600, threads: 2 });
    expect(two.result.auditHead).toBe(one.result.auditHead);
    expect(two.result.cases).toBe(600);
    expect(fingerprint(two.dbPath)).toEqual(fingerprint(one.dbPath));
    const db = new Database(two.dbPath, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(verifyChain(db)).toEqual({ ok: true, rows: two.result.auditRows });
    } finally {
      db.close();
    }
  });

  it('writes valid, searchable residents with rare characters, every item and every final status, and a valid file', () => {
    const { dbPath, result } = seeded('gamma', { demo: true });
    expect(result.cases).toBe(900);
    const db = new Database(dbPath, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');

      const residents = db.prepare('SELECT * FROM residents').all() as Record<string, string>[];
      expect(residents).toHaveLength(300);
      for (const r of residents) {
        const checked = validateIdNumber(r.id_number!, UNTIL);
        expect(checked, r.id_number).toMatchObject({ ok: true, birthDate: r.birth_date, sex: r.sex });
        const keys = residentSearchKeys({ idNumber: r.id_number!, name: r.name!, phone: r.phone ?? null });
        expect([r.id_number_rev, r.phone_rev, r.pinyin_full, r.pinyin_initials]).toEqual([keys.idNumberRev, keys.phoneRev, keys.pinyinFull, keys.pinyinInitials]);
        const bigrams = (db.prepare('SELECT bigram FROM resident_name_bigrams WHERE resident_id = ? ORDER BY bigram').all(r.id) as { bigram: string }[]).map((x) => x.bigram);
        expect(bigrams).toEqual(nameBigrams(r.name!).sort());
      }
      expect(residents.some((r) => r.name!.includes('𠮷'))).toBe(true);
      expect(residents.some((r) => r.name!.includes('䶮'))).toBe(true);
      expect(residents.filter((r) => r.id_number!.startsWith('31')).length).toBeGreaterThan(200);

      const items = new Set((db.prepare('SELECT DISTINCT item_code FROM cases').all() as { item_code: string }[]).map((r) => r.item_code));
      expect([...items].sort()).toEqual(seedItems.map((i) => i.code).sort());
      const statuses = new Set((db.prepare('SELECT DISTINCT status FROM cases').all() as { status: string }[]).map((r) => r.status));
      for (const s of [...FINAL_STATUSES, 'in_progress']) expect(statuses.has(s), s).toBe(true);
      const decisions = new Set((db.prepare('SELECT DISTINCT decision FROM cases').all() as { decision: string }[]).map((r) => r.decision));
      expect([...decisions].sort()).toEqual(['accept', 'accept_deferred', 'notify_missing', 'refuse']);
      expect((db.prepare("SELECT count(*) AS n FROM case_events WHERE action = 'advance' AND to_stage = 'posting'").get() as { n: number }).n).toBeGreaterThan(0);
      expect((db.prepare('SELECT count(*) AS n FROM beneficiaries').get() as { n: number }).n).toBeGreaterThan(0);
      expect((db.prepare('SELECT count(*) AS n FROM case_follow_ups').get() as { n: number }).n).toBeGreaterThan(0);
      expect((db.prepare('SELECT count(*) AS n FROM households').get() as { n: number }).n).toBeGreaterThan(50);
      expect(JSON.parse((db.prepare("SELECT value FROM settings WHERE key = 'demo'").get() as { value: string }).value)).toBe(true);

      // Four eyes as the handlers enforce it: every account carries a valid, distinct staff ID
      // number; the decision is taken by someone who took no earlier step; nobody records the
      // rating of a case they accepted.
      const staffIds = (db.prepare('SELECT staff_id_number AS n FROM users').all() as { n: string | null }[]).map((r) => r.n);
      for (const n of staffIds) expect(validateIdNumber(n ?? '', UNTIL), String(n)).toMatchObject({ ok: true });
      expect(new Set(staffIds).size).toBe(staffIds.length);
      const decisions2 = db
        .prepare(
          `SELECT d.case_id, d.actor_id FROM case_events d WHERE d.action IN ('approve', 'reject')
             AND (EXISTS (SELECT 1 FROM cases c WHERE c.id = d.case_id AND d.actor_id IN (c.clerk_id, coalesce(c.accepted_by, -1)))
               OR EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = d.case_id AND e.id < d.id AND e.actor_id = d.actor_id
                            AND (e.action IN ('intake', 'supply', 'advance') OR (e.action = 'extend' AND e.from_stage IS NOT d.from_stage))))`,
        )
        .all();
      expect(decisions2).toEqual([]);
      expect((db.prepare("SELECT count(*) AS n FROM case_events WHERE action = 'approve'").get() as { n: number }).n).toBeGreaterThan(0);
      // every rating is the resident's (no member of staff recorded one), about the clerk who served
    expect(db.prepare('SELECT r.id FROM case_ratings r JOIN case_services s ON s.id = r.service_id WHERE r.recorded_by IS NOT NULL OR r.clerk_id <> s.served_by').all()).toEqual([]);

      // Case numbers continue where the seed stopped: each day's counter is its last number.
      const days = db.prepare('SELECT substr(case_no, 10, 8) AS day, count(*) AS n, max(CAST(substr(case_no, 18) AS INTEGER)) AS top FROM cases GROUP BY 1').all() as { day: string; n: number; top: number }[];
      for (const d of days) {
        expect(d.top).toBe(d.n);
        expect((db.prepare('SELECT last_seq FROM case_number_days WHERE day = ?').get(d.day) as { last_seq: number }).last_seq).toBe(d.n);
      }

      // Every case's last audit row describes it exactly as the handlers' auditState would,
      // and running deadlines are what the calendar gives.
      const cal = workingCalendar(db);
      const lastAudit = db.prepare(
        "SELECT action, after FROM audit_log WHERE record_type = 'case' AND record_id = ? AND action NOT IN ('offer_rating', 'rate', 'close_follow_up') ORDER BY id DESC LIMIT 1",
      );
      for (const row of db.prepare('SELECT * FROM cases').all() as CaseRow[]) {
        const a = lastAudit.get(String(row.id)) as { action: string; after: string };
        const after = JSON.parse(a.after) as Record<string, unknown>;
        const { materials, ...state } = after;
        expect(canonicalJson(state)).toBe(canonicalJson(auditState(row)));
        if (materials) {
          const now = caseMaterials(db, row.id).map((m) => ({ key: m.key, required: m.copies_required, received: m.copies_received, deferredDue: m.deferred_due, receivedLaterOn: m.received_later_on }));
          expect(canonicalJson(materials)).toBe(canonicalJson(now));
        }
        if (row.status === 'in_progress' && row.paused_since === null) {
          expect(row.due_on).toBe(dueDate(cal, row.accepted_on!, row.time_limit_days, row.extension_days, row.paused_days));
        }
      }
      // The audit log is in time order and its chain is valid.
      const times = (db.prepare('SELECT at FROM audit_log ORDER BY id').all() as { at: string }[]).map((r) => r.at);
      expect([...times].sort()).toEqual(times);
      expect(verifyChain(db)).toEqual({ ok: true, rows: result.auditRows });
    } finally {
      db.close();
    }
  });

  it('is data the handlers work on: search, list, get, worklist, a transition, an intake, beneficiaries, audit.verify', async () => {
    const { dbPath, result } = seeded('delta');
    const now = new Date(`${UNTIL}T03:00:00.000Z`);
    const core = openCore({ dbPath, logger: quiet, now: () => now });
    try {
      const call = async (name: string, input: unknown, token: string) => {
        const res = await core.dispatch(name, input, token);
        if (!res.ok) throw new Error(`${name}: ${JSON.stringify(res.error)}`);
        return res.result as any;
      };
      const clerk = await core.login('clerk1', DEMO_PASSWORD);
      const reviewer = await core.login('reviewer1', DEMO_PASSWORD);
      const admin = await core.login('admin', DEMO_PASSWORD);
      const sample = core.db.prepare("SELECT * FROM residents WHERE phone IS NOT NULL AND pinyin_initials <> '' ORDER BY id LIMIT 1 OFFSET 17").get() as Record<string, string>;

      for (const query of [sample.id_number!, sample.id_number!.slice(-4), sample.name!.slice(0, 2), sample.pinyin_initials!, sample.phone!]) {
        const found = await call('residents.search', { query }, clerk);
        expect(found.items.map((r: { id: number }) => r.id), query).toContain(Number(sample.id));
      }
      const rare = core.db.prepare("SELECT id, name FROM residents WHERE name LIKE '%𠮷%' LIMIT 1").get() as { id: number; name: string };
      expect((await call('residents.search', { query: rare.name }, clerk)).items.map((r: { id: number }) => r.id)).toContain(rare.id);

      const page1 = await call('cases.list', { limit: 20 }, reviewer);
      expect(page1.items).toHaveLength(20);
      const page2 = await call('cases.list', { limit: 20, cursor: page1.nextCursor, status: ['approved'] }, reviewer);
      expect(page2.items.every((c: { status: string }) => c.status === 'approved')).toBe(true);
      const one = await call('cases.get', { caseNo: page1.items[0].caseNo }, reviewer);
      expect(one.caseNo).toBe(page1.items[0].caseNo);
      const worklist = await call('cases.worklist', { person: 'all' }, reviewer);
      expect(worklist.overdue.total).toBeGreaterThan(0);
      expect(worklist.overdue.items[0].deadline.status).toBe('overdue');
      await call('cases.worklist', { person: 'me' }, clerk);

      // A reviewer completes the current stage of an open seeded case.
      const open = core.db
        .prepare(
          `SELECT c.id, c.stage FROM cases c WHERE c.status = 'in_progress' AND (c.posting_ends_on IS NULL OR c.posting_ends_on <= ?)
             AND c.stage NOT IN ('approval', 'district') ORDER BY c.id LIMIT 1`,
        )
        .get(UNTIL) as { id: number; stage: string };
      const moved = await call('cases.transition', { caseId: open.id, action: 'advance', opinion: '测试：完成本环节', stage: open.stage }, reviewer);
      expect(moved.case.stage).not.toBe(open.stage);
      // A clerk takes in a new case for a seeded resident: the day's numbering continues.
      const taken = await call(
        'cases.intake',
        {
          residentId: Number(sample.id),
          itemCode: 'RS-QNJY-001',
          values: {},
          materials: [],
          decision: 'refuse',
          refusal: { reason: '测试' },
          idempotencyKey: 'seed-test-0001',
        },
        clerk,
      );
      const lastToday = core.db.prepare("SELECT last_seq FROM case_number_days WHERE day = '20261120'").get() as { last_seq: number } | undefined;
      expect(taken.case.caseNo).toBe(`31010100120261120${String(lastToday!.last_seq).padStart(4, '0')}`);

      const benefits = await call('beneficiaries.list', { limit: 10 }, reviewer);
      expect(benefits.items.length).toBeGreaterThan(0);
      const verified = await call('audit.verify', {}, admin);
      expect(verified.ok).toBe(true);
      expect(verified.rows).toBeGreaterThan(result.auditRows);
    } finally {
      core.close();
    }
  });

  it('refuses a database that already has records', () => {
    const { dbPath } = seeded('epsilon', { residents: 30, cases: 20 });
    expect(() => seedDatabase({ dbPath, residents: 30, cases: 20 })).toThrow(/已有数据/);
  });
});
