import { Alert, Anchor, Badge, Button, Grid, Group, Kbd, Loader, Paper, Select, Stack, Text, TextInput, Textarea, Checkbox, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, call } from '../../api/client';
import { apiKey, fetchApi, queryClient, useApiMutation, useApiQuery } from '../../api/query';
import { ErrorAlert, actionErrorText } from '../../ui/ErrorAlert';
import { errorText } from '../../ui/errors';
import { SEX_LABELS } from '../../ui/labels';
import { useAuth } from '../auth/AuthContext';
import { ResidentForm } from '../residents/ResidentForm';
import { ResidentSearch } from '../residents/ResidentSearch';
import { matchItems, useCatalogue } from '../cases/useCatalogue';
import { printCaseDocument } from '../documents/PrintButtons';
import { documentsFor } from '../documents/registry';
import { ItemFormFields } from './fields';
import { MaterialsChecklist } from './MaterialsChecklist';
import { IntakeResult } from './IntakeResult';
import { DECISIONS, currentReceived, currentValues, initialIntake, intakeReducer, placeErrors, placesOf, prepareIntake, screenPath, type Applicant, type Decision } from './intakeState';
import { isShort, valuesToSend, type FieldValue } from './values';
import { PrecheckPanel, type PrecheckState } from './PrecheckPanel';

/** A fresh request number for one intake attempt: kept across retries, so a retry never makes a second case. */
function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `intake-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

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

const NO_WINDOWS: string[] = [];

const looksLikeId = (q: string) => /^\d{17}[\dxX]$/.test(q.trim());
const looksLikeName = (q: string) => /^[\p{Script=Han}·]{2,}$/u.test(q.trim());

/**
 * 受理: find or register the applicant, pick the item, fill its form, check the materials,
 * decide (受理 / 容缺受理 / 一次告知 / 不予受理) and print. Keyboard first: the search box is
 * focused on open, each step moves the focus to the next, Alt+1..4 choose the decision,
 * Ctrl+Enter submits, Alt+P prints, Alt+N starts the next applicant.
 */
export function IntakePage() {
  const { account } = useAuth();
  const { items: catalogue, error: catalogueError } = useCatalogue();
  const [state, dispatch] = useReducer(intakeReducer, account?.windowNo ?? null, (windowNo) => initialIntake(windowNo, newIdempotencyKey()));
  const { applicant, registering, itemCode, itemSearch, dueDates, decision, commitmentSigned, commitmentText, refusal, windowNo, fieldErrors, actionError, result } = state;
  const windows = useApiQuery('settings.get', {}).data?.windows ?? NO_WINDOWS;
  // The item's definition (fields, materials), read once per item and kept.
  const definition = useApiQuery('catalogue.get', { code: itemCode ?? '' }, { enabled: !!itemCode, staleTime: Infinity });
  const itemError = definition.error ? errorText(definition.error) : null;
  const intake = useApiMutation('cases.intake', { invalidates: ['residents', 'beneficiaries'] });
  const [precheck, setPrecheck] = useState<PrecheckState | null>(null);
  const [precheckBusy, setPrecheckBusy] = useState(false);
  const [precheckError, setPrecheckError] = useState<string | null>(null);
  const itemInput = useRef<HTMLInputElement>(null);
  const formBox = useRef<HTMLDivElement>(null);
  const refusalInput = useRef<HTMLTextAreaElement>(null);
  const decisionBox = useRef<HTMLDivElement>(null);
  const printButton = useRef<HTMLButtonElement>(null);

  const item = itemCode ? (definition.data ?? null) : null;
  const { valuesByItem, receivedByItem } = state;
  const values = useMemo(() => currentValues({ itemCode, valuesByItem }), [itemCode, valuesByItem]);
  const received = useMemo(() => currentReceived({ itemCode, receivedByItem }), [itemCode, receivedByItem]);
  const sentValues = useMemo(() => (item ? valuesToSend(item.fields, values) : {}), [item, values]);
  const short = item ? item.materials.filter((m) => isShort(m, received)) : [];

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

  const chooseApplicant = (a: Applicant) => {
    dispatch({ type: 'chooseApplicant', applicant: a });
    requestAnimationFrame(() => itemInput.current?.focus());
  };

  const pickItem = (code: string | null) => {
    if (code && code !== itemCode) focusFormOnLoad.current = true;
    dispatch({ type: 'pickItem', code, name: code ? (catalogue.find((i) => i.code === code)?.name ?? '') : '' });
    if (code && queryClient.getQueryData(apiKey('catalogue.get', { code }))) {
      focusFormOnLoad.current = false;
      requestAnimationFrame(() => formBox.current?.querySelector<HTMLElement>('input:not([type="hidden"]):not([disabled]), textarea')?.focus());
    }
  };

  const setValue = (key: string, value: FieldValue) => dispatch({ type: 'setValue', key, value });
  const setReceived = (key: string, copies: number) => dispatch({ type: 'setReceived', key, copies });
  const allReceived = () => item && dispatch({ type: 'allReceived', materials: item.materials });

  const chooseDecision = (d: Decision) => {
    dispatch({ type: 'chooseDecision', decision: d });
    requestAnimationFrame(() => {
      if (d === 'refuse') refusalInput.current?.focus();
      else if (d === 'accept_deferred') document.querySelector<HTMLInputElement>('input[aria-label$="补交日期"]')?.focus();
    });
  };

  const reset = useCallback((keepApplicant: boolean) => {
    dispatch({ type: 'reset', keepApplicant, idempotencyKey: newIdempotencyKey() });
    setPrecheck(null);
    if (keepApplicant) requestAnimationFrame(() => itemInput.current?.focus());
  }, []);

  const submit = () => {
    if (intake.isPending || result) return;
    const prepared = prepareIntake(state, item);
    if (!prepared.ok) {
      dispatch({ type: 'refuseLocally', fieldErrors: prepared.fieldErrors, actionError: prepared.actionError });
      if (prepared.focus === 'item') itemInput.current?.focus();
      return;
    }
    dispatch({ type: 'submitStarted' });
    const { input, materials, deferred } = prepared;
    intake.mutate(input, {
      onSuccess: (out) => dispatch({ type: 'submitted', result: out }),
      onError: (err) => {
        const places = item ? placesOf(item) : new Set<string>();
        dispatch({
          type: 'submitFailed',
          fieldErrors: err instanceof ApiError ? placeErrors(err.fields, materials, deferred) : {},
          actionError: actionErrorText(err, (p) => places.has(screenPath(p, materials, deferred))),
        });
        if (err instanceof ApiError && err.code === 'CONFLICT' && err.details.openCase) setPrecheck(precheckOfConflict(err));
      },
    });
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
          if (applicant) dispatch({ type: 'clearApplicant' });
          else document.querySelector<HTMLInputElement>('input[aria-label="查找内容"]')?.focus();
        },
      ],
    ],
    [],
  );

  const itemOptions = useMemo(() => catalogue.map((i) => ({ value: i.code, label: i.name })), [catalogue]);

  if (result) return <IntakeResult result={result} printButton={printButton} onNext={reset} />;

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
              onChange={(w) => dispatch({ type: 'setWindow', windowNo: w })}
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
                      <Button size="xs" variant="default" onClick={() => dispatch({ type: 'clearApplicant' })}>
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
                    onCancel={() => dispatch({ type: 'cancelRegister' })}
                    onExisting={(id) => {
                      void fetchApi('residents.get', { id }).then((r) => chooseApplicant({ id: r.id, name: r.name, idNumber: r.idNumber, sex: r.sex, age: r.age, phone: r.phone }));
                    }}
                  />
                ) : (
                  <ResidentSearch
                    openLabel="选择"
                    onOpen={(r) => chooseApplicant({ id: r.id, name: r.name, idNumber: r.idNumber, sex: r.sex, age: r.age, phone: r.phone })}
                    renderEmpty={(q) => (
                      <Button size="xs" onClick={() => dispatch({ type: 'register', query: q })}>
                        登记新居民
                      </Button>
                    )}
                  />
                )}
                {!applicant && !registering && (
                  <Group gap="xs">
                    <Button size="xs" variant="subtle" onClick={() => dispatch({ type: 'register', query: '' })}>
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
                  onSearchChange={(text) => dispatch({ type: 'searchItem', text })}
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
                      onDueDate={(key, date) => dispatch({ type: 'setDueDate', key, date })}
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
                          onChange={(e) => dispatch({ type: 'setCommitmentText', text: e.currentTarget.value })}
                          autosize
                          minRows={2}
                          maxLength={500}
                        />
                        <Checkbox
                          label="申请人已阅读并签署容缺受理承诺书"
                          checked={commitmentSigned}
                          onChange={(e) => dispatch({ type: 'setCommitmentSigned', signed: e.currentTarget.checked })}
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
                          onChange={(e) => dispatch({ type: 'setRefusal', reason: e.currentTarget.value })}
                          error={fieldErrors['refusal.reason']}
                          autosize
                          minRows={2}
                          maxLength={500}
                        />
                        <TextInput
                          label="建议办理途径（告知申请人向何处申请）"
                          value={refusal.referTo}
                          onChange={(e) => dispatch({ type: 'setRefusal', referTo: e.currentTarget.value })}
                          error={fieldErrors['refusal.referTo']}
                          maxLength={200}
                        />
                      </Group>
                    )}
                    <Group gap="sm" align="center">
                      <Button
                        size="md"
                        loading={intake.isPending}
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
