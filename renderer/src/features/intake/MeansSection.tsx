/**
 * 家庭经济状况 (低保 and other means-tested items): each household member's declared
 * monthly income and assets, and the per-capita working against the 低保标准 in force,
 * recomputed by the precheck as the clerk types (the core does the sums, so the screen
 * and the approval agree to the fen).
 */
import { Alert, NumberInput, Paper, Stack, Table, Text, Title } from '@mantine/core';
import type { HandlerInput, HandlerOutput } from '../../../../db/src/contract';

export type MeansWorking = NonNullable<HandlerOutput<'cases.precheck'>['meansTest']>;
export type MeansEntry = { monthlyIncome: number | ''; assets: number | '' };
export type MeansEntries = Record<number, MeansEntry>;
type MeansInput = NonNullable<HandlerInput<'cases.intake'>['means']>;

/** What is sent: the members whose income is typed (assets left empty count as none). */
export function meansToSend(entries: MeansEntries): MeansInput | undefined {
  const members = Object.entries(entries)
    .filter(([, e]) => e.monthlyIncome !== '')
    .map(([id, e]) => ({ residentId: Number(id), monthlyIncome: e.monthlyIncome as number, assets: e.assets === '' ? 0 : e.assets }));
  return members.length ? { members } : undefined;
}

export function MeansSection({
  working,
  loading,
  entries,
  onChange,
}: {
  working: MeansWorking | null;
  loading: boolean;
  entries: MeansEntries;
  onChange(residentId: number, entry: MeansEntry): void;
}) {
  return (
    <Paper withBorder p="md" component="section" aria-label="家庭经济状况">
      <Stack gap="sm">
        <Title order={4}>家庭成员收入和财产</Title>
        {!working ? (
          <Text size="sm" c="dimmed">
            {loading ? '正在读取申请人家庭成员……' : '申请人尚未登记户及家庭成员：请先登记，再填写每位成员的收入和财产'}
          </Text>
        ) : (
          <>
            <Table withTableBorder aria-label="家庭成员收入和财产">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>成员</Table.Th>
                  <Table.Th>关系</Table.Th>
                  <Table.Th>月收入（元）</Table.Th>
                  <Table.Th>金融资产等财产（元）</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {working.members.map((m) => {
                  const e = entries[m.residentId] ?? { monthlyIncome: '', assets: '' };
                  const num = (v: string | number): number | '' => (typeof v === 'number' ? v : '');
                  return (
                    <Table.Tr key={m.residentId}>
                      <Table.Td>{m.name}</Table.Td>
                      <Table.Td>{m.relation}</Table.Td>
                      <Table.Td>
                        <NumberInput aria-label={`${m.name}月收入`} value={e.monthlyIncome} min={0} decimalScale={2} onChange={(v) => onChange(m.residentId, { ...e, monthlyIncome: num(v) })} />
                      </Table.Td>
                      <Table.Td>
                        <NumberInput aria-label={`${m.name}财产`} value={e.assets} min={0} decimalScale={2} onChange={(v) => onChange(m.residentId, { ...e, assets: num(v) })} />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
            <Alert color={working.belowStandard === false ? 'orange' : working.belowStandard ? 'green' : 'gray'} aria-label="人均收入核算">
              <Text size="sm">{working.text}</Text>
              {working.amountText && <Text size="sm">预计保障金额：{working.amountText}（以审批日执行的标准为准）</Text>}
              {working.totalAssets !== null && <Text size="sm">家庭财产合计 {working.totalAssets.toFixed(2)} 元</Text>}
            </Alert>
          </>
        )}
      </Stack>
    </Paper>
  );
}
