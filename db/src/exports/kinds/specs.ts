import type { ExportKind, KindSpec } from '../layout';
import { handoffKind } from './handoff';
import { ledgerKind } from './ledger';
import { monthlyKind } from './monthly';
import { rosterKind } from './roster';

export const KIND_SPECS: Record<ExportKind, KindSpec> = { ledger: ledgerKind, monthly: monthlyKind, roster: rosterKind, handoff: handoffKind };
