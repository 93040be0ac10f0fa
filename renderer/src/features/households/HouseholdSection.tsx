import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router';
import { useApiQuery } from '../../api/query';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SEX_LABELS } from '../../ui/labels';
import type { ResidentDetail } from '../residents/format';
import { AddMemberModal } from './AddMemberModal';
import { CreateHousehold } from './CreateHousehold';
import { HouseholdHistory } from './HouseholdHistory';
import { RemoveMemberModal } from './RemoveMemberModal';
import type { Member } from './types';

/**
 * The resident's household on the profile page: members with their relation to the head,
 * the membership history with dates, adding and removing members, and creating a household
 * for a resident who has none. Each change invalidates the household and the residents'
 * reads, so this section and the profile above it read themselves again.
 */
export function HouseholdSection({ resident }: { resident: ResidentDetail }) {
  const householdId = resident.household?.id ?? null;
  const loaded = useApiQuery('households.get', { id: householdId ?? 0 }, { enabled: householdId !== null });
  const household = householdId === null ? null : (loaded.data ?? null);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Member | null>(null);

  useHotkeys([['alt+A', () => household && setAdding(true)]], []);

  if (householdId === null) return <CreateHousehold resident={resident} />;

  return (
    <Paper withBorder p="md" component="section" aria-label="户">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Title order={3}>户</Title>
            {household && (
              <Text c="dimmed" size="sm" truncate>
                户号 {household.id} · 户主 {household.head?.name ?? '—'} · 立户于 {household.createdAt.slice(0, 10)}
                {household.address ? ` · ${household.address}` : ''}
              </Text>
            )}
          </Group>
          <Button size="xs" onClick={() => setAdding(true)} disabled={!household}>
            添加成员（Alt+A）
          </Button>
        </Group>
        <ErrorAlert error={loaded.error} />
        {household && (
          <>
            <Table withTableBorder verticalSpacing={6} aria-label="户成员">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>姓名</Table.Th>
                  <Table.Th w={110}>与户主关系</Table.Th>
                  <Table.Th w={56}>性别</Table.Th>
                  <Table.Th w={56}>年龄</Table.Th>
                  <Table.Th>身份证号码</Table.Th>
                  <Table.Th w={110}>迁入日期</Table.Th>
                  <Table.Th w={80} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {household.members.map((m) => (
                  <Table.Tr key={m.residentId}>
                    <Table.Td>
                      {m.residentId === resident.id ? (
                        <Text span fw={600}>
                          {m.name}
                        </Text>
                      ) : (
                        <Link to={`/residents/${m.residentId}`}>{m.name}</Link>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {m.isHead ? (
                        <Badge size="sm" variant="filled">
                          户主
                        </Badge>
                      ) : (
                        m.relation
                      )}
                    </Table.Td>
                    <Table.Td>{SEX_LABELS[m.sex]}</Table.Td>
                    <Table.Td>{m.age}</Table.Td>
                    <Table.Td ff="monospace">{m.idNumber}</Table.Td>
                    <Table.Td>{m.joinedOn}</Table.Td>
                    <Table.Td>
                      <Button size="compact-xs" variant="subtle" color="red" onClick={() => setRemoving(m)} aria-label={`移出${m.name}`}>
                        移出
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <HouseholdHistory history={household.history} />
            <AddMemberModal opened={adding} household={household} onClose={() => setAdding(false)} />
            <RemoveMemberModal member={removing} household={household} onClose={() => setRemoving(null)} />
          </>
        )}
      </Stack>
    </Paper>
  );
}
