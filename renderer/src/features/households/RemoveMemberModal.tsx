import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import { useApiMutation } from '../../api/query';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrors } from '../../ui/errors';
import { HOUSEHOLD_CHANGES, type HouseholdView, type Member } from './types';

/** 移出: the member leaves today; a head who leaves names the new head among the others. */
export function RemoveMemberModal({ member, household, onClose }: { member: Member | null; household: HouseholdView; onClose(): void }) {
  const [newHead, setNewHead] = useState<string | null>(null);
  const remove = useApiMutation('households.removeMember', { invalidates: HOUSEHOLD_CHANGES, awaitRefresh: false });
  useEffect(() => {
    setNewHead(null);
    remove.reset();
  }, [member]);
  if (!member) return null;
  const others = household.members.filter((m) => m.residentId !== member.residentId);
  const needsHead = member.isHead && others.length > 0;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    remove.mutate(
      {
        householdId: household.id,
        residentId: member.residentId,
        ...(needsHead && newHead ? { newHeadResidentId: Number(newHead) } : {}),
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: `${member.name}已移出户号 ${household.id}` });
          onClose();
        },
      },
    );
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
              error={fieldErrors(remove.error).newHeadResidentId}
              placeholder="请选择"
              data-autofocus
            />
          )}
          <ErrorAlert error={remove.error} placed={(path) => path === 'newHeadResidentId'} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              取消（Esc）
            </Button>
            <Button type="submit" color="red" loading={remove.isPending}>
              确认移出
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
