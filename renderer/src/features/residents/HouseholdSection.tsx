import { Badge, Button, Group, Modal, Paper, Select, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ApiError, call } from '../../api/client';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { errorText, fieldErrors } from '../../ui/errors';
import { SEX_LABELS } from '../../ui/labels';
import { Pager, usePaged } from '../../ui/Paged';
import { RELATIONS, type HouseholdView, type MemberRelation, type ResidentDetail, type SearchItem } from './format';
import { ResidentForm } from './ResidentForm';
import { ResidentSearch } from './ResidentSearch';

type Member = HouseholdView['members'][number];

/**
 * The resident's household on the profile page: members with their relation to the head,
 * the membership history with dates, adding and removing members, and creating a household
 * for a resident who has none.
 */
export function HouseholdSection({ resident, onChanged }: { resident: ResidentDetail; onChanged(): void }) {
  const householdId = resident.household?.id ?? null;
  const [household, setHousehold] = useState<HouseholdView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Member | null>(null);

  const load = async () => {
    if (householdId === null) {
      setHousehold(null);
      return;
    }
    try {
      setHousehold(await call('households.get', { id: householdId }));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  };
  useEffect(() => {
    void load();
    // Reload when the household changes, not when `load` is made anew
  }, [householdId, resident.updatedAt]);

  useHotkeys([['alt+A', () => household && setAdding(true)]], []);

  const changed = (h: HouseholdView) => {
    setHousehold(h);
    onChanged();
  };

  if (householdId === null) return <CreateHousehold resident={resident} onCreated={onChanged} />;

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
        <ErrorAlert error={error} />
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
            <AddMemberModal opened={adding} household={household} onClose={() => setAdding(false)} onAdded={changed} />
            <RemoveMemberModal member={removing} household={household} onClose={() => setRemoving(null)} onRemoved={changed} />
          </>
        )}
      </Stack>
    </Paper>
  );
}

function HouseholdHistory({ history }: { history: HouseholdView['history'] }) {
  const paged = usePaged([...history].reverse(), 8);
  return (
    <Stack gap={6}>
      <Title order={4}>成员变动记录</Title>
      <Table withTableBorder verticalSpacing={4} fz="sm" aria-label="成员变动记录">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>姓名</Table.Th>
            <Table.Th>与户主关系</Table.Th>
            <Table.Th>迁入日期</Table.Th>
            <Table.Th>迁出日期</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {paged.items.map((h, i) => (
            <Table.Tr key={`${h.residentId}-${h.joinedOn}-${i}`}>
              <Table.Td>{h.name}</Table.Td>
              <Table.Td>{h.isHead ? '户主（本人）' : h.relation}</Table.Td>
              <Table.Td>{h.joinedOn}</Table.Td>
              <Table.Td>{h.leftOn ?? <Text span c="dimmed" size="sm">现为成员</Text>}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Pager {...paged} label="成员变动记录分页" />
    </Stack>
  );
}

function CreateHousehold({ resident, onCreated }: { resident: ResidentDetail; onCreated(): void }) {
  const [address, setAddress] = useState(resident.address ?? '');
  const [error, setError] = useState<string | null>(null);
  const [addressError, setAddressError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setAddressError(undefined);
    try {
      await call('households.create', { headResidentId: resident.id, address });
      notifications.show({ color: 'green', message: `已立户，${resident.name}为户主` });
      onCreated();
    } catch (err) {
      setAddressError(fieldErrors(err).address);
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="md" component="section" aria-label="户">
      <form onSubmit={submit} aria-label="立户">
        <Stack gap="sm">
          <Title order={3}>户</Title>
          <Text size="sm" c="dimmed">
            该居民目前不属于任何户。可以本人为户主立户；如需加入已有的户，请打开该户任一成员的页面，点击“添加成员”。
          </Text>
          <Group align="flex-end" wrap="nowrap">
            <TextInput label="户籍地址" style={{ flex: 1 }} maw={520} value={address} onChange={(e) => setAddress(e.currentTarget.value)} error={addressError} />
            <Button type="submit" loading={busy}>
              立户（本人为户主）
            </Button>
          </Group>
          <ErrorAlert error={error} />
        </Stack>
      </form>
    </Paper>
  );
}

function AddMemberModal({
  opened,
  household,
  onClose,
  onAdded,
}: {
  opened: boolean;
  household: HouseholdView;
  onClose(): void;
  onAdded(h: HouseholdView): void;
}) {
  const [chosen, setChosen] = useState<{ id: number; name: string; idNumber: string } | null>(null);
  const [relation, setRelation] = useState<MemberRelation | null>(null);
  const [tab, setTab] = useState<string | null>('search');
  const [error, setError] = useState<string | null>(null);
  const [relationError, setRelationError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (opened) {
      setChosen(null);
      setRelation(null);
      setError(null);
      setRelationError(undefined);
      setTab('search');
    }
  }, [opened]);

  const pick = (r: SearchItem | { id: number; name: string; idNumber: string }) => {
    setChosen({ id: r.id, name: r.name, idNumber: r.idNumber });
    setError(null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    if (!relation) {
      setRelationError('请选择与户主关系');
      return;
    }
    setBusy(true);
    setError(null);
    setRelationError(undefined);
    try {
      const h = await call('households.addMember', { householdId: household.id, residentId: chosen.id, relation });
      notifications.show({ color: 'green', message: `${chosen.name}已加入户号 ${household.id}` });
      onAdded(h);
      onClose();
    } catch (err) {
      setRelationError(fieldErrors(err).relation);
      setError(err instanceof ApiError && err.code === 'VALIDATION' && fieldErrors(err).relation ? null : errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={`添加户成员（户主：${household.head?.name ?? '—'}）`} size="xl">
      {!chosen ? (
        <Tabs value={tab} onChange={setTab} keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="search">查找已登记居民</Tabs.Tab>
            <Tabs.Tab value="register">登记新居民</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="search" pt="sm">
            <ResidentSearch onOpen={pick} pageSize={6} openLabel="选择" label="查找要加入的居民" />
          </Tabs.Panel>
          <Tabs.Panel value="register" pt="sm">
            <ResidentForm onSaved={pick} submitLabel="登记并选择（Enter）" label="登记要加入的居民" />
          </Tabs.Panel>
        </Tabs>
      ) : (
        <form onSubmit={submit} aria-label="添加户成员">
          <Stack gap="sm">
            <Group gap="sm">
              <Text>
                加入：<b>{chosen.name}</b>
              </Text>
              <Text ff="monospace" c="dimmed">
                {chosen.idNumber}
              </Text>
              <Button size="compact-xs" variant="subtle" onClick={() => setChosen(null)}>
                重新选择
              </Button>
            </Group>
            <Select
              label="与户主关系"
              data={RELATIONS.map((r) => ({ value: r, label: r }))}
              value={relation}
              onChange={(v) => setRelation(v as MemberRelation | null)}
              error={relationError}
              placeholder="请选择"
              searchable
              data-autofocus
              maw={240}
              comboboxProps={{ withinPortal: true }}
            />
            <Text size="xs" c="dimmed">
              如该居民目前在其他户，将从原户迁出（原户记录保留），迁入日期记为今天。
            </Text>
            <ErrorAlert error={error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                取消（Esc）
              </Button>
              <Button type="submit" loading={busy}>
                加入本户（Enter）
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function RemoveMemberModal({
  member,
  household,
  onClose,
  onRemoved,
}: {
  member: Member | null;
  household: HouseholdView;
  onClose(): void;
  onRemoved(h: HouseholdView): void;
}) {
  const [newHead, setNewHead] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [headError, setHeadError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setNewHead(null);
    setError(null);
    setHeadError(undefined);
  }, [member]);
  if (!member) return null;
  const others = household.members.filter((m) => m.residentId !== member.residentId);
  const needsHead = member.isHead && others.length > 0;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setHeadError(undefined);
    try {
      const h = await call('households.removeMember', {
        householdId: household.id,
        residentId: member.residentId,
        ...(needsHead && newHead ? { newHeadResidentId: Number(newHead) } : {}),
      });
      notifications.show({ color: 'green', message: `${member.name}已移出户号 ${household.id}` });
      onRemoved(h);
      onClose();
    } catch (err) {
      const f = fieldErrors(err);
      setHeadError(f.newHeadResidentId);
      setError(f.newHeadResidentId ? null : errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={`移出户成员：${member.name}`}>
      <form onSubmit={submit} aria-label="移出户成员">
        <Stack gap="sm">
          <Text size="sm">
            {member.name}（{member.isHead ? '户主' : member.relation}）将从户号 {household.id} 移出，迁出日期记为今天，变动记录保留。
            {member.isHead && others.length === 0 ? '该户已无其他成员，移出后该户注销。' : ''}
          </Text>
          {needsHead && (
            <Select
              label="新户主（须为本户现有成员）"
              data={others.map((m) => ({ value: String(m.residentId), label: `${m.name}（${m.relation}）` }))}
              value={newHead}
              onChange={setNewHead}
              error={headError}
              placeholder="请选择"
              data-autofocus
            />
          )}
          <ErrorAlert error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              取消（Esc）
            </Button>
            <Button type="submit" color="red" loading={busy}>
              确认移出
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
