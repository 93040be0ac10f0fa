/**
 * 低保标准 by date (管理 → 中心设置): the standard in force on a day is the latest whose
 * date has come. A new standard is added from its date; the earlier ones stay, since
 * cases decided before it were judged by them.
 */
import { Alert, Badge, Button, Group, NumberInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useApiMutation, useApiQuery } from '../../api/query';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { errorText, fieldErrors } from '../../ui/errors';

const todayInShanghai = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

export function DibaoStandardsPanel() {
  const loaded = useApiQuery('settings.get', {});
  const [from, setFrom] = useState('');
  const [amount, setAmount] = useState<number | ''>('');
  const save = useApiMutation('settings.update', {
    onSuccess: () => {
      setFrom('');
      setAmount('');
      notifications.show({ color: 'green', message: '低保标准已保存' });
    },
  });
  if (!loaded.data) return loaded.error ? <Alert color="red">{errorText(loaded.error)}</Alert> : null;
  const list = loaded.data.dibaoStandards;
  const today = todayInShanghai();
  const inForce = [...list].reverse().find((s) => s.from <= today)?.from;
  // The new entry is the last of the list sent; its problems are reported at that index.
  const errors = fieldErrors(save.error);
  const at = (k: 'from' | 'amount') => errors[`dibaoStandards.${list.length}.${k}`];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ dibaoStandards: [...list, { from: from.trim(), amount: amount === '' ? Number.NaN : amount }] });
  };

  return (
    <Stack maw={640} mt="xl" component="section" aria-label="低保标准">
      <Title order={4}>最低生活保障标准（元/人/月）</Title>
      <Text size="sm" c="dimmed">
        受理和审批低保时按当日执行的标准核算家庭人均收入和保障金额。预置的 2025-04-01 起 1550 元为示例，请中心按本市公布的标准核实。
      </Text>
      <Table withTableBorder aria-label="低保标准列表">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>执行日期</Table.Th>
            <Table.Th>标准（元/人/月）</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((s) => (
            <Table.Tr key={s.from}>
              <Table.Td>{s.from} 起</Table.Td>
              <Table.Td>{s.amount.toFixed(2)}</Table.Td>
              <Table.Td>{s.from === inForce ? <Badge color="green">当前执行</Badge> : s.from > today ? <Badge color="blue">待执行</Badge> : null}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <form onSubmit={submit} aria-label="添加低保标准">
        <Group align="flex-end">
          <TextInput label="执行日期" placeholder="YYYY-MM-DD" value={from} onChange={(e) => setFrom(e.currentTarget.value)} error={at('from')} />
          <NumberInput label="标准（元/人/月）" value={amount} onChange={(v) => setAmount(typeof v === 'number' ? v : '')} min={0} decimalScale={2} error={at('amount')} />
          <Button type="submit" loading={save.isPending}>
            添加标准
          </Button>
        </Group>
      </form>
      <ErrorAlert error={save.error} />
    </Stack>
  );
}
