import { Group, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useApiQuery } from '../../api/query';
import { ErrorAlert } from '../../ui/ErrorAlert';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The amount paid in a month the clerk chooses (an age-tier step is visible before and
 * after its month), and the next automatic step. Without a choice: the month the view was
 * read for, from the benefit as given.
 */
export function BenefitMonthAmount({
  benefit,
}: {
  benefit: { id: number; amountMonth: string; monthlyAmount: number | null; nextStep: { effectiveMonth: string; amount: number; reason: string } | null };
}) {
  const [month, setMonth] = useState('');
  const chosen = MONTH.test(month) && month !== benefit.amountMonth ? month : null;
  const other = useApiQuery('beneficiaries.get', { id: benefit.id, month: chosen ?? benefit.amountMonth }, { enabled: chosen !== null });
  const shown = chosen && other.data ? other.data : chosen ? null : benefit;
  return (
    <>
      <Group gap="xs" align="flex-end">
        <TextInput
          size="xs"
          type="month"
          label="查看月份"
          aria-label="查看月份"
          value={month || benefit.amountMonth}
          onChange={(e) => setMonth(e.currentTarget.value)}
          w={150}
        />
        {shown && (
          <Text size="sm" data-testid="benefit-month-amount">
            {shown.amountMonth} {shown.monthlyAmount === null ? '不发放' : `发放 ${shown.monthlyAmount.toFixed(2)} 元`}
          </Text>
        )}
      </Group>
      <ErrorAlert error={other.error} />
      {shown?.nextStep && (
        <Text size="xs" c="teal.8" data-testid="benefit-next-step">
          下次年龄档调整：自 {shown.nextStep.effectiveMonth} 起每月 {shown.nextStep.amount.toFixed(2)} 元（{shown.nextStep.reason}）
        </Text>
      )}
    </>
  );
}
