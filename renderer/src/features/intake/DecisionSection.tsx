import { Alert, Button, Checkbox, Group, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import type { Dispatch, RefObject } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import type { MaterialDef } from '../cases/types';
import { DECISIONS, type Decision, type IntakeAction, type IntakeState } from './intakeState';

const DECISION_COLORS: Record<Decision, string> = { accept: 'blue', accept_deferred: 'grape', notify_missing: 'orange', refuse: 'red' };

/**
 * 5 决定: 受理 / 容缺受理 / 一次告知 / 不予受理 (Alt+1..4), what each needs (the commitment,
 * the refusal's reason), and the submit button (Ctrl+Enter) with the error of the last try.
 */
export function DecisionSection({
  state: { decision, commitmentText, commitmentSigned, refusal, fieldErrors, actionError, applicant, duplicate, duplicateConfirmed, duplicateReason },
  dispatch,
  short,
  submitting,
  onChoose,
  onSubmit,
  decisionBox,
  refusalInput,
}: {
  state: IntakeState;
  dispatch: Dispatch<IntakeAction>;
  /** the required materials that came short */
  short: readonly MaterialDef[];
  submitting: boolean;
  onChoose(decision: Decision): void;
  onSubmit(): void;
  decisionBox: RefObject<HTMLDivElement | null>;
  refusalInput: RefObject<HTMLTextAreaElement | null>;
}) {
  const chosen = DECISIONS.find((d) => d.value === decision)!;
  return (
    <Paper withBorder p="md" component="section" aria-label="受理决定">
      <Stack gap="sm">
        <Title order={4}>5 决定</Title>
        {duplicate && (
          <Alert color="orange" py="xs" title="重复申请：默认不予受理" role="alert" data-testid="duplicate-benefit">
            <Text size="sm">{duplicate.refusalReason}。情况有变化确需受理的，选择受理后勾选确认并写明理由。</Text>
          </Alert>
        )}
        <Group gap="xs" ref={decisionBox} role="radiogroup" aria-label="受理决定">
          {DECISIONS.map((d) => (
            <Button
              key={d.value}
              role="radio"
              aria-checked={decision === d.value}
              variant={decision === d.value ? 'filled' : 'default'}
              color={DECISION_COLORS[d.value]}
              onClick={() => onChoose(d.value)}
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
        {duplicate && decision !== 'refuse' && (
          <Stack gap={6}>
            <Checkbox
              label="情况有变化，确认仍予受理"
              checked={duplicateConfirmed}
              onChange={(e) => dispatch({ type: 'confirmDuplicate', confirmed: e.currentTarget.checked })}
              error={fieldErrors.confirmDuplicate}
            />
            <Textarea
              label="仍予受理的理由"
              withAsterisk
              value={duplicateReason}
              onChange={(e) => dispatch({ type: 'confirmDuplicate', reason: e.currentTarget.value })}
              error={fieldErrors['confirmDuplicate.reason']}
              autosize
              minRows={2}
              maxLength={500}
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
          <Button size="md" loading={submitting} onClick={onSubmit} color={decision === 'refuse' ? 'red' : undefined} disabled={!applicant} data-testid="submit-intake">
            提交：{chosen.label}（Ctrl+Enter）
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
  );
}
