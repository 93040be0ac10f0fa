import { Button, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useAuth, useSignIn } from './AuthContext';

/**
 * Covers the screen without unmounting it: what the clerk had typed is still there after
 * the password is entered again.
 */
export function LockOverlay() {
  const { locked, lockReason, account, signOut } = useAuth();
  const [password, setPassword] = useState('');
  const unlock = useSignIn({ onError: () => setPassword('') });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!account) return;
    unlock.mutate({ username: account.username, password }, { onSuccess: () => setPassword('') });
  };
  return (
    <Modal
      opened={locked}
      onClose={() => {}}
      withCloseButton={false}
      closeOnEscape={false}
      closeOnClickOutside={false}
      centered
      title="屏幕已锁定"
      overlayProps={{ backgroundOpacity: 0.92, blur: 8 }}
    >
      <form onSubmit={submit} aria-label="解锁">
        <Stack>
          <Text size="sm">{lockReason ?? '长时间未操作，屏幕已锁定。'}请 {account?.displayName}（{account?.username}）输入密码继续，未保存的内容仍在。</Text>
          <PasswordInput label="密码" value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoFocus required data-autofocus />
          <ErrorAlert error={unlock.error} />
          <Button type="submit" loading={unlock.isPending}>
            解锁
          </Button>
          <Button variant="subtle" color="gray" onClick={signOut}>
            换人登录（未保存的内容将丢失）
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
