import { Alert, Button, Center, Checkbox, Code, Paper, PasswordInput, Radio, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useApiMutation, useApiQuery } from '../../api/query';
import type { HandlerOutput } from '../../../../db/src/contract';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrors } from '../../ui/errors';

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
  const read = useApiQuery('recovery.status', {});
  const status: RecoveryStatus | null = read.data ?? null;
  const [file, setFile] = useState<string>('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  // The restored database is another one: the page starts again from nothing.
  const restore = useApiMutation('recovery.restore', { invalidates: 'none', onSuccess: () => window.location.reload(), onError: () => setPassword('') });
  const errors = fieldErrors(restore.error);

  const restorable = status?.backups.filter((b) => b.kind !== 'broken') ?? [];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    restore.mutate({ file, username, password });
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
                <ErrorAlert error={restore.error} />
                <Button type="submit" loading={restore.isPending} disabled={!file || !confirmed}>
                  恢复所选备份
                </Button>
              </Stack>
            </form>
          )}
          {!status && <ErrorAlert error={read.error} />}
        </Stack>
      </Paper>
    </Center>
  );
}
