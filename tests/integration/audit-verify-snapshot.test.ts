/**
 * audit.verify reads the chain in one snapshot while clerks write on and the daily backup
 * anchors the chain's head. An anchor written during the check names rows the snapshot
 * cannot see: the check must compare its snapshot with the anchor as it was when the
 * snapshot began, not report those rows as cut off.
 */
import { describe, expect, it } from 'vitest';
import { anchorAuditHead } from '../../db/src/audit/anchor';
import { verifyAuditJob } from '../../db/src/audit/verify-job';
import { bulkAudit } from '../support/bulk-audit';
import { testCore, withPeople } from '../support/temp';

describe('audit.verify beside a backup that anchors the chain', () => {
  it('an anchor written while the chain is read is no evidence of deleted rows', async () => {
    const core = testCore();
    await withPeople(core);
    bulkAudit(core.db, 25_000);
    anchorAuditHead(core.db, core.dbPath, new Date());
    let written = false;
    const result = verifyAuditJob({ dbPath: core.dbPath }, () => {
      if (written) return;
      written = true;
      // Mid-check, on the live connection: a write, then a backup's anchor of the new head.
      bulkAudit(core.db, 3);
      expect(anchorAuditHead(core.db, core.dbPath, new Date())).toBe(true);
    });
    expect(written).toBe(true);
    expect(result).toMatchObject({ ok: true });
    // The next check sees the new rows and the anchor agrees with them.
    expect(verifyAuditJob({ dbPath: core.dbPath }, () => {})).toMatchObject({ ok: true });
  });

  it('still reports rows cut off after the anchor', async () => {
    const core = testCore();
    await withPeople(core);
    bulkAudit(core.db, 5);
    anchorAuditHead(core.db, core.dbPath, new Date());
    core.db.exec('DROP TRIGGER IF EXISTS audit_log_no_delete');
    const max = (core.db.prepare('SELECT max(id) AS n FROM audit_log').get() as { n: number }).n;
    core.db.prepare('DELETE FROM audit_log WHERE id = ?').run(max);
    expect(verifyAuditJob({ dbPath: core.dbPath }, () => {})).toMatchObject({ ok: false, firstBadId: max });
  });
});
