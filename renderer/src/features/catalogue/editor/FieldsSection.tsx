import { ActionIcon, Button, Checkbox, Group, Select, Table, TextInput, Title } from '@mantine/core';
import { FIELD_TYPE_LABELS, type FormField } from '../catalogueLabels';
import { FieldConstraints } from './FieldConstraints';
import type { SectionProps } from './section';

/** 申请表单字段：类型决定可设的选项或范围。 */
export function FieldsSection({ fields, edit, err }: SectionProps & { fields: FormField[] }) {
  return (
    <>
      <Group justify="space-between">
        <Title order={4}>表单字段</Title>
        <Button size="xs" variant="light" onClick={() => edit({ type: 'addRow', section: 'fields' })}>
          添加字段
        </Button>
      </Group>
      {fields.length > 0 && (
        <Table withTableBorder verticalSpacing={4} aria-label="表单字段（编辑）">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={150}>标识</Table.Th>
              <Table.Th w={170}>字段名称</Table.Th>
              <Table.Th w={120}>类型</Table.Th>
              <Table.Th w={52}>必填</Table.Th>
              <Table.Th>选项 / 范围</Table.Th>
              <Table.Th w={180}>提示</Table.Th>
              <Table.Th w={44} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {fields.map((f, i) => (
              <Table.Tr key={i} aria-label={`字段第 ${i + 1} 行`}>
                <Table.Td>
                  <TextInput size="xs" aria-label="字段标识" value={f.key} onChange={(e) => edit({ type: 'editRow', section: 'fields', index: i, patch: { key: e.currentTarget.value } })} error={err(`fields.${i}.key`)} />
                </Table.Td>
                <Table.Td>
                  <TextInput size="xs" aria-label="字段名称" value={f.label} onChange={(e) => edit({ type: 'editRow', section: 'fields', index: i, patch: { label: e.currentTarget.value } })} error={err(`fields.${i}.label`)} />
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label="字段类型"
                    data={Object.entries(FIELD_TYPE_LABELS).map(([value, label]) => ({ value, label }))}
                    value={f.type}
                    onChange={(v) => v && edit({ type: 'retypeField', index: i, fieldType: v as FormField['type'] })}
                    error={err(`fields.${i}.type`)}
                    allowDeselect={false}
                  />
                </Table.Td>
                <Table.Td>
                  <Checkbox aria-label="必填" checked={!!f.required} onChange={(e) => edit({ type: 'editRow', section: 'fields', index: i, patch: { required: e.currentTarget.checked } })} />
                </Table.Td>
                <Table.Td>
                  <FieldConstraints field={f} onChange={(nf) => edit({ type: 'replaceField', index: i, field: nf })} err={(k) => err(`fields.${i}.${k}`)} />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label="提示"
                    value={f.help ?? ''}
                    onChange={(e) => edit({ type: 'setNote', section: 'fields', index: i, text: e.currentTarget.value })}
                    error={err(`fields.${i}.help`)}
                  />
                </Table.Td>
                <Table.Td>
                  <ActionIcon variant="subtle" color="red" aria-label={`删除字段第 ${i + 1} 行`} onClick={() => edit({ type: 'removeRow', section: 'fields', index: i })}>
                    ×
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}
