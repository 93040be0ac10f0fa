import { Stack, Text } from '@mantine/core';
import type { CaseView } from '../cases/types';

type Payments = NonNullable<CaseView['beneficiary']>['payments'];

/** 发放结果 on the 待遇 panel: what the bank's returns (银行回盘) reported per month. */
export function PaymentResults({ payments }: { payments: Payments }) {
  if (payments.length === 0) return null;
  return (
    <Stack gap={2} data-testid="benefit-payments">
      <Text size="sm">银行发放结果（回盘）：</Text>
      {payments.map((p) => (
        <Text size="xs" c={p.result === 'failed' ? 'red' : 'dimmed'} key={p.month}>
          {p.month} {p.amount.toFixed(2)} 元：{p.result === 'paid' ? '发放成功' : `发放失败（${p.reason ?? '未说明原因'}）`}
        </Text>
      ))}
    </Stack>
  );
}
