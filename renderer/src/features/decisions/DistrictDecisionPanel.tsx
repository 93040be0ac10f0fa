import { Badge, Button, Group, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useApiMutation } from '../../api/query';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrors } from '../../ui/errors';
import type { CaseView } from '../cases/types';

/**
 * The decision of the district authority on the case page (收受分离), and 一窗反馈: whether
 * the applicant has been told. Printing the 办结通知 records it; a delivery (送达) is
 * recorded here.
 */
export function DistrictDecisionPanel({ c, canRecord, onChanged }: { c: CaseView; canRecord: boolean; onChanged: () => void }) {
  const d = c.districtDecision!;
  const [delivering, setDelivering] = useState(false);
  const [note, setNote] = useState('');
  const told = useApiMutation('cases.recordTold', {
    onSuccess: () => {
      setDelivering(false);
      notifications.show({ color: 'green', message: '已登记告知申请人' });
      onChanged();
    },
  });
  const errors = fieldErrors(told.error);
  return (
    <Paper withBorder p="md" component="section" aria-label="区级决定">
      <Stack gap="xs">
        <Title order={4}>区级决定</Title>
        <Text size="sm" data-testid="district-decision-line">
          经{d.decidedBy}审核确认，{c.status === 'approved' ? '准予' : '不予批准'}
          {d.decisionNo ? `（决定文号 ${d.decisionNo}${d.decisionDate ? `，${d.decisionDate}` : ''}）` : ''}
        </Text>
        {d.toldOn ? (
          <Text size="sm" data-testid="told">
            已于 {d.toldOn} 告知申请人（{d.toldHowLabel}）
          </Text>
        ) : (
          <Group gap="xs">
            <Badge color="teal">待告知申请人</Badge>
            <Text size="xs" c="dimmed">
              打印办结通知即登记告知
            </Text>
          </Group>
        )}
        {!d.toldOn && canRecord && !delivering && (
          <Button size="xs" variant="default" onClick={() => setDelivering(true)}>
            登记送达
          </Button>
        )}
        {delivering && (
          <Stack gap={4}>
            <Textarea label="送达情况（可不填）" value={note} onChange={(e) => setNote(e.currentTarget.value)} error={errors.note} autosize minRows={2} />
            <Group gap="xs">
              <Button size="xs" loading={told.isPending} onClick={() => told.mutate({ caseId: c.id, how: 'delivered', ...(note.trim() ? { note: note.trim() } : {}) })}>
                确认已送达
              </Button>
              <Button size="xs" variant="subtle" onClick={() => setDelivering(false)}>
                取消
              </Button>
            </Group>
          </Stack>
        )}
        <ErrorAlert error={told.error} />
      </Stack>
    </Paper>
  );
}
