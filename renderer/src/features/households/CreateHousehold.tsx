import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useApiMutation } from '../../api/query';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrors } from '../../ui/errors';
import type { ResidentDetail } from '../residents/format';
import { HOUSEHOLD_CHANGES } from './types';

/** For a resident in no household: a household with this resident as its head. */
export function CreateHousehold({ resident }: { resident: ResidentDetail }) {
  const [address, setAddress] = useState(resident.address ?? '');
  const create = useApiMutation('households.create', {
    invalidates: HOUSEHOLD_CHANGES,
    onSuccess: () => notifications.show({ color: 'green', message: `已立户，${resident.name}为户主` }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ headResidentId: resident.id, address });
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
            <TextInput
              label="户籍地址"
              style={{ flex: 1 }}
              maw={520}
              value={address}
              onChange={(e) => setAddress(e.currentTarget.value)}
              error={fieldErrors(create.error).address}
            />
            <Button type="submit" loading={create.isPending}>
              立户（本人为户主）
            </Button>
          </Group>
          <ErrorAlert error={create.error} placed={(path) => path === 'address'} />
        </Stack>
      </form>
    </Paper>
  );
}
