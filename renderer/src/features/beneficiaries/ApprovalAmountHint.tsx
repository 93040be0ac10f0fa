import { Paper, Stack, Text } from '@mantine/core';
import { useApiQuery } from '../../api/query';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * On the approval form of a monthly benefit: what the approval will pay before the
 * reviewer decides (the tier, e.g. 70–79岁每月150元, and the steps to come, e.g.
 * 满80周岁后自2027-05起每月180元), the range a typed amount must lie in, and why the
 * age rule would refuse it. Read from beneficiaries.amountPreview, which uses the
 * approval's own rules.
 */
export function ApprovalAmountHint({ caseId, startMonth }: { caseId: number; startMonth: string }) {
  const month = startMonth.trim();
  const preview = useApiQuery('beneficiaries.amountPreview', { caseId, ...(MONTH.test(month) ? { startMonth: month } : {}) });
  const p = preview.data;
  if (!p?.recurring) return null;
  const from = p.stepFrom === 'next_month' ? '生日次月起' : '生日当月起';
  return (
    // A note, not an alert: the form's alert is for a refused call.
    <Paper withBorder bg={p.refusal ? 'red.0' : 'blue.0'} data-testid="approval-amount-hint" p="xs" aria-label="审批后发放">
      <Stack gap={2}>
        {p.amount !== null && (
          <Text size="sm">
            自 {p.startMonth} 起每月 {p.amount.toFixed(2)} 元{p.tier ? `（${p.age}岁，${p.tier}档）` : p.source === 'field' ? '（表单核定金额）' : p.source === 'default' ? '（事项默认金额）' : ''}
          </Text>
        )}
        {p.amount === null && !p.refusal && <Text size="sm">本事项的月发放金额由审批人填写</Text>}
        {p.steps.slice(0, 1).map((s) => (
          <Text size="sm" key={s.effectiveMonth} data-testid="approval-next-step">
            {s.text}（{from}按新年龄档发放，自动调整）
          </Text>
        ))}
        {p.range && <Text size="xs">填写的金额须在本事项规定的范围内：{p.range}</Text>}
        {p.refusal && <Text size="sm">{p.refusal}</Text>}
      </Stack>
    </Paper>
  );
}
