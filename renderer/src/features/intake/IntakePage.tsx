import { Grid, Stack } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { apiKey, queryClient, useApiMutation, useApiQuery } from '../../api/query';
import { actionErrorText } from '../../ui/ErrorAlert';
import { errorText } from '../../ui/errors';
import { useAuth } from '../auth/AuthContext';
import { useCatalogue } from '../cases/useCatalogue';
import { printCaseDocument } from '../documents/PrintButtons';
import { documentsFor } from '../documents/registry';
import { ApplicantSection } from './ApplicantSection';
import { DecisionSection } from './DecisionSection';
import { FormSection } from './FormSection';
import { IntakeHeader } from './IntakeHeader';
import { IntakeResult } from './IntakeResult';
import { ItemSection } from './ItemSection';
import { MaterialsSection } from './MaterialsSection';
import { MeansSection, meansToSend, type MeansEntries } from './MeansSection';
import { PrecheckPanel } from './PrecheckPanel';
import { currentReceived, currentValues, initialIntake, intakeReducer, placeErrors, placesOf, prepareIntake, screenPath, type Applicant, type Decision } from './intakeState';
import { precheckOfConflict, usePrecheck } from './usePrecheck';
import { isShort, valuesToSend } from './values';

/** A fresh request number for one intake attempt: kept across retries, so a retry never makes a second case. */
function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `intake-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

const FIRST_INPUT = 'input:not([type="hidden"]):not([disabled]), textarea';

/**
 * 受理: find or register the applicant, pick the item, fill its form, check the materials,
 * decide (受理 / 容缺受理 / 一次告知 / 不予受理) and print. The screen's state is the pure
 * reducer in intakeState.ts; this page holds the reads, the focus and the keys, and each
 * numbered step is a section of its own. Keyboard first: the search box is focused on open,
 * each step moves the focus to the next, Alt+1..4 choose the decision, Ctrl+Enter submits,
 * Alt+P prints, Alt+N starts the next applicant.
 */
export function IntakePage() {
  const { account } = useAuth();
  const { items: catalogue, error: catalogueError } = useCatalogue();
  const [state, dispatch] = useReducer(intakeReducer, account?.windowNo ?? null, (windowNo) => initialIntake(windowNo, newIdempotencyKey()));
  const { applicant, itemCode, result } = state;
  // The item's definition (fields, materials), read once per item and kept.
  const definition = useApiQuery('catalogue.get', { code: itemCode ?? '' }, { enabled: !!itemCode, staleTime: Infinity });
  const item = itemCode ? (definition.data ?? null) : null;
  const intake = useApiMutation('cases.intake', { invalidates: ['residents', 'beneficiaries'] });
  const itemInput = useRef<HTMLInputElement>(null);
  const formBox = useRef<HTMLDivElement>(null);
  const refusalInput = useRef<HTMLTextAreaElement>(null);
  const decisionBox = useRef<HTMLDivElement>(null);
  const printButton = useRef<HTMLButtonElement>(null);

  const values = useMemo(() => currentValues(state), [state.itemCode, state.valuesByItem]);
  const sentValues = useMemo(() => (item ? valuesToSend(item.fields, values) : {}), [item, values]);
  const received = currentReceived(state);
  const short = item ? item.materials.filter((m) => isShort(m, received)) : [];

  // The precheck follows the applicant, the item and (for repeat rules) the values; an
  // intake refused for an open case of the item shows that case until the item changes.
  // 低保: the members' means, typed per applicant and item.
  const [means, setMeans] = useState<MeansEntries>({});
  useEffect(() => setMeans({}), [applicant?.id, itemCode]);
  const meansTested = !!item?.recurring?.meansTest;
  const sentMeans = meansTested ? meansToSend(means) : undefined;
  const precheck = usePrecheck(
    applicant && !result ? { residentId: applicant.id, ...(itemCode ? { itemCode, values: sentValues, ...(sentMeans ? { means: sentMeans } : {}) } : {}) } : null,
    intake.isPending,
  );
  const refusedFor = intake.variables;
  // A benefit the applicant already receives: 不予受理 with the reason is proposed (intakeState.ts).
  const found = precheck.state?.duplicateBenefit;
  const duplicateKey = found && applicant && found.itemCode === itemCode ? `${applicant.id}|${found.itemCode}|${found.caseNo}` : null;
  useEffect(() => {
    dispatch({ type: 'setDuplicate', duplicate: duplicateKey && found ? { key: duplicateKey, refusalReason: found.refusalReason } : null });
  }, [duplicateKey]);
  const intakeConflict = refusedFor && applicant && refusedFor.residentId === applicant.id && refusedFor.itemCode === itemCode ? precheckOfConflict(intake.error) : null;

  // Once the item's form is there, the cursor goes to its first input.
  const focusFormOnLoad = useRef(false);
  useEffect(() => {
    if (!item || !focusFormOnLoad.current) return;
    focusFormOnLoad.current = false;
    requestAnimationFrame(() => (formBox.current?.querySelector<HTMLElement>(FIRST_INPUT) ?? decisionBox.current?.querySelector<HTMLElement>('button'))?.focus());
  }, [item]);

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
      requestAnimationFrame(() => formBox.current?.querySelector<HTMLElement>(FIRST_INPUT)?.focus());
    }
  };

  const chooseDecision = (d: Decision) => {
    dispatch({ type: 'chooseDecision', decision: d });
    requestAnimationFrame(() => {
      if (d === 'refuse') refusalInput.current?.focus();
      else if (d === 'accept_deferred') document.querySelector<HTMLInputElement>('input[aria-label$="补交日期"]')?.focus();
    });
  };

  const reset = (keepApplicant: boolean) => {
    dispatch({ type: 'reset', keepApplicant, idempotencyKey: newIdempotencyKey() });
    intake.reset();
    if (keepApplicant) requestAnimationFrame(() => itemInput.current?.focus());
  };

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
    intake.mutate(sentMeans ? { ...input, means: sentMeans } : input, {
      onSuccess: (out) => dispatch({ type: 'submitted', result: out }),
      onError: (err) => {
        const places = item ? placesOf(item) : new Set<string>();
        dispatch({
          type: 'submitFailed',
          fieldErrors: err instanceof ApiError ? placeErrors(err.fields, materials, deferred) : {},
          actionError: actionErrorText(err, (p) => places.has(screenPath(p, materials, deferred))),
        });
      },
    });
  };

  useHotkeys(
    [
      ['alt+1', () => !result && chooseDecision('accept')],
      ['alt+2', () => !result && chooseDecision('accept_deferred')],
      ['alt+3', () => !result && chooseDecision('notify_missing')],
      ['alt+4', () => !result && chooseDecision('refuse')],
      ['alt+A', () => !result && item && dispatch({ type: 'allReceived', materials: item.materials })],
      ['ctrl+Enter', () => submit()],
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

  if (result) return <IntakeResult result={result} printButton={printButton} onNext={reset} />;

  return (
    <Stack gap="md">
      <IntakeHeader state={state} dispatch={dispatch} />
      <Grid gap="md" align="flex-start">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            <ApplicantSection state={state} dispatch={dispatch} onChoose={chooseApplicant} />
            <ItemSection
              state={state}
              dispatch={dispatch}
              catalogue={catalogue}
              item={item}
              error={definition.error ? errorText(definition.error) : catalogueError}
              onPick={pickItem}
              inputRef={itemInput}
            />
            {item && (
              <>
                <FormSection item={item} values={values} errors={state.fieldErrors} onChange={(key, value) => dispatch({ type: 'setValue', key, value })} boxRef={formBox} />
                {meansTested && <MeansSection working={precheck.meansTest ?? null} loading={precheck.loading} entries={means} onChange={(id, e) => setMeans((m) => ({ ...m, [id]: e }))} />}
                <MaterialsSection item={item} state={state} dispatch={dispatch} />
                <DecisionSection
                  state={state}
                  dispatch={dispatch}
                  short={short}
                  submitting={intake.isPending}
                  onChoose={chooseDecision}
                  onSubmit={submit}
                  decisionBox={decisionBox}
                  refusalInput={refusalInput}
                />
              </>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <PrecheckPanel state={intakeConflict ?? precheck.state} loading={precheck.loading} error={precheck.error} hasApplicant={!!applicant} onPickItem={pickItem} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
