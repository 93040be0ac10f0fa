import { Badge, Checkbox, Group, NumberInput, Table, Text, TextInput } from '@mantine/core';
import type { MaterialDef } from '../cases/types';

interface Props {
  materials: readonly MaterialDef[];
  received: Record<string, number>;
  onReceived(key: string, copies: number): void;
  /** 容缺受理: a due date per missing deferrable material */
  deferring: boolean;
  dueDates: Record<string, string>;
  onDueDate(key: string, date: string): void;
  errors: Record<string, string>;
  /** the latest date a deferred material may be due (the case's promised completion date), when known */
  latestDue?: string | undefined;
}

import { isShort } from './values';

export { isShort };

/**
 * The item's checklist: each material with 应交 / 实交, original or copy, required or not,
 * deferrable marked. The tick sets 实交 to 应交 (Space on the focused tick); the number can
 * be typed for part deliveries. Under 容缺受理 each missing deferrable material asks for
 * its due date.
 */
export function MaterialsChecklist({ materials, received, onReceived, deferring, dueDates, onDueDate, errors }: Props) {
  return (
    <Table withTableBorder verticalSpacing={4} aria-label="材料清单" layout="fixed">
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={64}>收齐</Table.Th>
          <Table.Th>材料</Table.Th>
          <Table.Th w={72}>形式</Table.Th>
          <Table.Th w={60}>应交</Table.Th>
          <Table.Th w={92}>实交</Table.Th>
          {deferring && <Table.Th w={190}>容缺补交日期</Table.Th>}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {materials.map((m) => {
          const got = received[m.key] ?? 0;
          const complete = got >= m.copies;
          const error = errors[`materials.${m.key}`];
          const dueError = errors[`deferred.${m.key}`] ?? errors[`deferred.${m.key}.dueDate`];
          const short = isShort(m, received);
          return (
            <Table.Tr key={m.key} data-material={m.key} bg={error ? 'var(--mantine-color-red-light)' : undefined}>
              <Table.Td>
                <Checkbox
                  aria-label={`${m.name} 已收齐`}
                  checked={complete}
                  onChange={(e) => onReceived(m.key, e.currentTarget.checked ? m.copies : 0)}
                />
              </Table.Td>
              <Table.Td>
                <Group gap={6} wrap="wrap">
                  <Text size="sm" fw={m.required ? 500 : 400}>
                    {m.name}
                  </Text>
                  {!m.required && (
                    <Badge size="xs" variant="light" color="gray">
                      非必交
                    </Badge>
                  )}
                  {m.deferrable && (
                    <Badge size="xs" variant="light" color="grape">
                      可容缺
                    </Badge>
                  )}
                </Group>
                {m.note && (
                  <Text size="xs" c="dimmed">
                    {m.note}
                  </Text>
                )}
                {error && (
                  <Text size="xs" c="red" role="alert">
                    {error}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{m.form === 'original' ? '原件' : '复印件'}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" data-testid="copies-required">
                  {m.copies}
                </Text>
              </Table.Td>
              <Table.Td>
                <NumberInput
                  aria-label={`${m.name} 实交份数`}
                  size="xs"
                  value={got}
                  min={0}
                  max={99}
                  allowDecimal={false}
                  allowNegative={false}
                  clampBehavior="strict"
                  onChange={(n) => onReceived(m.key, typeof n === 'number' ? n : Number(n) || 0)}
                  error={!!error}
                />
              </Table.Td>
              {deferring && (
                <Table.Td>
                  {short && m.deferrable ? (
                    <TextInput
                      aria-label={`${m.name} 补交日期`}
                      size="xs"
                      placeholder="YYYY-MM-DD"
                      value={dueDates[m.key] ?? ''}
                      onChange={(e) => onDueDate(m.key, e.currentTarget.value)}
                      error={dueError}
                      autoComplete="off"
                      maxLength={12}
                    />
                  ) : short ? (
                    <Text size="xs" c="red">
                      主要材料，不能容缺
                    </Text>
                  ) : (
                    <Text size="xs" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
