import { NumberInput, Paper, Select, SimpleGrid, Text } from '@mantine/core';
import type { Definition } from '../catalogueLabels';
import type { SectionProps } from './section';

type Recurring = NonNullable<Definition['recurring']>;

/** An emptied input leaves its key out (the item then has no such rule), never sends ''. */
function withValue<K extends keyof Recurring>(r: Recurring, key: K, value: Recurring[K] | undefined): Recurring {
  const copy = { ...r };
  if (value === undefined) delete copy[key];
  else copy[key] = value;
  return copy;
}

/**
 * 按月发放的金额规则 of a monthly benefit: from which month an age-tier step is paid, and
 * the range an amount typed at approval must lie in. Messages of a refused save show in
 * the list under all sections (their paths are `recurring.*`).
 */
export function RecurringAmountSection({ recurring, edit }: Pick<SectionProps, 'edit'> & { recurring: Definition['recurring'] }) {
  if (!recurring) return null;
  const set = (next: Recurring) => edit({ type: 'set', key: 'recurring', value: next });
  const money = (v: string | number) => (typeof v === 'number' ? v : undefined);
  return (
    <Paper withBorder p="md" component="section" aria-label="按月发放金额规则">
      <Text fw={600} mb="xs">
        按月发放金额规则
      </Text>
      <SimpleGrid cols={3} spacing="md">
        {recurring.ageTiers?.length ? (
          <Select
            label="年龄档调整起始月"
            description="年满新年龄档后，自哪个月起按新标准发放"
            data={[
              { value: 'birthday_month', label: '生日当月' },
              { value: 'next_month', label: '生日次月' },
            ]}
            value={recurring.tierStepFrom ?? 'birthday_month'}
            onChange={(v) => set(withValue(recurring, 'tierStepFrom', (v ?? 'birthday_month') as Recurring['tierStepFrom']))}
            allowDeselect={false}
          />
        ) : null}
        <NumberInput
          label="最低月发放金额（元）"
          description="审批时填写的金额不得低于此数；留空为不限"
          value={recurring.minMonthlyAmount ?? ''}
          onChange={(v) => set(withValue(recurring, 'minMonthlyAmount', money(v)))}
          min={0}
          decimalScale={2}
          hideControls
        />
        <NumberInput
          label="最高月发放金额（元）"
          description="审批时填写的金额不得高于此数；留空为不限"
          value={recurring.maxMonthlyAmount ?? ''}
          onChange={(v) => set(withValue(recurring, 'maxMonthlyAmount', money(v)))}
          min={0}
          decimalScale={2}
          hideControls
        />
      </SimpleGrid>
    </Paper>
  );
}
