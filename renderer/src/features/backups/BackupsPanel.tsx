import { Alert, Badge, Button, Group, List, Modal, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useApiMutation, useApiQuery } from '../../api/query';
import type { HandlerOutput } from '../../../../db/src/contract';
import { useAuth } from '../auth/AuthContext';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrors } from '../../ui/errors';
import { formatDateTime } from '../residents/format';

type Backup = HandlerOutput<'backups.list'>[number];

const KIND_LABELS: Record<Backup['kind'], string> = {
  daily: '每日自动',
  manual: '手动',
  'pre-migration': '升级前',
  'pre-restore': '恢复前',
  broken: '损坏的原文件',
};

/** 12.3 MB, 640 KB: the size as the administrator compares them. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/**
 * 管理 → 备份: every copy in the backups folder with its kind, size and last check;
 * 立即备份 with a note, 校验 of one copy (quick_check, remembered beside it), and 恢复
 * after a confirmation that says what is replaced and that everyone is signed out.
 */
export function BackupsPanel() {
  const list = useApiQuery('backups.list', {});
  const [restoring, setRestoring] = useState<Backup | null>(null);
  const verify = useApiMutation('backups.verify', {
    // the answer is shown in the list, which reads the check back from beside the copy
    invalidates: ['backups'],
    onSuccess: (r) => notifications.show({ color: r.ok ? 'green' : 'red', message: r.ok ? `${r.file} 检查通过` : `${r.file} 未通过检查` }),
  });

  return (
    <Stack>
      <CreateBackup />
      <Paper withBorder p="md" component="section" aria-label="备份列表">
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={3}>备份</Title>
            <Button variant="subtle" size="xs" onClick={() => void list.refetch()}>
              刷新
            </Button>
          </Group>
          <Text size="sm" c="dimmed">
            备份在数据库文件旁的 backups 文件夹中。每日自动备份保留 30 天，升级前备份保留最近 10 个；手动和恢复前备份不会被自动删除。
          </Text>
          <ErrorAlert error={list.error} />
          <ErrorAlert error={verify.error} title="检查失败" />
          {list.data && list.data.length === 0 && <Text c="dimmed">尚无备份。</Text>}
          {list.data && list.data.length > 0 && (
            <Table withTableBorder highlightOnHover verticalSpacing={6} aria-label="备份">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>时间</Table.Th>
                  <Table.Th>种类</Table.Th>
                  <Table.Th>大小</Table.Th>
                  <Table.Th>数据库版本</Table.Th>
                  <Table.Th>备注</Table.Th>
                  <Table.Th>检查结果</Table.Th>
                  <Table.Th w={150} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.map((b) => (
                  <Table.Tr key={b.file} data-file={b.file}>
                    <Table.Td>
                      {formatDateTime(b.createdAt)}
                      <Text size="xs" c="dimmed">
                        {b.file}
                      </Text>
                    </Table.Td>
                    <Table.Td>{KIND_LABELS[b.kind]}</Table.Td>
                    <Table.Td>{formatSize(b.size)}</Table.Td>
                    <Table.Td>{b.schemaVersion ?? '—'}</Table.Td>
                    <Table.Td>{b.note ?? ''}</Table.Td>
                    <Table.Td>
                      <CheckResult backup={b} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="compact-xs"
                          variant="light"
                          aria-label={`校验 ${b.file}`}
                          loading={verify.isPending && verify.variables?.file === b.file}
                          onClick={() => verify.mutate({ file: b.file })}
                        >
                          校验
                        </Button>
                        <Button size="compact-xs" color="red" variant="light" aria-label={`恢复 ${b.file}`} onClick={() => setRestoring(b)}>
                          恢复
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      </Paper>
      {restoring && <RestoreModal backup={restoring} onClose={() => setRestoring(null)} />}
    </Stack>
  );
}

function CheckResult({ backup }: { backup: Backup }) {
  const check = backup.lastCheck;
  if (!check)
    return (
      <Text size="sm" c="dimmed">
        未检查
      </Text>
    );
  return (
    <Stack gap={0}>
      <Badge color={check.ok ? 'green' : 'red'} variant="light">
        {check.ok ? '通过' : '未通过'}
      </Badge>
      <Text size="xs" c="dimmed">
        {formatDateTime(check.at)}
      </Text>
      {!check.ok && (
        <Text size="xs" c="red">
          {check.problems.slice(0, 2).join('；')}
        </Text>
      )}
    </Stack>
  );
}

function CreateBackup() {
  const [note, setNote] = useState('');
  const create = useApiMutation('backups.create', {
    onSuccess: (b) => {
      notifications.show({ color: 'green', message: `已备份：${b.file}（${formatSize(b.size)}）` });
      setNote('');
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(note.trim() ? { note: note.trim() } : {});
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} aria-label="立即备份">
      <Stack gap="xs">
        <Title order={3}>立即备份</Title>
        <Group align="flex-start">
          <TextInput
            style={{ flex: 1 }}
            label="备注"
            placeholder="如：月末结算前"
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={fieldErrors(create.error).note}
          />
          <Button type="submit" mt={25} loading={create.isPending}>
            立即备份
          </Button>
        </Group>
        <ErrorAlert error={create.error} placed={(p) => p === 'note'} title="备份失败" />
      </Stack>
    </Paper>
  );
}

/**
 * The confirmation names what is replaced (the database in use, with its version and
 * path), what it is replaced with, the copy kept first, and that everyone is signed out;
 * the file name is typed again, as a restore throws away everything recorded since.
 */
function RestoreModal({ backup, onClose }: { backup: Backup; onClose(): void }) {
  const { signOut } = useAuth();
  const info = useApiQuery('system.info', {});
  const [typed, setTyped] = useState('');
  const restore = useApiMutation('backups.restore', {
    invalidates: 'none',
    onSuccess: (r) => {
      notifications.show({
        color: 'green',
        autoClose: false,
        message: `已从 ${r.restoredFrom} 恢复${r.migrated ? `（已升级到数据库版本 ${r.schemaVersion}）` : ''}；恢复前的数据库另存为 ${r.preRestoreBackup}。所有人已退出登录，请重新登录。`,
      });
      // The session ended with the restore: back to the sign-in screen.
      signOut();
    },
  });
  const matches = typed.trim() === backup.file;

  return (
    <Modal opened onClose={restore.isPending ? () => {} : onClose} title="从备份恢复" size="lg">
      <Stack gap="sm" aria-label="恢复确认">
        <Alert color="red" title="恢复将替换正在使用的数据库">
          <List size="sm" spacing={4}>
            <List.Item>
              被替换：正在使用的数据库{info.data ? `（数据库版本 ${info.data.schemaVersion}，${info.data.databasePath}）` : ''}，其中备份之后录入的全部受理、居民、待遇和设置都不再在用。
            </List.Item>
            <List.Item>
              换成：{KIND_LABELS[backup.kind]}备份 {backup.file}（{formatDateTime(backup.createdAt)}，{formatSize(backup.size)}
              {backup.note ? `，备注“${backup.note}”` : ''}）。
            </List.Item>
            <List.Item>恢复前，当前数据库先另存为一个“恢复前”备份，不会丢失，可再恢复回来。</List.Item>
            <List.Item>恢复后所有人（包括您）都将退出登录，须重新登录。</List.Item>
          </List>
        </Alert>
        <TextInput
          label="请输入备份文件名以确认"
          description={backup.file}
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
          data-autofocus
        />
        <ErrorAlert error={restore.error} title="未恢复" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={restore.isPending}>
            取消
          </Button>
          <Button color="red" disabled={!matches} loading={restore.isPending} onClick={() => restore.mutate({ file: backup.file })}>
            恢复并让所有人退出登录
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
