import { useApiMutation } from '../../api/query';
import { useAuth } from '../auth/AuthContext';
import type { CaseView } from '../cases/types';

/**
 * 一窗反馈: printing the 办结通知 of a district decision tells the applicant (the case leaves
 * 待告知申请人). Called by the print buttons of the main window once the browser or the
 * desktop shell printed; the print window itself only reads (electron/security.ts).
 */
export function useTellOnPrint(c: Pick<CaseView, 'id' | 'districtDecision'>) {
  const { hasRole } = useAuth();
  const told = useApiMutation('cases.recordTold');
  return {
    error: told.error,
    printed(kind: string) {
      if (kind === 'completion' && c.districtDecision && c.districtDecision.toldOn === null && hasRole('clerk', 'reviewer')) told.mutate({ caseId: c.id, how: 'notice_printed' });
    },
  };
}
