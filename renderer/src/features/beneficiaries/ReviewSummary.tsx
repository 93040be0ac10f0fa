import { Stack, Text } from '@mantine/core';
import type { CaseView } from '../cases/types';

type Review = NonNullable<CaseView['beneficiary']>['review'];

const OUTCOME = { confirm: '维持', change: '变更', stop: '停发' } as const;
const STATUS = { done: '已生效', pending: '待确认', rejected: '已驳回' } as const;

/** 年度复核 on the 待遇 panel: when the next review falls due and what each review decided, with who confirmed it. */
export function ReviewSummary({ review, annualReview }: { review: Review; annualReview: boolean }) {
  if (!annualReview && review.history.length === 0) return null;
  return (
    <Stack gap={2} data-testid="benefit-reviews">
      <Text size="sm">
        年度复核：{review.nextDueMonth ? `下次 ${review.nextDueMonth}` : '不再复核'}
        {review.grade ? `；现评估等级 ${review.grade}` : ''}
      </Text>
      {review.history.map((r) => (
        <Text size="xs" c="dimmed" key={r.id}>
          {r.reviewedOn} {r.reviewedBy} 复核：{OUTCOME[r.outcome]}
          {r.grade ? `为${r.grade}` : ''}
          {r.monthlyAmount !== null ? `（每月 ${r.monthlyAmount.toFixed(2)} 元）` : ''}
          {r.fromMonth ? `，自 ${r.fromMonth} 起` : ''}——{STATUS[r.status]}
          {r.decidedBy ? `（${r.decidedBy} ${r.status === 'rejected' ? '驳回' : '确认'}）` : ''}；意见：{r.opinion}
        </Text>
      ))}
    </Stack>
  );
}
