import { Alert, Button, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { useAuth } from './AuthContext';

/**
 * Covers the screen without unmounting it: what the clerk had typed is still there after
 * the password is entered again.
 */
export function LockOverlay() {
  const { locked, lockReason, account, unlock, signOut } = useAuth();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await unlock(password);
      setPassword('');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
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
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Button type="submit" loading={busy}>
            解锁
          </Button>
          <Button variant="subtle" color="gray" onClick={() => void signOut()}>
            换人登录（未保存的内容将丢失）
          </Button>
        </Stack>
      </form>
    </Modal>
  );
}
