import { NumberInput, Table, Text, Title } from '@mantine/core';
import type { Definition } from '../catalogueLabels';
import type { SectionProps } from './section';

type GradeAmounts = NonNullable<NonNullable<Definition['recurring']>['gradeAmounts']>;

/**
 * 按评估等级发放（居家养老服务补贴）：每个等级一行月金额。Rows follow the options of the
 * grade field, so an option added in the form fields shows here at once, without an amount
 * until one is typed (the core refuses to save an option without one; that message is listed
 * under the editor's sections).
 */
export function GradeAmountsSection({ draft, edit, err }: SectionProps & { draft: Definition }) {
  const recurring = draft.recurring;
  const table = recurring?.gradeAmounts;
  if (!recurring || !table) return null;
  const field = (draft.fields ?? []).find((f) => f.key === table.field);
  const options = (field?.options ?? []).map((o) => (typeof o === 'string' ? o : o.value));
  const extra = table.amounts.map((a) => a.grade).filter((g) => !options.includes(g));
  const grades = [...options, ...extra];

  const setAmount = (grade: string, value: number | null) => {
    const others = table.amounts.filter((a) => a.grade !== grade);
    const amounts: GradeAmounts['amounts'] =
      value === null
        ? others
        : grades.flatMap((g) => (g === grade ? [{ grade, monthlyAmount: value }] : others.filter((a) => a.grade === g)));
    edit({ type: 'set', key: 'recurring', value: { ...recurring, gradeAmounts: { ...table, amounts } } });
  };

  return (
    <>
      <Title order={4}>按评估等级发放（“{field?.label ?? table.field}”各等级的月补贴金额）</Title>
      <Table withTableBorder verticalSpacing={4} aria-label="等级金额表（编辑）">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={200}>等级</Table.Th>
            <Table.Th>每月金额（元）</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {grades.map((g) => {
            const i = table.amounts.findIndex((a) => a.grade === g);
            return (
              <Table.Tr key={g} aria-label={`等级 ${g}`}>
                <Table.Td>
                  {g}
                  {!options.includes(g) && (
                    <Text span size="xs" c="red">
                      {' '}
                      （不是字段选项）
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    size="xs"
                    aria-label={`${g}每月金额`}
                    value={i >= 0 ? table.amounts[i]!.monthlyAmount : ''}
                    onChange={(v) => setAmount(g, typeof v === 'number' ? v : null)}
                    min={0}
                    decimalScale={2}
                    error={i >= 0 ? (err(`recurring.gradeAmounts.amounts.${i}.monthlyAmount`) ?? err(`recurring.gradeAmounts.amounts.${i}.grade`)) : undefined}
                  />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        审批时按申请表中的等级确定月金额；复核改变等级时按保存时的金额表计算。改动金额只影响此后的审批与复核，不改动已在发放的金额。
      </Text>
    </>
  );
}
