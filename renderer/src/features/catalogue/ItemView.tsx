import { Badge, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { FAMILY_LABELS } from '../../ui/labels';
import { FIELD_TYPE_LABELS, MATERIAL_FORM_LABELS, type CatalogueItem } from './catalogueLabels';

export const formatDate = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

function Info({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </Stack>
  );
}

const yesNo = (b: boolean | undefined) => (b ? '是' : '否');

/** An item's current version as the counter sees it: settings, materials, form fields, stages. */
export function ItemView({ item }: { item: CatalogueItem }) {
  return (
    <Stack>
      <Paper withBorder p="md">
        <SimpleGrid cols={4} spacing="md" verticalSpacing="sm">
          <Info label="类别">{FAMILY_LABELS[item.family]}</Info>
          <Info label="主管部门">{item.department}</Info>
          <Info label="办理时限">{item.timeLimitDays} 个工作日</Info>
          <Info label="决定机关">{item.decidedBy === 'centre' ? '本中心' : `${item.decidedBy}（移交审核确认）`}</Info>
          {item.districtTimeLimitDays !== undefined && <Info label="区级办理时限">{item.districtTimeLimitDays} 个工作日（自移交起）</Info>}
          <Info label="可延期">{item.extensionDays > 0 ? `可延 ${item.extensionDays} 个工作日` : '不可延期'}</Info>
          <Info label="按户办理">{yesNo(item.householdBased)}</Info>
          <Info label="定期发放">{yesNo(item.recurring !== null)}</Info>
          {item.recurring?.meansTest && <Info label="金额核算">（低保标准 − 家庭人均月收入）× 家庭人数</Info>}
          <Info label="年度复核">{yesNo(item.annualReview)}</Info>
          {item.recurring?.gradeAmounts && <Info label="按评估等级每月金额">{item.recurring.gradeAmounts.amounts.map((a) => `${a.grade} ${a.monthlyAmount} 元`).join('、')}</Info>}
          <Info label="限本市户籍">{yesNo(item.requiresLocalHukou ?? false)}</Info>
          <Info label="本版保存于">{formatDate(item.savedAt)}</Info>
          {item.aliases.length > 0 && <Info label="简称">{item.aliases.join('、')}</Info>}
          {item.retired && <Info label="停用">{`${formatDate(item.retiredAt)}${item.retiredReason ? `：${item.retiredReason}` : ''}`}</Info>}
        </SimpleGrid>
        {item.description && (
          <Text size="sm" mt="sm" c="dimmed">
            {item.description}
          </Text>
        )}
      </Paper>
      <Title order={4}>申请材料</Title>
      <Table withTableBorder verticalSpacing={4} fz="sm" aria-label="申请材料">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>材料名称</Table.Th>
            <Table.Th w={80}>应交份数</Table.Th>
            <Table.Th w={80}>形式</Table.Th>
            <Table.Th w={60}>必交</Table.Th>
            <Table.Th w={70}>可容缺</Table.Th>
            <Table.Th>说明</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {item.materials.map((m) => (
            <Table.Tr key={m.key}>
              <Table.Td>{m.name}</Table.Td>
              <Table.Td>{m.copies}</Table.Td>
              <Table.Td>{MATERIAL_FORM_LABELS[m.form]}</Table.Td>
              <Table.Td>{yesNo(m.required)}</Table.Td>
              <Table.Td>{yesNo(m.deferrable)}</Table.Td>
              <Table.Td c="dimmed">{m.note ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group align="flex-start" grow>
        <Stack gap="xs">
          <Title order={4}>表单字段</Title>
          {item.fields.length === 0 ? (
            <Text size="sm" c="dimmed">
              无
            </Text>
          ) : (
            <List size="sm" spacing={2}>
              {item.fields.map((f) => (
                <List.Item key={f.key}>
                  {f.label}（{FIELD_TYPE_LABELS[f.type]}
                  {f.required ? '，必填' : ''}
                  {f.options ? `：${f.options.map((o) => o.label).join('、')}` : ''}）
                </List.Item>
              ))}
            </List>
          )}
        </Stack>
        <Stack gap="xs">
          <Title order={4}>审批环节</Title>
          <Group gap={6}>
            {item.stages.map((s, i) => (
              <Group key={s.key} gap={6} wrap="nowrap">
                {i > 0 && <Text c="dimmed">→</Text>}
                <Badge variant="light" color={s.kind === 'posting' ? 'orange' : s.kind === 'approval' ? 'green' : s.kind === 'district' ? 'violet' : 'blue'}>
                  {s.name}
                  {s.kind === 'posting' && s.minDays ? `（${s.minDays} 天）` : ''}
                </Badge>
              </Group>
            ))}
          </Group>
        </Stack>
      </Group>
    </Stack>
  );
}
