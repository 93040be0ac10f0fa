import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useApiMutation } from '../../api/query';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrors } from '../../ui/errors';

const EMPTY = { currentPassword: '', newPassword: '', repeat: '' };

/**
 * 修改密码, for everyone from the user menu: the core checks the current password and holds
 * the new one to the rules of the administrator's screen (8 to 128 characters, not the
 * current one). The repetition is checked here only: it guards against a typo, not a rule.
 */
export function ChangePasswordModal({ onClose }: { onClose(): void }) {
  const [values, setValues] = useState(EMPTY);
  const [mismatch, setMismatch] = useState(false);
  const change = useApiMutation('accounts.changePassword', {
    invalidates: 'none',
    onSuccess: () => {
      notifications.show({ color: 'green', message: '密码已修改，下次登录请使用新密码' });
      onClose();
    },
  });
  const errors = fieldErrors(change.error);
  const set = (key: keyof typeof EMPTY) => (e: React.ChangeEvent<HTMLInputElement>) => setValues({ ...values, [key]: e.currentTarget.value });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (values.newPassword !== values.repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    change.mutate({ currentPassword: values.currentPassword, newPassword: values.newPassword });
  };

  return (
    <Modal opened onClose={onClose} title="修改密码">
      <form onSubmit={submit} aria-label="修改密码" noValidate>
        <Stack gap="sm">
          <PasswordInput label="当前密码" withAsterisk data-autofocus value={values.currentPassword} onChange={set('currentPassword')} error={errors.currentPassword} autoComplete="current-password" />
          <PasswordInput label="新密码" description="至少 8 位，不能与当前密码相同" withAsterisk value={values.newPassword} onChange={set('newPassword')} error={errors.newPassword} autoComplete="new-password" />
          <PasswordInput
            label="再次输入新密码"
            withAsterisk
            value={values.repeat}
            onChange={set('repeat')}
            error={mismatch ? '两次输入的新密码不一致' : undefined}
            autoComplete="new-password"
          />
          <ErrorAlert error={change.error} placed={(p) => p === 'currentPassword' || p === 'newPassword'} />
          <Text size="xs" c="dimmed">
            修改后，本次登录继续有效。
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              取消
            </Button>
            <Button type="submit" loading={change.isPending}>
              修改密码
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
