import { Paper, Stack, Text, Title } from '@mantine/core';
import type { CaseView } from './types';

/**
 * 收受分离: a case of an item a district authority decides. The centre's stages end at
 * 待区级审核确认 and it cannot approve or refuse; the page says who decides, whether the case
 * has left in a 移交 package, and whose time limit runs.
 */
export function DistrictPanel({ c }: { c: CaseView }) {
  const d = c.district;
  if (!d) return null;
  return (
    <Paper withBorder p="md" component="section" aria-label="区级审核确认">
      <Stack gap={6}>
        <Title order={4}>区级审核确认</Title>
        <Text size="sm">
          本事项由{d.decidedBy}审核确认，本中心受理、调查后移交，不作审批决定；{d.decidedBy}办理时限 {d.timeLimitDays} 个工作日（自移交起）。
        </Text>
        {d.line && (
          <Text size="sm" fw={600} data-testid="district-line">
            {d.line}
          </Text>
        )}
        {d.centreDueOn && d.handedOffOn && (
          <Text size="xs" c={d.centreOnTime ? 'dimmed' : 'red'}>
            本中心承诺办结日期 {d.centreDueOn}，{d.centreOnTime ? '按时移交' : '逾期移交'}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
