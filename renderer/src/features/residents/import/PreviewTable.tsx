import { Table, Text } from '@mantine/core';
import type { HandlerOutput } from '../../../../../db/src/contract';
import { fieldLabel, STORED_COLUMNS, storedValueLabel } from './labels';

type Preview = HandlerOutput<'residents.importPreview'>;

// Names, ID numbers and dates read badly broken over lines: the table scrolls sideways instead.
const NOWRAP = { whiteSpace: 'nowrap' } as const;

/** The first rows as they will be stored (ID normalised, 性别 and 出生日期 from the ID…), with each row's own problems. */
export function PreviewTable({ preview }: { preview: Preview }) {
  // Only the columns something fills: a file without bank columns shows no empty bank columns.
  const columns = STORED_COLUMNS.filter((c) => preview.rows.some((r) => (r.values as Record<string, string | undefined>)[c.key]));
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table withTableBorder verticalSpacing={4} aria-label="预览" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th style={NOWRAP}>行号</Table.Th>
            {columns.map((c) => (
              <Table.Th key={c.key} style={NOWRAP}>
                {c.label}
              </Table.Th>
            ))}
            <Table.Th miw={260}>问题</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {preview.rows.map((row) => {
            const values = row.values as Record<string, string | undefined>;
            const problems = row.problems.map((p, i) => (
              <Text key={i} size="xs" c="red.8">
                {fieldLabel(preview.fields, p.field)}：{p.reason}
              </Text>
            ));
            // A refused row has no stored form: its problems take the row, where they are seen without scrolling.
            if (row.problems.length > 0 && Object.keys(values).length === 0) {
              return (
                <Table.Tr key={row.line} bg="red.0">
                  <Table.Td>{row.line}</Table.Td>
                  <Table.Td colSpan={columns.length + 1}>{problems}</Table.Td>
                </Table.Tr>
              );
            }
            return (
              <Table.Tr key={row.line} bg={row.problems.length ? 'red.0' : undefined}>
                <Table.Td>{row.line}</Table.Td>
                {columns.map((c) => (
                  <Table.Td key={c.key} style={NOWRAP}>
                    {storedValueLabel(c.key, values[c.key])}
                  </Table.Td>
                ))}
                <Table.Td>{problems}</Table.Td>
              </Table.Tr>
            );
          })}
          {preview.rows.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={columns.length + 2}>
                <Text size="sm" c="dimmed">
                  文件中没有数据行
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
