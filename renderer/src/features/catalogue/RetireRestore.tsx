import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useApiMutation } from '../../api/query';
import { errorText, fieldErrors } from '../../ui/errors';
import type { CatalogueItem } from './catalogueLabels';

/** 停用 (with a reason) or 恢复 an item: a retired item accepts no new applications. */
export function RetireRestore({ item }: { item: CatalogueItem }) {
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  const retirement = useApiMutation('catalogue.retire', {
    onSuccess: () => {
      notifications.show({ color: 'green', message: `已停用事项“${item.name}”` });
      setOpened(false);
    },
  });
  const restoration = useApiMutation('catalogue.restore', {
    onSuccess: () => notifications.show({ color: 'green', message: `已恢复事项“${item.name}”` }),
  });
  const failed = retirement.error ?? restoration.error;
  const error = failed ? (fieldErrors(failed).reason ?? errorText(failed)) : null;
  const busy = retirement.isPending || restoration.isPending;

  const retire = (e: FormEvent) => {
    e.preventDefault();
    restoration.reset();
    retirement.mutate({ code: item.code, ...(reason.trim() ? { reason } : {}) });
  };
  const restore = () => {
    retirement.reset();
    restoration.mutate({ code: item.code });
  };

  if (item.retired) {
    return (
      <Group gap="xs" wrap="nowrap">
        {error && (
          <Text c="red" size="sm" role="alert">
            {error}
          </Text>
        )}
        <Button variant="light" color="green" loading={busy} onClick={() => void restore()}>
          恢复事项
        </Button>
      </Group>
    );
  }
  return (
    <>
      <Button variant="light" color="red" onClick={() => setOpened(true)}>
        停用事项
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={`停用事项：${item.name}`}>
        <form onSubmit={retire} aria-label="停用事项" noValidate>
          <Stack gap="sm">
            <Text size="sm">停用后不能再受理新申请；已有办件和历史版本仍可查看，之后可以恢复。</Text>
            <Textarea label="停用原因" data-autofocus value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={error} autosize minRows={2} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpened(false)}>
                取消（Esc）
              </Button>
              <Button type="submit" color="red" loading={busy}>
                确认停用
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
