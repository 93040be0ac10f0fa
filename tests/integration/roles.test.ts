import { describe, expect, it } from 'vitest';
import { handlers } from '../../db/src/handlers';
import { testCore, withPeople } from '../support/temp';

const ALL = ['clerk', 'reviewer', 'admin'] as const;
type Person = (typeof ALL)[number];
const STAFF: Person[] = ['clerk', 'reviewer', 'admin'];

/**
 * Who may call what: the contract, written out so that a change of roles is a deliberate
 * edit here, and a new handler cannot land without saying who may call it.
 */
const EXPECTED: Record<string, 'public' | 'system' | Person[]> = {
  'system.info': STAFF,
  'settings.get': 'public',
  'settings.update': ['admin'],
  'accounts.setup': 'public',
  'accounts.status': 'public',
  'accounts.login': 'public',
  'accounts.logout': 'public',
  'accounts.me': STAFF,
  'accounts.create': ['admin'],
  'accounts.update': ['admin'],
  'accounts.changePassword': STAFF,
  'accounts.list': ['admin'],
  'accounts.setStaffIdNumber': STAFF,
  'audit.list': ['admin'],
  'audit.verify': ['admin'],
  'audit.verifyProgress': ['admin'],
  'residents.register': ['clerk', 'admin'],
  'residents.update': ['clerk', 'admin'],
  'residents.get': STAFF,
  'residents.search': STAFF,
  'residents.reveal': STAFF,
  // a death or move-out stops money: a reviewer's decision, from its certificate
  'residents.setStatus': ['reviewer'],
  'residents.statusPreview': ['reviewer'],
  // the import screen's file, handed to the core in chunks (#20)
  'residents.importUpload': ['admin'],
  'residents.stopNotice': STAFF,
  // bulk import (#20): setting up a centre's residents is the administrator's
  'residents.importPreview': ['admin'],
  'residents.import': ['admin'],
  'residents.importProgress': ['admin'],
  'residents.importCancel': ['admin'],
  'residents.importReport': ['admin'],
  'households.create': ['clerk', 'admin'],
  'households.addMember': ['clerk', 'admin'],
  'households.removeMember': ['clerk', 'admin'],
  'households.get': STAFF,
  'catalogue.list': STAFF,
  'catalogue.get': STAFF,
  'catalogue.save': ['admin'],
  'catalogue.retire': ['admin'],
  'catalogue.restore': ['admin'],
  'calendar.isWorkingDay': STAFF,
  'calendar.addWorkingDays': STAFF,
  'calendar.workingDaysBetween': STAFF,
  'calendar.list': STAFF,
  'calendar.setDay': ['admin'],
  'calendar.import': ['admin'],
  'backups.create': ['admin'],
  'backups.list': ['admin'],
  'backups.verify': ['admin'],
  'backups.restore': ['admin'],
  'cases.precheck': ['clerk'],
  'cases.intake': ['clerk'],
  'cases.supplyMaterials': ['clerk'],
  'cases.transition': ['clerk', 'reviewer'],
  'cases.get': STAFF,
  'cases.list': STAFF,
  // The kiosk's lookup: no session; the case number and the ID's last four are the proof.
  'cases.publicStatus': 'public',
  'cases.worklist': STAFF,
  // 好差评: the counter offers, the resident's screen (no session) shows the offer and rates;
  // the rating rules refuse a signed-in member of staff (cases-ratings.test.ts).
  'cases.offerRating': ['clerk', 'reviewer'],
  'cases.ratingOffer': 'public',
  'cases.rate': 'public',
  'cases.closeFollowUp': ['admin', 'clerk', 'reviewer'],
  'cases.recordTold': ['clerk', 'reviewer'],
  'beneficiaries.list': STAFF,
  'beneficiaries.get': STAFF,
  'beneficiaries.amountPreview': ['reviewer', 'admin'],
  'beneficiaries.change': ['reviewer', 'admin'],
  'beneficiaries.stop': ['reviewer', 'admin'],
  'beneficiaries.confirmChange': ['reviewer', 'admin'],
  'beneficiaries.rejectChange': ['reviewer', 'admin'],
  'beneficiaries.pendingChanges': ['reviewer', 'admin'],
  'beneficiaries.reviewsDue': STAFF,
  'beneficiaries.recordReview': ['reviewer', 'admin'],
  'payments.importReturn': ['reviewer', 'admin'],
  'payments.failures': ['reviewer', 'admin'],
  'payments.reissue': ['reviewer', 'admin'],
  'payments.confirmReissue': ['reviewer', 'admin'],
  // 中心概览: the centre's head (an administrator) and the reviewers
  'overview.get': ['reviewer', 'admin'],
  'decisions.import': ['reviewer', 'admin'],
  'decisions.report': ['reviewer', 'admin'],
  'exports.run': ['admin'],
  'exports.history': ['admin'],
  'exports.due': ['admin'],
  'exports.verify': ['admin'],
  'exports.handoffPending': ['admin'],
  // Centre server only (a standalone core answers CONFLICT to the pairing code).
  'devices.createPairingCode': ['admin'],
  'devices.list': ['admin'],
  'devices.revoke': ['admin'],
  // Public, and answered only in recovery mode (NOT_IN_RECOVERY otherwise).
  'recovery.status': 'public',
  'recovery.restore': 'public',
  // The core's services only (the system dispatcher); no person holds 'system'.
  'backups.daily': 'system',
  'exports.scheduled': 'system',
};

describe('roles', () => {
  it('every handler says who may call it, as the contract above', () => {
    const actual = Object.fromEntries(
      Object.entries(handlers).map(([name, spec]) => [name, spec.roles.includes('public') ? 'public' : spec.roles.includes('system') ? 'system' : [...spec.roles].sort()]),
    );
    const expected = Object.fromEntries(Object.entries(EXPECTED).map(([n, r]) => [n, typeof r === 'string' ? r : [...r].sort()]));
    expect(actual).toEqual(expected);
  });

  it('refuses every non-public handler without a session, and with each wrong role, changing nothing', async () => {
    const core = testCore();
    const { tokens } = await withPeople(core, { onlyClerk: ['clerk'], onlyReviewer: ['reviewer'], onlyAdmin: ['admin'] });
    const byRole: Record<Person, string> = { clerk: tokens.onlyClerk!, reviewer: tokens.onlyReviewer!, admin: tokens.onlyAdmin! };
    const auditRows = () => (core.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    const before = auditRows();
    for (const [name, allowed] of Object.entries(EXPECTED)) {
      if (allowed === 'public') continue;
      const anonymous = await core.dispatch(name, {}, null);
      expect(anonymous.ok ? 'ok' : anonymous.error.code, `${name} without a session`).toBe('UNAUTHENTICATED');
      for (const role of allowed === 'system' ? ALL : ALL.filter((r) => !allowed.includes(r))) {
        const res = await core.dispatch(name, {}, byRole[role]);
        expect(res.ok ? 'ok' : res.error.code, `${name} as ${role}`).toBe('FORBIDDEN');
      }
    }
    expect(auditRows()).toBe(before);
  });
});
