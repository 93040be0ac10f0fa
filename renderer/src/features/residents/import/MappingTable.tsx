import { Badge, NativeSelect, Table, Text } from '@mantine/core';
import type { HandlerOutput } from '../../../../../db/src/contract';

type Preview = HandlerOutput<'residents.importPreview'>;
export type Mapping = Preview['mapping'];
type FieldKey = Preview['fields'][number]['key'];

const IGNORE = '';

/**
 * One line per column of the file: its header, the field it fills (or 不导入), and whether
 * that came from the last import's choices. `mapping` is the person's choices over the
 * core's answer, shown at once while the preview is asked again. A field can be filled by one column only: the
 * core refuses two, so the choice offered here is the rest.
 */
export function MappingTable({ preview, mapping, onChange, disabled }: { preview: Preview; mapping: Mapping; onChange(header: string, field: FieldKey | null): void; disabled?: boolean }) {
  return (
    <Table withTableBorder verticalSpacing={4} aria-label="列与字段的对应">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>文件中的列</Table.Th>
          <Table.Th w={240}>对应字段</Table.Th>
          <Table.Th>来源</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {preview.headers.map((header, i) => {
          const field = mapping[header] ?? null;
          const remembered = Object.hasOwn(preview.remembered, header) && preview.remembered[header] === field;
          const takenElsewhere = new Set(Object.entries(mapping).filter(([h, f]) => h !== header && f).map(([, f]) => f));
          return (
            <Table.Tr key={`${i}-${header}`}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {header || `（第 ${i + 1} 列无列名）`}
                </Text>
              </Table.Td>
              <Table.Td>
                <NativeSelect
                  aria-label={`“${header}”对应的字段`}
                  value={field ?? IGNORE}
                  disabled={disabled}
                  onChange={(e) => onChange(header, (e.currentTarget.value || null) as FieldKey | null)}
                  data={[
                    { value: IGNORE, label: '（不导入）' },
                    ...preview.fields.map((f) => ({ value: f.key, label: `${f.label}${f.required ? '（必填）' : ''}`, disabled: takenElsewhere.has(f.key) })),
                  ]}
                />
              </Table.Td>
              <Table.Td>
                {remembered ? (
                  <Badge variant="light" color="grape">
                    沿用上次导入
                  </Badge>
                ) : null}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
