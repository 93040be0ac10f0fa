import { Alert, Anchor, Badge, Button, Divider, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { Precheck } from '../cases/types';

export interface PrecheckState {
  /** the open case of the same item, which refuses a new application */
  openCase: Precheck['openCase'];
  openCases: Precheck['openCases'];
  activeBenefits: Precheck['activeBenefits'];
  warnings: Precheck['warnings'];
  hints: Precheck['hints'];
  /** 承诺办结日期 if accepted today, and the warning when it rests on provisional holidays */
  dueOn?: Precheck['dueOn'];
  dueDateWarning?: Precheck['dueDateWarning'];
  /** the picked item is a benefit the applicant already receives */
  duplicateBenefit?: Precheck['duplicateBenefit'];
}

/** The side panel: conflicts, warnings and hints from cases.precheck for the resident and item. */
export function PrecheckPanel({
  state,
  loading,
  error,
  hasApplicant,
  onPickItem,
}: {
  state: PrecheckState | null;
  loading: boolean;
  error: string | null;
  hasApplicant: boolean;
  onPickItem(code: string): void;
}) {
  return (
    <Paper withBorder p="md" component="aside" aria-label="受理前检查">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={4}>受理前检查</Title>
          {loading && <Loader size="xs" aria-label="正在检查" />}
        </Group>
        {!hasApplicant && (
          <Text size="sm" c="dimmed">
            选定申请人后，这里显示在办件、在享待遇、冲突与提示。
          </Text>
        )}
        {error && (
          <Alert color="red" py="xs" role="alert">
            {error}
          </Alert>
        )}
        {state?.openCase && (
          <Alert color="red" title="冲突：同一事项正在办理" role="alert" data-testid="conflict">
            <Text size="sm">
              {state.openCase.itemName}（{state.openCase.caseNo}，{state.openCase.receivedOn} 收件）尚未办结，不能重复申请。
            </Text>
            <Anchor component={Link} to={`/cases/${state.openCase.id}`} size="sm">
              查看该办件
            </Anchor>
          </Alert>
        )}
        {state?.dueDateWarning && (
          <Alert color="yellow" py="xs" title={`承诺办结日期 ${state.dueOn ?? ''}（临时安排）`} data-testid="due-date-provisional">
            <Text size="sm">{state.dueDateWarning}</Text>
          </Alert>
        )}
        {state?.warnings.map((w, i) => (
          <Alert key={`${w.kind}-${i}`} color="orange" py="xs" title="注意" data-testid="precheck-warning">
            <Text size="sm">{w.message}</Text>
          </Alert>
        ))}
        {state && (
          <>
            <Divider label="在办件" labelPosition="left" />
            {state.openCases.length === 0 ? (
              <Text size="sm" c="dimmed">
                无
              </Text>
            ) : (
              <Stack gap={4}>
                {state.openCases.map((c) => (
                  <Group key={c.id} gap={6} wrap="nowrap">
                    <Anchor component={Link} to={`/cases/${c.id}`} size="sm" ff="monospace">
                      {c.caseNo}
                    </Anchor>
                    <Text size="sm" truncate>
                      {c.itemName}
                    </Text>
                  </Group>
                ))}
              </Stack>
            )}
            <Divider label="在享待遇" labelPosition="left" />
            {state.activeBenefits.length === 0 ? (
              <Text size="sm" c="dimmed">
                无
              </Text>
            ) : (
              <Stack gap={4}>
                {state.activeBenefits.map((b) => (
                  <Text size="sm" key={`${b.itemCode}-${b.caseNo}`}>
                    {b.itemName}
                    <Text span size="xs" c="dimmed">
                      （自 {b.since}）
                    </Text>
                  </Text>
                ))}
              </Stack>
            )}
            <Divider label="可申请的其他事项" labelPosition="left" />
            {state.hints.length === 0 ? (
              <Text size="sm" c="dimmed">
                无
              </Text>
            ) : (
              <Stack gap={6}>
                {state.hints.map((h) => (
                  <Stack key={h.itemCode} gap={2} data-testid="eligibility-hint">
                    <Group gap={6} wrap="nowrap">
                      <Badge size="xs" variant="light" style={{ flex: 'none' }}>
                        {h.familyLabel}
                      </Badge>
                      <Button size="compact-xs" variant="subtle" onClick={() => onPickItem(h.itemCode)}>
                        {h.itemName}
                      </Button>
                    </Group>
                    <Text size="xs" c="dimmed">
                      {h.text}
                    </Text>
                  </Stack>
                ))}
              </Stack>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
