import { Alert, Button, Center, Checkbox, Code, Paper, PasswordInput, Radio, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { call } from '../../api/client';
import type { HandlerOutput } from '../../../../db/src/contract';
import { errorText, fieldErrors } from '../../ui/errors';

type RecoveryStatus = HandlerOutput<'recovery.status'>;

const KIND_TITLES: Record<RecoveryStatus['kind'], string> = {
  corrupt: '数据库文件损坏',
  too_new: '数据库来自更新版本的程序',
  unreadable: '无法读取数据库文件',
};
const BACKUP_KINDS: Record<string, string> = {
  daily: '每日',
  manual: '手动',
  'pre-migration': '升级前',
  'pre-restore': '恢复前',
  broken: '损坏文件副本',
};

/**
 * Shown when the host could not open the database. It explains, lists the backups and
 * offers a restore with an administrator's credentials from that backup. Nothing here
 * deletes anything: the current file is kept as a copy before any restore.
 */
export function RecoveryPage() {
  const [status, setStatus] = useState<RecoveryStatus | null>(null);
  const [file, setFile] = useState<string>('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('recovery.status', {}).then(setStatus, (e) => setError(errorText(e)));
  }, []);

  const restorable = status?.backups.filter((b) => b.kind !== 'broken') ?? [];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      await call('recovery.restore', { file, username, password });
      window.location.reload();
    } catch (err) {
      setErrors(fieldErrors(err));
      setError(errorText(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper shadow="sm" p="xl" w={760} withBorder>
        <Stack>
          <Title order={2}>一窗受理无法打开数据库</Title>
          {status && (
            <Alert color="red" title={KIND_TITLES[status.kind]} role="alert">
              <Text size="sm">{status.message}</Text>
              <Text size="sm" mt="xs">
                数据库文件：<Code>{status.dbPath}</Code>
              </Text>
            </Alert>
          )}
          {status?.kind === 'too_new' && <Text size="sm">请安装新版程序后再打开。只有确认要回到旧数据时，才从下面的备份恢复。</Text>}
          {status && restorable.length === 0 && <Text>没有可用的备份。请联系技术支持，并保留上面的数据库文件。</Text>}
          {status && restorable.length > 0 && (
            <form onSubmit={submit} aria-label="从备份恢复">
              <Stack>
                <Title order={4}>从备份恢复</Title>
                <Radio.Group value={file} onChange={setFile} error={errors.file} label="选择备份">
                  <Table striped withTableBorder mt="xs">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th />
                        <Table.Th>时间</Table.Th>
                        <Table.Th>类型</Table.Th>
                        <Table.Th>大小</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {restorable.map((b) => (
                        <Table.Tr key={b.file}>
                          <Table.Td>
                            <Radio value={b.file} aria-label={b.file} />
                          </Table.Td>
                          <Table.Td>{new Date(b.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}</Table.Td>
                          <Table.Td>{BACKUP_KINDS[b.kind] ?? b.kind}</Table.Td>
                          <Table.Td>{(b.size / 1024 / 1024).toFixed(1)} MB</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Radio.Group>
                <Text size="sm">请输入该备份中某位启用的管理员的用户名和密码。当前的数据库文件会先另存一份副本。</Text>
                <TextInput label="管理员用户名" value={username} onChange={(e) => setUsername(e.currentTarget.value)} error={errors.username} required />
                <PasswordInput label="密码" value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={errors.password} required />
                <Checkbox
                  checked={confirmed}
                  onChange={(e) => setConfirmed(e.currentTarget.checked)}
                  label="我知道恢复后，备份时间之后录入的记录将不在恢复后的数据库中（它们仍保存在损坏文件的副本里）"
                />
                {error && (
                  <Alert color="red" role="alert">
                    {error}
                  </Alert>
                )}
                <Button type="submit" loading={busy} disabled={!file || !confirmed}>
                  恢复所选备份
                </Button>
              </Stack>
            </form>
          )}
          {!status && error && <Alert color="red">{error}</Alert>}
        </Stack>
      </Paper>
    </Center>
  );
}
