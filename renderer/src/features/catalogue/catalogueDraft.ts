/**
 * The catalogue item editor's draft as one pure reducer: every edit of the definition (a
 * field, a row of materials, form fields or stages) is an action, tested in
 * tests/unit/catalogue-draft.test.ts. What a change of type or kind drops lives here, so
 * the draft never holds settings the core would refuse.
 */
import type { Definition, FormField, Material, Stage } from './catalogueLabels';

type Rows = { materials: Material; fields: FormField; stages: Stage };
export type Section = keyof Rows;

export type DraftAction =
  | { [K in keyof Definition]-?: { type: 'set'; key: K; value: Definition[K] } }[keyof Definition]
  | { type: 'addRow'; section: Section }
  | { type: 'removeRow'; section: Section; index: number }
  | { type: 'moveStage'; index: number; by: number }
  | { [S in Section]-?: { type: 'editRow'; section: S; index: number; patch: Partial<Rows[S]> } }[Section]
  | { type: 'replaceField'; index: number; field: FormField }
  | { type: 'setNote'; section: 'materials'; index: number; text: string }
  | { type: 'setNote'; section: 'fields'; index: number; text: string }
  | { type: 'retypeField'; index: number; fieldType: FormField['type'] }
  | { type: 'setStageKind'; index: number; kind: Stage['kind'] }
  | { type: 'setMinDays'; index: number; days: number | null }
  | { type: 'setDecidedBy'; value: string };

export function withoutKey<T extends object, K extends keyof T>(obj: T, key: K): T {
  const copy = { ...obj };
  delete copy[key];
  return copy;
}

/** A field changing type drops the settings the new type cannot have (the core would refuse them). */
export function retypeField(f: FormField, type: FormField['type']): FormField {
  let next: FormField = { ...f, type };
  if (type !== 'select') next = withoutKey(next, 'options');
  if (type !== 'number' && type !== 'money') next = withoutKey(withoutKey(next, 'min'), 'max');
  if (type !== 'text') next = withoutKey(next, 'maxLength');
  if (type === 'select' && !next.options) next = { ...next, options: [] };
  return next;
}

const POSTING_DAYS = 7;

/** decidedBy of an item the centre decides itself (db/src/catalogue/definition.ts CENTRE) */
export const CENTRE = 'centre';
export const CENTRE_LABEL = '本中心';
/** The district authorities the 决定机关 input suggests; any other name may be typed. */
export const DISTRICT_AUTHORITIES = ['区民政局', '区人社局', '区医保局', '区残联', '区卫健委', '区退役军人事务局'];

const STAGE_DEFAULT_NAMES = { approval: '审批', district: '待区级审核确认' } as const;

/**
 * Who decides. The last stage follows: the centre's 审批 when the centre decides, 待区级审核确认
 * when an authority does (the core refuses the other); a stage still under its default name
 * is renamed with it. The district's time limit goes with the centre's own decision.
 */
function setDecidedBy(d: Definition, typed: string): Definition {
  const value = typed.trim();
  const centre = value === '' || value === CENTRE_LABEL || value === CENTRE;
  const [from, to] = centre ? (['district', 'approval'] as const) : (['approval', 'district'] as const);
  const stages = d.stages.map((s) => (s.kind === from ? { ...s, kind: to, name: s.name === STAGE_DEFAULT_NAMES[from] ? STAGE_DEFAULT_NAMES[to] : s.name } : s));
  const next = { ...d, decidedBy: centre ? CENTRE : typed, stages };
  return centre ? withoutKey(next, 'districtTimeLimitDays') : next;
}

function rows<S extends Section>(d: Definition, section: S): Rows[S][] {
  return (d[section] ?? []) as Rows[S][];
}

function mapRow<S extends Section>(d: Definition, section: S, index: number, change: (row: Rows[S]) => Rows[S]): Definition {
  return { ...d, [section]: rows(d, section).map((row, j) => (j === index ? change(row) : row)) };
}

function newRow(d: Definition, section: Section): Rows[Section] {
  const n = rows(d, section).length + 1;
  if (section === 'materials') return { key: `m${n}`, name: '', copies: 1, form: 'copy', required: true, deferrable: false };
  if (section === 'fields') return { key: `f${n}`, label: '', type: 'text', required: false };
  return { key: `s${n}`, name: '', kind: 'review' };
}

export function draftReducer(d: Definition, a: DraftAction): Definition {
  switch (a.type) {
    case 'set':
      return { ...d, [a.key]: a.value };
    case 'addRow':
      return { ...d, [a.section]: [...rows(d, a.section), newRow(d, a.section)] };
    case 'removeRow':
      return { ...d, [a.section]: rows(d, a.section).filter((_, j) => j !== a.index) };
    case 'moveStage': {
      const j = a.index + a.by;
      if (j < 0 || j >= d.stages.length) return d;
      const copy = [...d.stages];
      [copy[a.index], copy[j]] = [copy[j]!, copy[a.index]!];
      return { ...d, stages: copy };
    }
    case 'editRow':
      return mapRow(d, a.section, a.index, (row) => ({ ...row, ...a.patch }));
    case 'replaceField':
      return mapRow(d, 'fields', a.index, () => a.field);
    case 'setNote':
      // An emptied note or hint is left out, not sent as ''.
      if (a.section === 'materials') return mapRow(d, 'materials', a.index, (m) => (a.text ? { ...m, note: a.text } : withoutKey(m, 'note')));
      return mapRow(d, 'fields', a.index, (f) => (a.text ? { ...f, help: a.text } : withoutKey(f, 'help')));
    case 'retypeField':
      return mapRow(d, 'fields', a.index, (f) => retypeField(f, a.fieldType));
    case 'setStageKind':
      return mapRow(d, 'stages', a.index, (s) =>
        a.kind === 'posting' ? { ...s, kind: 'posting', minDays: s.minDays ?? POSTING_DAYS } : withoutKey({ ...s, kind: a.kind }, 'minDays'),
      );
    case 'setDecidedBy':
      return setDecidedBy(d, a.value);
    case 'setMinDays':
      return mapRow(d, 'stages', a.index, (s) => (a.days === null ? withoutKey(s, 'minDays') : { ...s, minDays: a.days }));
  }
}
