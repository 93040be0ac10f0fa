import { ActionIcon, Button, Group, NumberInput, Select, Table, Text, TextInput, Title } from '@mantine/core';
import { STAGE_KIND_LABELS, type Stage } from '../catalogueLabels';
import type { SectionProps } from './section';

/** 审批环节，按顺序；公示环节带最少天数。 */
export function StagesSection({ stages, edit, err }: SectionProps & { stages: Stage[] }) {
  return (
    <>
      <Group justify="space-between">
        <Title order={4}>审批环节（按顺序，审批或待区级审核确认须为最后一个）</Title>
        <Button size="xs" variant="light" onClick={() => edit({ type: 'addRow', section: 'stages' })}>
          添加环节
        </Button>
      </Group>
      <Table withTableBorder verticalSpacing={4} aria-label="审批环节（编辑）">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={50}>顺序</Table.Th>
            <Table.Th w={150}>标识</Table.Th>
            <Table.Th>环节名称</Table.Th>
            <Table.Th w={160}>类型</Table.Th>
            <Table.Th w={130}>公示天数</Table.Th>
            <Table.Th w={110} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {stages.map((s, i) => (
            <Table.Tr key={i} aria-label={`环节第 ${i + 1} 行`}>
              <Table.Td>{i + 1}</Table.Td>
              <Table.Td>
                <TextInput size="xs" aria-label="环节标识" value={s.key} onChange={(e) => edit({ type: 'editRow', section: 'stages', index: i, patch: { key: e.currentTarget.value } })} error={err(`stages.${i}.key`)} />
              </Table.Td>
              <Table.Td>
                <TextInput size="xs" aria-label="环节名称" value={s.name} onChange={(e) => edit({ type: 'editRow', section: 'stages', index: i, patch: { name: e.currentTarget.value } })} error={err(`stages.${i}.name`)} />
              </Table.Td>
              <Table.Td>
                <Select
                  size="xs"
                  aria-label="环节类型"
                  data={Object.entries(STAGE_KIND_LABELS).map(([value, label]) => ({ value, label }))}
                  value={s.kind}
                  onChange={(v) => v && edit({ type: 'setStageKind', index: i, kind: v as Stage['kind'] })}
                  error={err(`stages.${i}.kind`)}
                  allowDeselect={false}
                />
              </Table.Td>
              <Table.Td>
                {s.kind === 'posting' || s.minDays !== undefined ? (
                  <NumberInput
                    size="xs"
                    aria-label="公示天数"
                    value={s.minDays ?? ''}
                    onChange={(v) => edit({ type: 'setMinDays', index: i, days: typeof v === 'number' ? v : null })}
                    error={err(`stages.${i}.minDays`)}
                    allowDecimal={false}
                    suffix=" 天"
                  />
                ) : (
                  <Text size="xs" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Group gap={2} wrap="nowrap">
                  <ActionIcon variant="subtle" aria-label={`上移环节第 ${i + 1} 行`} disabled={i === 0} onClick={() => edit({ type: 'moveStage', index: i, by: -1 })}>
                    ↑
                  </ActionIcon>
                  <ActionIcon variant="subtle" aria-label={`下移环节第 ${i + 1} 行`} disabled={i === stages.length - 1} onClick={() => edit({ type: 'moveStage', index: i, by: 1 })}>
                    ↓
                  </ActionIcon>
                  <ActionIcon variant="subtle" color="red" aria-label={`删除环节第 ${i + 1} 行`} onClick={() => edit({ type: 'removeRow', section: 'stages', index: i })}>
                    ×
                  </ActionIcon>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
