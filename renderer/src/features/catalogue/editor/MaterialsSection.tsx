import { ActionIcon, Button, Checkbox, Group, NumberInput, Select, Table, TextInput, Title } from '@mantine/core';
import { MATERIAL_FORM_LABELS, type Material } from '../catalogueLabels';
import type { SectionProps } from './section';

/** 申请材料：每行一件材料，应交份数、形式、必交与可容缺。 */
export function MaterialsSection({ materials, edit, err }: SectionProps & { materials: Material[] }) {
  return (
    <>
      <Group justify="space-between">
        <Title order={4}>申请材料</Title>
        <Button
          size="xs"
          variant="light"
          onClick={() => edit({ type: 'addRow', section: 'materials' })}
        >
          添加材料
        </Button>
      </Group>
      <Table withTableBorder verticalSpacing={4} aria-label="申请材料（编辑）">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={150}>标识</Table.Th>
            <Table.Th>材料名称</Table.Th>
            <Table.Th w={84}>应交份数</Table.Th>
            <Table.Th w={104}>形式</Table.Th>
            <Table.Th w={52}>必交</Table.Th>
            <Table.Th w={72} style={{ whiteSpace: 'nowrap' }}>
              可容缺
            </Table.Th>
            <Table.Th w={190}>说明</Table.Th>
            <Table.Th w={44} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {materials.map((m, i) => (
            <Table.Tr key={i} aria-label={`材料第 ${i + 1} 行`}>
              <Table.Td>
                <TextInput size="xs" aria-label="材料标识" value={m.key} onChange={(e) => edit({ type: 'editRow', section: 'materials', index: i, patch: { key: e.currentTarget.value } })} error={err(`materials.${i}.key`)} />
              </Table.Td>
              <Table.Td>
                <TextInput size="xs" aria-label="材料名称" value={m.name} onChange={(e) => edit({ type: 'editRow', section: 'materials', index: i, patch: { name: e.currentTarget.value } })} error={err(`materials.${i}.name`)} />
              </Table.Td>
              <Table.Td>
                <NumberInput
                  size="xs"
                  aria-label="应交份数"
                  value={m.copies}
                  onChange={(v) => edit({ type: 'editRow', section: 'materials', index: i, patch: { copies: typeof v === 'number' ? v : Number.NaN } })}
                  error={err(`materials.${i}.copies`)}
                  allowDecimal={false}
                  min={1}
                />
              </Table.Td>
              <Table.Td>
                <Select
                  size="xs"
                  aria-label="材料形式"
                  data={Object.entries(MATERIAL_FORM_LABELS).map(([value, label]) => ({ value, label }))}
                  value={m.form}
                  onChange={(v) => v && edit({ type: 'editRow', section: 'materials', index: i, patch: { form: v as Material['form'] } })}
                  error={err(`materials.${i}.form`)}
                  allowDeselect={false}
                />
              </Table.Td>
              <Table.Td>
                <Checkbox aria-label="必交" checked={m.required} onChange={(e) => edit({ type: 'editRow', section: 'materials', index: i, patch: { required: e.currentTarget.checked } })} />
              </Table.Td>
              <Table.Td>
                <Checkbox aria-label="可容缺" checked={!!m.deferrable} onChange={(e) => edit({ type: 'editRow', section: 'materials', index: i, patch: { deferrable: e.currentTarget.checked } })} />
              </Table.Td>
              <Table.Td>
                <TextInput
                  size="xs"
                  aria-label="说明"
                  value={m.note ?? ''}
                  onChange={(e) => edit({ type: 'setNote', section: 'materials', index: i, text: e.currentTarget.value })}
                  error={err(`materials.${i}.note`)}
                />
              </Table.Td>
              <Table.Td>
                <ActionIcon variant="subtle" color="red" aria-label={`删除材料第 ${i + 1} 行`} onClick={() => edit({ type: 'removeRow', section: 'materials', index: i })}>
                  ×
                </ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
