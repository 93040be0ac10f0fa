import { Alert, Anchor, Badge, Button, Grid, Group, Kbd, Loader, Paper, Select, Stack, Text, TextInput, Textarea, Checkbox, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, call } from '../../api/client';
import type { HandlerOutput } from '../../../../db/src/contract';
import { ErrorAlert, actionErrorText } from '../../ui/ErrorAlert';
import { errorText } from '../../ui/errors';
import { SEX_LABELS } from '../../ui/labels';
import { useAuth } from '../auth/AuthContext';
import { ResidentForm } from '../residents/ResidentForm';
import { ResidentSearch } from '../residents/ResidentSearch';
import { DeadlineBadge } from '../cases/badges';
import type { ItemDefinition } from '../cases/types';
import { matchItems, useCatalogue } from '../cases/useCatalogue';
import { PrintButtons, printCaseDocument } from '../documents/PrintButtons';
import { documentsFor } from '../documents/registry';
import { ItemFormFields, normalizeDate, valuesToSend, type FieldValue, type FieldValues } from './fields';
import { MaterialsChecklist, isShort } from './MaterialsChecklist';
import { PrecheckPanel, type PrecheckState } from './PrecheckPanel';

type Decision = 'accept' | 'accept_deferred' | 'notify_missing' | 'refuse';
type IntakeOutput = HandlerOutput<'cases.intake'>;

interface Applicant {
  id: number;
  name: string;
  idNumber: string;
  sex: 'male' | 'female';
  age: number;
  phone: string | null;
}

export const DECISIONS: { value: Decision; label: string; shortcut: string; done: string }[] = [
  { value: 'accept', label: '受理', shortcut: 'Alt+1', done: '已受理' },
  { value: 'accept_deferred', label: '容缺受理', shortcut: 'Alt+2', done: '已容缺受理' },
  { value: 'notify_missing', label: '一次告知', shortcut: 'Alt+3', done: '已出具一次性告知书（待补正）' },
  { value: 'refuse', label: '不予受理', shortcut: 'Alt+4', done: '不予受理' },
];

const COMMITMENT_TEXT = '本人承诺：所缺材料将在约定期限内补交；逾期未补交的，同意终止办理，相关责任由本人承担。';

/** A fresh request number for one intake attempt: kept across retries, so a retry never makes a second case. */
function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `intake-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Looks like an 18-digit ID number (to prefill the registration with what was searched). */
/** The picture a refused intake or precheck sends with its CONFLICT (an open case of the item). */
function precheckOfConflict(err: ApiError): PrecheckState {
  const d = err.details;
  return {
    openCase: d.openCase as PrecheckState['openCase'],
    openCases: (d.openCases as PrecheckState['openCases']) ?? [],
    activeBenefits: (d.activeBenefits as PrecheckState['activeBenefits']) ?? [],
    warnings: (d.warnings as PrecheckState['warnings']) ?? [],
    hints: (d.hints as PrecheckState['hints']) ?? [],
  };
}

const looksLikeId = (q: string) => /^\d{17}[\dxX]$/.test(q.trim());
const looksLikeName = (q: string) => /^[\p{Script=Han}·]{2,}$/u.test(q.trim());

/** Where the screen shows a field error of the core: materials and deferrals by key, not by index. */
function screenPath(path: string, sentMaterials: { key: string }[], sentDeferred: { key: string }[]): string {
  const mat = /^materials\.(\d+)\.(key|copies)$/.exec(path);
  if (mat && sentMaterials[Number(mat[1])]) return `materials.${sentMaterials[Number(mat[1])]!.key}`;
  const def = /^deferred\.(\d+)\.(key|dueDate)$/.exec(path);
  if (def && sentDeferred[Number(def[1])]) return `deferred.${sentDeferred[Number(def[1])]!.key}`;
  return path;
}

function placeErrors(err: unknown, sentMaterials: { key: string }[], sentDeferred: { key: string }[]): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const f of err.fields) if (f.path) out[screenPath(f.path, sentMaterials, sentDeferred)] ??= f.message;
  return out;
}

/**
 * 受理: find or register the applicant, pick the item, fill its form, check the materials,
 * decide (受理 / 容缺受理 / 一次告知 / 不予受理) and print. Keyboard first: the search box is
 * focused on open, each step moves the focus to the next, Alt+1..4 choose the decision,
 * Ctrl+Enter submits, Alt+P prints, Alt+N starts the next applicant.
 */
export function IntakePage() {
  const { account } = useAuth();
  const { items: catalogue, error: catalogueError } = useCatalogue();
  const [applicant, setApplicant] = useState<Applicant | null>(null);
  const [registering, setRegistering] = useState<{ query: string } | null>(null);
  const [itemCode, setItemCode] = useState<string | null>(null);
  const [itemSearch, setItemSearch] = useState('');
  const [definitions, setDefinitions] = useState<Record<string, ItemDefinition>>({});
  const [itemError, setItemError] = useState<string | null>(null);
  // Per item, so switching items by mistake loses nothing typed.
  const [valuesByItem, setValuesByItem] = useState<Record<string, FieldValues>>({});
  const [receivedByItem, setReceivedByItem] = useState<Record<string, Record<string, number>>>({});
  const [dueDates, setDueDates] = useState<Record<string, string>>({});
  const [decision, setDecision] = useState<Decision>('accept');
  const [commitmentSigned, setCommitmentSigned] = useState(false);
  const [commitmentText, setCommitmentText] = useState(COMMITMENT_TEXT);
  const [refusal, setRefusal] = useState({ reason: '', referTo: '' });
  const [windows, setWindows] = useState<string[]>([]);
  const [windowNo, setWindowNo] = useState<string | null>(account?.windowNo ?? null);
  const [precheck, setPrecheck] = useState<PrecheckState | null>(null);
  const [precheckBusy, setPrecheckBusy] = useState(false);
  const [precheckError, setPrecheckError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [actionError, setActionError] = useState<string | null>(null);
  const [result, setResult] = useState<IntakeOutput | null>(null);
  const idempotencyKey = useRef(newIdempotencyKey());

  const itemInput = useRef<HTMLInputElement>(null);
  const formBox = useRef<HTMLDivElement>(null);
  const refusalInput = useRef<HTMLTextAreaElement>(null);
  const decisionBox = useRef<HTMLDivElement>(null);
  const printButton = useRef<HTMLButtonElement>(null);

  const item = itemCode ? (definitions[itemCode] ?? null) : null;
  const values = useMemo(() => (itemCode ? (valuesByItem[itemCode] ?? {}) : {}), [itemCode, valuesByItem]);
  const received = useMemo(() => (itemCode ? (receivedByItem[itemCode] ?? {}) : {}), [itemCode, receivedByItem]);
  const sentValues = useMemo(() => (item ? valuesToSend(item.fields, values) : {}), [item, values]);
  const short = item ? item.materials.filter((m) => isShort(m, received)) : [];

  useEffect(() => {
    call('settings.get', {})
      .then((s) => setWindows(s.windows))
      .catch(() => setWindows([]));
  }, []);

  // The item's definition (fields, materials), once per item.
  useEffect(() => {
    if (!itemCode || definitions[itemCode]) return;
    let live = true;
    setItemError(null);
    call('catalogue.get', { code: itemCode })
      .then((d) => live && setDefinitions((old) => ({ ...old, [itemCode]: d })))
      .catch((err: unknown) => live && setItemError(errorText(err)));
    return () => {
      live = false;
    };
  }, [itemCode, definitions]);

  // Once the item's form is there, the cursor goes to its first input.
  const focusFormOnLoad = useRef(false);
  useEffect(() => {
    if (!item || !focusFormOnLoad.current) return;
    focusFormOnLoad.current = false;
    requestAnimationFrame(() => {
      const first = formBox.current?.querySelector<HTMLElement>('input:not([type="hidden"]):not([disabled]), textarea');
      (first ?? decisionBox.current?.querySelector<HTMLElement>('button'))?.focus();
    });
  }, [item]);

  // The precheck follows the applicant, the item and (for repeat rules) the values.
  const valuesKey = JSON.stringify(sentValues);
  useEffect(() => {
    if (!applicant) setPrecheck(null);
    if (!applicant || result) return;
    let live = true;
    const timer = setTimeout(async () => {
      setPrecheckBusy(true);
      setPrecheckError(null);
      try {
        const r = await call('cases.precheck', { residentId: applicant.id, ...(itemCode ? { itemCode, values: JSON.parse(valuesKey) as Record<string, unknown> } : {}) });
        if (live)
          setPrecheck({
            openCase: r.openCase,
            openCases: r.openCases,
            activeBenefits: r.activeBenefits,
            warnings: r.warnings,
            hints: r.hints,
            dueOn: r.dueOn,
            dueDateWarning: r.dueDateWarning,
          });
      } catch (err) {
        if (!live) return;
        if (err instanceof ApiError && err.code === 'CONFLICT' && err.details.openCase) setPrecheck(precheckOfConflict(err));
        else setPrecheckError(errorText(err));
      } finally {
        if (live) setPrecheckBusy(false);
      }
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [applicant, itemCode, valuesKey, result]);

  // After the decision the first document's print button has the focus: Enter prints.
  useEffect(() => {
    if (result) printButton.current?.focus();
  }, [result]);

  // The pointer to the red fields goes once every red field has been dealt with.
  useEffect(() => {
    if (Object.keys(fieldErrors).length === 0) setActionError((e) => (e === '请按标红处的提示修改后再试' ? null : e));
  }, [fieldErrors]);

  const clearError = (path: string) =>
    setFieldErrors((old) => {
      if (!(path in old)) return old;
      const { [path]: _gone, ...rest } = old;
      return rest;
    });

  const chooseApplicant = (a: Applicant) => {
    setApplicant(a);
    setRegistering(null);
    clearError('residentId');
    requestAnimationFrame(() => itemInput.current?.focus());
  };

  const pickItem = (code: string | null) => {
    if (code && code !== itemCode) focusFormOnLoad.current = true;
    setItemCode(code);
    setItemSearch(code ? (catalogue.find((i) => i.code === code)?.name ?? '') : '');
    setFieldErrors({});
    setActionError(null);
    setDueDates({});
    if (code && definitions[code]) {
      focusFormOnLoad.current = false;
      requestAnimationFrame(() => formBox.current?.querySelector<HTMLElement>('input:not([type="hidden"]):not([disabled]), textarea')?.focus());
    }
  };

  const setValue = (key: string, v: FieldValue) => {
    if (!itemCode) return;
    setValuesByItem((old) => ({ ...old, [itemCode]: { ...(old[itemCode] ?? {}), [key]: v } }));
    clearError(`values.${key}`);
  };
  const setReceived = (key: string, copies: number) => {
    if (!itemCode) return;
    setReceivedByItem((old) => ({ ...old, [itemCode]: { ...(old[itemCode] ?? {}), [key]: copies } }));
    clearError(`materials.${key}`);
    clearError('decision');
  };
  const allReceived = () => {
    if (!item || !itemCode) return;
    setReceivedByItem((old) => ({ ...old, [itemCode]: Object.fromEntries(item.materials.filter((m) => m.required).map((m) => [m.key, m.copies])) }));
    item.materials.forEach((m) => clearError(`materials.${m.key}`));
  };

  const chooseDecision = (d: Decision) => {
    setDecision(d);
    clearError('decision');
    setActionError(null);
    requestAnimationFrame(() => {
      if (d === 'refuse') refusalInput.current?.focus();
      else if (d === 'accept_deferred') document.querySelector<HTMLInputElement>('input[aria-label$="补交日期"]')?.focus();
    });
  };

  const reset = useCallback((keepApplicant: boolean) => {
    idempotencyKey.current = newIdempotencyKey();
    if (!keepApplicant) setApplicant(null);
    setRegistering(null);
    setItemCode(null);
    setItemSearch('');
    setValuesByItem({});
    setReceivedByItem({});
    setDueDates({});
    setDecision('accept');
    setCommitmentSigned(false);
    setCommitmentText(COMMITMENT_TEXT);
    setRefusal({ reason: '', referTo: '' });
    setFieldErrors({});
    setActionError(null);
    setResult(null);
    setPrecheck(null);
    if (keepApplicant) requestAnimationFrame(() => itemInput.current?.focus());
  }, []);

  const submit = async () => {
    if (submitting || result) return;
    setActionError(null);
    if (!applicant) {
      setActionError('请先查找并选定申请人');
      return;
    }
    if (!item || !itemCode) {
      setFieldErrors({ itemCode: '请选择申请事项' });
      itemInput.current?.focus();
      return;
    }
    const materials = item.materials.map((m) => ({ key: m.key, copies: received[m.key] ?? 0 }));
    const deferred =
      decision === 'accept_deferred'
        ? item.materials.filter((m) => m.deferrable && isShort(m, received)).map((m) => ({ key: m.key, dueDate: normalizeDate(dueDates[m.key] ?? '') }))
        : [];
    // A due date left empty is named here: the core would stop at its format before its 容缺 rules.
    const local: Record<string, string> = {};
    for (const d of deferred) if (!/^\d{4}-\d{2}-\d{2}$/.test(d.dueDate)) local[`deferred.${d.key}`] = d.dueDate ? '日期格式应为 YYYY-MM-DD' : '请填写补交日期';
    if (decision === 'refuse' && !refusal.reason.trim()) local['refusal.reason'] = '不予受理须写明理由';
    if (Object.keys(local).length) {
      setFieldErrors(local);
      setActionError('请按标红处的提示修改后再试');
      return;
    }
    setSubmitting(true);
    setFieldErrors({});
    try {
      const out = await call('cases.intake', {
        residentId: applicant.id,
        itemCode,
        values: sentValues,
        materials,
        decision,
        ...(decision === 'accept_deferred' ? { deferred, ...(commitmentSigned ? { commitment: { signed: true as const, text: commitmentText.trim() || undefined } } : {}) } : {}),
        ...(decision === 'refuse' ? { refusal: { reason: refusal.reason.trim(), ...(refusal.referTo.trim() ? { referTo: refusal.referTo.trim() } : {}) } } : {}),
        idempotencyKey: idempotencyKey.current,
        ...(windowNo ? { windowNo } : {}),
      });
      setResult(out);
    } catch (err) {
      const placed = placeErrors(err, materials, deferred);
      const known = new Set<string>([
        ...item.fields.map((f) => `values.${f.key}`),
        ...item.materials.map((m) => `materials.${m.key}`),
        ...item.materials.map((m) => `deferred.${m.key}`),
        'commitment',
        'refusal.reason',
        'refusal.referTo',
        'decision',
        'residentId',
        'windowNo',
        'itemCode',
      ]);
      setFieldErrors(placed);
      setActionError(actionErrorText(err, (p) => known.has(screenPath(p, materials, deferred))));
      if (err instanceof ApiError && err.code === 'CONFLICT' && err.details.openCase) setPrecheck(precheckOfConflict(err));
    } finally {
      setSubmitting(false);
    }
  };

  useHotkeys(
    [
      ['alt+1', () => !result && chooseDecision('accept')],
      ['alt+2', () => !result && chooseDecision('accept_deferred')],
      ['alt+3', () => !result && chooseDecision('notify_missing')],
      ['alt+4', () => !result && chooseDecision('refuse')],
      ['alt+A', () => !result && allReceived()],
      ['ctrl+Enter', () => void submit()],
      [
        'alt+P',
        () => {
          if (!result) return;
          const kind = documentsFor(result.case)[0];
          if (kind) void printCaseDocument(kind, result.case);
        },
      ],
      ['alt+N', () => reset(false)],
      [
        'alt+S',
        () => {
          if (result) return;
          if (applicant) setApplicant(null);
          else document.querySelector<HTMLInputElement>('input[aria-label="查找内容"]')?.focus();
        },
      ],
    ],
    [],
  );

  const itemOptions = useMemo(() => catalogue.map((i) => ({ value: i.code, label: i.name })), [catalogue]);

  if (result) {
    const c = result.case;
    const done = DECISIONS.find((d) => d.value === c.decision)!;
    return (
      <Stack maw={900}>
        <Title order={2}>受理</Title>
        <Paper withBorder p="lg" aria-label="受理结果" component="section">
          <Stack gap="sm">
            <Group gap="sm">
              <Title order={3}>{done.done}</Title>
              {result.replayed && <Badge color="gray">重复提交，已是同一办件</Badge>}
            </Group>
            <Group gap="xl" align="flex-end">
              <Stack gap={0}>
                <Text size="sm" c="dimmed">
                  办件编号
                </Text>
                <Text fz={28} fw={700} ff="monospace" data-testid="case-no">
                  {c.caseNo}
                </Text>
              </Stack>
              <Stack gap={2}>
                <Text size="sm">
                  {c.applicant.name} · {c.item.name}
                </Text>
                <Group gap="xs">
                  {c.dates.dueOn && (
                    <Text size="sm">
                      承诺办结日期 <b data-testid="due-on">{c.dates.dueOn}</b>
                    </Text>
                  )}
                  <DeadlineBadge deadline={c.deadline} />
                </Group>
              </Stack>
            </Group>
            {c.missing.length > 0 && c.decision === 'notify_missing' && <Text size="sm">须补正：{c.missing.map((m) => m.name).join('、')}</Text>}
            {c.deferred.length > 0 && <Text size="sm">容缺材料：{c.deferred.map((d) => `${d.name}（${d.dueDate} 前）`).join('、')}</Text>}
            {c.refusal && <Text size="sm">不予受理理由：{c.refusal.reason}</Text>}
            {c.dates.dueDateWarning && (
              <Alert color="yellow" py="xs" data-testid="due-date-provisional">
                {c.dates.dueDateWarning}
              </Alert>
            )}
            {result.warnings.map((w, i) => (
              <Alert key={i} color="orange" py="xs">
                {w.message}
              </Alert>
            ))}
            <PrintButtons ref={printButton} c={c} shortcut="Alt+P" size="md" />
            <Group gap="xs">
              <Button variant="default" onClick={() => reset(false)}>
                下一位（Alt+N）
              </Button>
              <Button variant="default" onClick={() => reset(true)}>
                为{c.applicant.name}再办一件
              </Button>
              <Anchor component={Link} to={`/cases/${c.id}`} size="sm">
                查看办件
              </Anchor>
            </Group>
          </Stack>
        </Paper>
      </Stack>
    );
  }

  const decisionInfo = DECISIONS.find((d) => d.value === decision)!;
  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="nowrap">
        <Title order={2}>受理</Title>
        <Group gap="xs" wrap="nowrap">
          <Text size="xs" c="dimmed" visibleFrom="md">
            <Kbd size="xs">Alt+S</Kbd> 查找 <Kbd size="xs">Alt+A</Kbd> 材料收齐 <Kbd size="xs">Alt+1</Kbd>–<Kbd size="xs">4</Kbd> 决定 <Kbd size="xs">Ctrl+Enter</Kbd> 提交
          </Text>
          {windows.length > 0 && (
            <Select
              aria-label="受理窗口"
              size="xs"
              w={120}
              data={windows}
              value={windowNo}
              onChange={setWindowNo}
              placeholder="窗口"
              error={fieldErrors.windowNo}
            />
          )}
        </Group>
      </Group>
      <Grid gap="md" align="flex-start">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <Paper withBorder p="md" component="section" aria-label="申请人">
              <Stack gap="sm">
                <Title order={4}>1 申请人</Title>
                {applicant ? (
                  <Group justify="space-between" wrap="nowrap" data-testid="applicant">
                    <Group gap="md" wrap="nowrap" miw={0}>
                      <Text fw={700} size="lg" data-testid="applicant-name">
                        {applicant.name}
                      </Text>
                      <Text size="sm">
                        {SEX_LABELS[applicant.sex]} · {applicant.age} 岁
                      </Text>
                      <Text size="sm" ff="monospace">
                        {applicant.idNumber}
                      </Text>
                      {applicant.phone && (
                        <Text size="sm" ff="monospace" c="dimmed">
                          {applicant.phone}
                        </Text>
                      )}
                    </Group>
                    <Group gap="xs" wrap="nowrap">
                      <Anchor component={Link} to={`/residents/${applicant.id}`} size="sm" target="_blank">
                        居民档案
                      </Anchor>
                      <Button size="xs" variant="default" onClick={() => setApplicant(null)}>
                        更换（Alt+S）
                      </Button>
                    </Group>
                  </Group>
                ) : registering ? (
                  <ResidentForm
                    label="登记居民"
                    initialIdNumber={looksLikeId(registering.query) ? registering.query.trim() : undefined}
                    initialName={looksLikeName(registering.query) ? registering.query.trim() : undefined}
                    submitLabel="登记并选为申请人（Enter）"
                    onSaved={(r) => chooseApplicant({ id: r.id, name: r.name, idNumber: r.idNumber, sex: r.sex, age: r.age, phone: r.phone })}
                    onCancel={() => setRegistering(null)}
                    onExisting={(id) => {
                      void call('residents.get', { id }).then((r) => chooseApplicant({ id: r.id, name: r.name, idNumber: r.idNumber, sex: r.sex, age: r.age, phone: r.phone }));
                    }}
                  />
                ) : (
                  <ResidentSearch
                    openLabel="选择"
                    onOpen={(r) => chooseApplicant({ id: r.id, name: r.name, idNumber: r.idNumber, sex: r.sex, age: r.age, phone: r.phone })}
                    renderEmpty={(q) => (
                      <Button size="xs" onClick={() => setRegistering({ query: q })}>
                        登记新居民
                      </Button>
                    )}
                  />
                )}
                {!applicant && !registering && (
                  <Group gap="xs">
                    <Button size="xs" variant="subtle" onClick={() => setRegistering({ query: '' })}>
                      登记新居民
                    </Button>
                  </Group>
                )}
                {fieldErrors.residentId && (
                  <Alert color="red" py="xs" role="alert">
                    <Text size="sm">{fieldErrors.residentId}</Text>
                    {applicant && (
                      <Anchor component={Link} to={`/residents/${applicant.id}`} size="sm">
                        到居民档案登记户和家庭成员
                      </Anchor>
                    )}
                  </Alert>
                )}
              </Stack>
            </Paper>

            <Paper withBorder p="md" component="section" aria-label="申请事项">
              <Stack gap="sm">
                <Title order={4}>2 事项</Title>
                <Select
                  ref={itemInput}
                  label="申请事项"
                  placeholder="输入名称、简称、编码或拼音（如 dibao、dbs、MZ-DB），Enter 选定"
                  searchable
                  data={itemOptions}
                  value={itemCode}
                  searchValue={itemSearch}
                  onSearchChange={setItemSearch}
                  onChange={(code) => pickItem(code)}
                  filter={({ options, search }) => {
                    const ranked = matchItems(catalogue, itemCode && search === (catalogue.find((i) => i.code === itemCode)?.name ?? '') ? '' : search);
                    const byCode = new Map(options.map((o) => ['value' in o ? o.value : '', o]));
                    return ranked.map((i) => byCode.get(i.code)).filter((o): o is (typeof options)[number] => !!o);
                  }}
                  renderOption={({ option }) => {
                    const entry = catalogue.find((i) => i.code === option.value);
                    return (
                      <Group gap="xs" wrap="nowrap" justify="space-between" w="100%">
                        <Text size="sm">{option.label}</Text>
                        <Text size="xs" c="dimmed" ff="monospace">
                          {entry?.familyLabel} · {option.value}
                        </Text>
                      </Group>
                    );
                  }}
                  selectFirstOptionOnChange
                  allowDeselect={false}
                  nothingFoundMessage="没有相符的事项"
                  maxDropdownHeight={320}
                  error={fieldErrors.itemCode ?? itemError ?? catalogueError}
                  comboboxProps={{ withinPortal: true }}
                />
                {item && (
                  <Group gap="xs">
                    <Badge variant="light">{catalogue.find((i) => i.code === item.code)?.familyLabel}</Badge>
                    <Text size="sm" c="dimmed">
                      {item.department} · 时限 {item.timeLimitDays} 个工作日
                      {item.householdBased ? ' · 以家庭为单位' : ''}
                      {item.recurring ? ' · 按月发放' : ''} · {item.stages.map((s) => s.name).join(' → ')}
                    </Text>
                  </Group>
                )}
                {itemCode && !item && !itemError && <Loader size="sm" aria-label="正在读取事项" />}
              </Stack>
            </Paper>

            {item && (
              <>
                <Paper withBorder p="md" component="section" aria-label="申请表">
                  <Stack gap="sm">
                    <Title order={4}>3 申请表</Title>
                    <div ref={formBox}>
                      <ItemFormFields fields={item.fields} values={values} onChange={setValue} errors={fieldErrors} />
                    </div>
                  </Stack>
                </Paper>

                <Paper withBorder p="md" component="section" aria-label="材料">
                  <Stack gap="sm">
                    <Title order={4}>4 材料</Title>
                    <MaterialsChecklist
                      materials={item.materials}
                      received={received}
                      onReceived={setReceived}
                      deferring={decision === 'accept_deferred'}
                      dueDates={dueDates}
                      onDueDate={(key, date) => {
                        setDueDates((old) => ({ ...old, [key]: date }));
                        clearError(`deferred.${key}`);
                      }}
                      errors={fieldErrors}
                    />
                    <Group justify="space-between">
                      <Text size="xs" c="dimmed">
                        Tab 到“收齐”框按空格勾选；部分交来的直接改实交份数
                      </Text>
                      <Button size="xs" variant="default" onClick={allReceived}>
                        必交材料全部收齐（Alt+A）
                      </Button>
                    </Group>
                  </Stack>
                </Paper>

                <Paper withBorder p="md" component="section" aria-label="受理决定">
                  <Stack gap="sm">
                    <Title order={4}>5 决定</Title>
                    <Group gap="xs" ref={decisionBox} role="radiogroup" aria-label="受理决定">
                      {DECISIONS.map((d) => (
                        <Button
                          key={d.value}
                          role="radio"
                          aria-checked={decision === d.value}
                          variant={decision === d.value ? 'filled' : 'default'}
                          color={d.value === 'refuse' ? 'red' : d.value === 'notify_missing' ? 'orange' : d.value === 'accept_deferred' ? 'grape' : 'blue'}
                          onClick={() => chooseDecision(d.value)}
                        >
                          {d.label}（{d.shortcut}）
                        </Button>
                      ))}
                    </Group>
                    {fieldErrors.decision && (
                      <Text size="sm" c="red" role="alert">
                        {fieldErrors.decision}
                      </Text>
                    )}
                    {decision === 'accept' && short.length > 0 && (
                      <Text size="sm" c="orange.8">
                        材料未齐：{short.map((m) => m.name).join('、')}。可选容缺受理（Alt+2）或一次告知（Alt+3）。
                      </Text>
                    )}
                    {decision === 'notify_missing' && (
                      <Text size="sm">
                        一次性告知书将列出全部 {short.length} 项须补正材料{short.length ? `：${short.map((m) => m.name).join('、')}` : ''}。
                      </Text>
                    )}
                    {decision === 'accept_deferred' && (
                      <Stack gap={6}>
                        <Text size="sm">在材料清单中为每项缺少的可容缺材料填写补交日期（不晚于承诺办结日期）。</Text>
                        <Textarea
                          label="容缺受理承诺书"
                          value={commitmentText}
                          onChange={(e) => setCommitmentText(e.currentTarget.value)}
                          autosize
                          minRows={2}
                          maxLength={500}
                        />
                        <Checkbox
                          label="申请人已阅读并签署容缺受理承诺书"
                          checked={commitmentSigned}
                          onChange={(e) => {
                            setCommitmentSigned(e.currentTarget.checked);
                            clearError('commitment');
                          }}
                          error={fieldErrors.commitment}
                        />
                      </Stack>
                    )}
                    {decision === 'refuse' && (
                      <Group grow align="flex-start">
                        <Textarea
                          ref={refusalInput}
                          label="不予受理理由"
                          withAsterisk
                          value={refusal.reason}
                          onChange={(e) => {
                            const v = e.currentTarget.value;
                            setRefusal((r) => ({ ...r, reason: v }));
                            clearError('refusal.reason');
                          }}
                          error={fieldErrors['refusal.reason']}
                          autosize
                          minRows={2}
                          maxLength={500}
                        />
                        <TextInput
                          label="建议办理途径（告知申请人向何处申请）"
                          value={refusal.referTo}
                          onChange={(e) => {
                            const v = e.currentTarget.value;
                            setRefusal((r) => ({ ...r, referTo: v }));
                          }}
                          error={fieldErrors['refusal.referTo']}
                          maxLength={200}
                        />
                      </Group>
                    )}
                    <Group gap="sm" align="center">
                      <Button
                        size="md"
                        loading={submitting}
                        onClick={() => void submit()}
                        color={decision === 'refuse' ? 'red' : undefined}
                        disabled={!applicant}
                        data-testid="submit-intake"
                      >
                        提交：{decisionInfo.label}（Ctrl+Enter）
                      </Button>
                      {!applicant && (
                        <Text size="sm" c="dimmed">
                          请先选定申请人
                        </Text>
                      )}
                    </Group>
                    <ErrorAlert error={actionError} title="未提交" />
                  </Stack>
                </Paper>
              </>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <PrecheckPanel state={precheck} loading={precheckBusy} error={precheckError} hasApplicant={!!applicant} onPickItem={(code) => pickItem(code)} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
