import { Button, Group, Modal, Select, Stack, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import { useApiMutation } from '../../api/query';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrors } from '../../ui/errors';
import { ResidentForm } from '../residents/ResidentForm';
import { ResidentSearch } from '../residents/ResidentSearch';
import { HOUSEHOLD_CHANGES, RELATIONS, type HouseholdView, type MemberRelation } from './types';

interface Chosen {
  id: number;
  name: string;
  idNumber: string;
}

/** 添加成员: find a registered resident (or register one), then the relation to the head. */
export function AddMemberModal({ opened, household, onClose }: { opened: boolean; household: HouseholdView; onClose(): void }) {
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [relation, setRelation] = useState<MemberRelation | null>(null);
  const [relationMissing, setRelationMissing] = useState(false);
  const [tab, setTab] = useState<string | null>('search');
  const add = useApiMutation('households.addMember', { invalidates: HOUSEHOLD_CHANGES, awaitRefresh: false });

  useEffect(() => {
    if (!opened) return;
    setChosen(null);
    setRelation(null);
    setRelationMissing(false);
    setTab('search');
    add.reset();
  }, [opened]);

  const pick = (r: Chosen) => {
    setChosen({ id: r.id, name: r.name, idNumber: r.idNumber });
    add.reset();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    if (!relation) {
      setRelationMissing(true);
      return;
    }
    add.mutate(
      { householdId: household.id, residentId: chosen.id, relation },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: `${chosen.name}已加入户号 ${household.id}` });
          onClose();
        },
      },
    );
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
              onChange={(v) => {
                setRelation(v as MemberRelation | null);
                setRelationMissing(false);
              }}
              error={relationMissing ? '请选择与户主关系' : fieldErrors(add.error).relation}
              placeholder="请选择"
              searchable
              data-autofocus
              maw={240}
              comboboxProps={{ withinPortal: true }}
            />
            <Text size="xs" c="dimmed">
              如该居民目前在其他户，将从原户迁出（原户记录保留），迁入日期记为今天。
            </Text>
            <ErrorAlert error={add.error} placed={(path) => path === 'relation'} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                取消（Esc）
              </Button>
              <Button type="submit" loading={add.isPending}>
                加入本户（Enter）
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
