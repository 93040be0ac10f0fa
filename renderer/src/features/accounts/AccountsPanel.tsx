import { Badge, Button, Checkbox, Divider, Group, Modal, PasswordInput, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useApiMutation, useApiQuery } from '../../api/query';
import type { HandlerOutput } from '../../../../db/src/contract';
import { useAuth } from '../auth/AuthContext';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { errorText, fieldErrors } from '../../ui/errors';
import { useFreshForm } from '../../ui/useFreshForm';
import { ROLE_LABELS } from '../../ui/labels';
import { Pager, usePaged } from '../../ui/Paged';

type Account = HandlerOutput<'accounts.list'>[number];
type Role = Account['roles'][number];
const ROLES: Role[] = ['clerk', 'reviewer', 'admin'];

const isLocked = (a: Account) => !!a.lockedUntil && a.lockedUntil > new Date().toISOString();

function RolesInput({ value, onChange, error }: { value: Role[]; onChange(v: Role[]): void; error?: string | undefined }) {
  return (
    <Checkbox.Group label="角色" value={value} onChange={(v) => onChange(v as Role[])} error={error} withAsterisk>
      <Group gap="lg" mt={6}>
        {ROLES.map((r) => (
          <Checkbox key={r} value={r} label={ROLE_LABELS[r]} />
        ))}
      </Group>
    </Checkbox.Group>
  );
}

function WindowInput({ windows, value, onChange, error }: { windows: string[]; value: string | null; onChange(v: string | null): void; error?: string | undefined }) {
  const data = [...new Set([...windows, ...(value ? [value] : [])])];
  return (
    <Select
      label="窗口"
      placeholder="不固定窗口"
      data={data}
      value={value}
      onChange={onChange}
      clearable
      error={error}
      description={windows.length === 0 ? '可在“中心设置”中设置窗口列表' : undefined}
    />
  );
}

/** 账户: list, create, edit roles/name/window, deactivate/activate, unlock, reset password. */
export function AccountsPanel() {
  // Every write here invalidates the list: it and the account being edited show what the core has.
  const list = useApiQuery('accounts.list', { includeInactive: true });
  const accounts = list.data ?? null;
  const windows = useApiQuery('settings.get', {}).data?.windows ?? [];
  const [creating, setCreating] = useState(false);
  const [editingId, setEditingId] = useState<number | null>(null);
  const editing = accounts?.find((a) => a.id === editingId) ?? null;
  const paged = usePaged(accounts ?? [], 12);
  useHotkeys([['alt+N', () => setCreating(true)]], []);

  return (
    <Stack>
      <Group justify="space-between">
        <Text c="dimmed" size="sm">
          每人一个账户；角色决定能用哪些功能。停用的账户不能登录，记录仍保留。
        </Text>
        <Button onClick={() => setCreating(true)}>新建账户（Alt+N）</Button>
      </Group>
      <ErrorAlert error={list.error} />
      {accounts && (
        <Table withTableBorder highlightOnHover verticalSpacing={6} aria-label="账户">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>用户名</Table.Th>
              <Table.Th>姓名</Table.Th>
              <Table.Th>身份证号</Table.Th>
              <Table.Th>角色</Table.Th>
              <Table.Th>窗口</Table.Th>
              <Table.Th>状态</Table.Th>
              <Table.Th w={90} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {paged.items.map((a) => (
              <Table.Tr key={a.id} c={a.active ? undefined : 'dimmed'}>
                <Table.Td ff="monospace">{a.username}</Table.Td>
                <Table.Td>{a.displayName}</Table.Td>
                <Table.Td ff="monospace">{a.staffIdNumber ?? '待本人登录时登记'}</Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {a.roles.map((r) => (
                      <Badge key={r} size="sm" variant="light">
                        {ROLE_LABELS[r]}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>{a.windowNo ?? '—'}</Table.Td>
                <Table.Td>
                  {!a.active ? (
                    <Badge color="gray">已停用</Badge>
                  ) : isLocked(a) ? (
                    <Badge color="orange">已锁定</Badge>
                  ) : (
                    <Badge color="green" variant="light">
                      正常
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Button size="compact-xs" variant="light" onClick={() => setEditingId(a.id)} aria-label={`编辑账户 ${a.username}`}>
                    编辑
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Pager {...paged} label="账户分页" />
      <CreateAccountModal opened={creating} windows={windows} onClose={() => setCreating(false)} />
      {editing && <EditAccountModal account={editing} windows={windows} onClose={() => setEditingId(null)} />}
    </Stack>
  );
}

function CreateAccountModal({ opened, windows, onClose }: { opened: boolean; windows: string[]; onClose(): void }) {
  const empty = { username: '', displayName: '', staffIdNumber: '', password: '', roles: ['clerk'] as Role[], windowNo: null as string | null };
  const create = useApiMutation('accounts.create', {
    onSuccess: (a) => {
      notifications.show({ color: 'green', message: `已新建账户 ${a.username}（${a.displayName}）` });
      onClose();
    },
  });
  const [values, setValues] = useFreshForm(opened, empty, create.reset);
  const errors = fieldErrors(create.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(values);
  };

  return (
    <Modal opened={opened} onClose={onClose} title="新建账户">
      <form onSubmit={submit} aria-label="新建账户" noValidate>
        <Stack gap="sm">
          <TextInput label="用户名" description="登录用，2–32 位字母、数字、下划线、点或连字符" withAsterisk data-autofocus value={values.username} onChange={(e) => setValues({ ...values, username: e.currentTarget.value })} error={errors.username} autoComplete="off" />
          <TextInput label="姓名" withAsterisk value={values.displayName} onChange={(e) => setValues({ ...values, displayName: e.currentTarget.value })} error={errors.displayName} autoComplete="off" />
          <TextInput label="身份证号" description="使用人本人的身份证号：一人只能有一个在用账户" withAsterisk value={values.staffIdNumber} onChange={(e) => setValues({ ...values, staffIdNumber: e.currentTarget.value })} error={errors.staffIdNumber} autoComplete="off" />
          <PasswordInput label="初始密码" description="至少 8 位；请告知本人登录后修改" withAsterisk value={values.password} onChange={(e) => setValues({ ...values, password: e.currentTarget.value })} error={errors.password} autoComplete="new-password" />
          <RolesInput value={values.roles} onChange={(roles) => setValues({ ...values, roles })} error={errors.roles} />
          <WindowInput windows={windows} value={values.windowNo} onChange={(windowNo) => setValues({ ...values, windowNo })} error={errors.windowNo} />
          <ErrorAlert error={create.error} placed={(p) => p in empty} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              取消（Esc）
            </Button>
            <Button type="submit" loading={create.isPending}>
              新建（Enter）
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function EditAccountModal({ account, windows, onClose }: { account: Account; windows: string[]; onClose(): void }) {
  const { account: me } = useAuth();
  const [values, setValues] = useState({ displayName: account.displayName, roles: account.roles, windowNo: account.windowNo });
  const [password, setPassword] = useState('');
  const notify = (message: string) => notifications.show({ color: 'green', message });
  // Three parts of the dialog, each with its own button and its own error beside it.
  const save = useApiMutation('accounts.update', { onSuccess: () => notify(`已保存账户 ${account.username}`) });
  const change = useApiMutation('accounts.update');
  const resetting = useApiMutation('accounts.update', {
    onSuccess: () => {
      notify(`已重设 ${account.username} 的密码，其登录会话已结束`);
      setPassword('');
    },
  });
  const errors = fieldErrors(save.error);
  const passwordError = resetting.error ? (fieldErrors(resetting.error).resetPassword ?? errorText(resetting.error)) : null;
  const changing = (what: 'unlock' | 'active') => change.isPending && (what === 'unlock') === !!change.variables?.unlock;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ id: account.id, ...values });
  };
  const setActive = (active: boolean) => change.mutate({ id: account.id, active }, { onSuccess: () => notify(`${active ? '已启用' : '已停用'} ${account.username}`) });
  const unlock = () => change.mutate({ id: account.id, unlock: true }, { onSuccess: () => notify(`已解锁 ${account.username}`) });
  const reset = () => resetting.mutate({ id: account.id, resetPassword: password });

  return (
    <Modal opened onClose={onClose} title={`编辑账户：${account.username}`} size="lg">
      <Stack gap="sm">
        <form onSubmit={submit} aria-label="编辑账户" noValidate>
          <Stack gap="sm">
            <TextInput label="姓名" withAsterisk data-autofocus value={values.displayName} onChange={(e) => setValues({ ...values, displayName: e.currentTarget.value })} error={errors.displayName} />
            {me?.id === account.id ? (
              <Text size="sm" c="dimmed" data-testid="own-roles">
                角色：{account.roles.map((r) => ROLE_LABELS[r]).join('、')}（不能修改自己的角色，请由另一位管理员办理）
              </Text>
            ) : (
              <RolesInput value={values.roles} onChange={(roles) => setValues({ ...values, roles })} error={errors.roles} />
            )}
            <WindowInput windows={windows} value={values.windowNo} onChange={(windowNo) => setValues({ ...values, windowNo })} error={errors.windowNo} />
            <ErrorAlert error={save.error} placed={(p) => p in values} />
            <Group justify="flex-end">
              <Button type="submit" loading={save.isPending}>
                保存（Enter）
              </Button>
            </Group>
          </Stack>
        </form>
        <Divider label="状态" labelPosition="left" />
        <Group justify="space-between">
          <Text size="sm">
            {account.active ? '账户正常使用中。' : '账户已停用，不能登录。'}
            {isLocked(account) ? ` 因多次输错密码锁定至 ${new Date(account.lockedUntil!).toLocaleTimeString('zh-CN', { hour12: false })}。` : ''}
          </Text>
          <Group gap="xs">
            {isLocked(account) && (
              <Button size="xs" variant="light" loading={changing('unlock')} onClick={unlock}>
                解锁
              </Button>
            )}
            {account.active ? (
              <Button size="xs" color="red" variant="light" disabled={me?.id === account.id} loading={changing('active')} onClick={() => setActive(false)}>
                停用账户
              </Button>
            ) : (
              <Button size="xs" color="green" variant="light" loading={changing('active')} onClick={() => setActive(true)}>
                启用账户
              </Button>
            )}
          </Group>
        </Group>
        <ErrorAlert error={change.error} />
        <Divider label="重设密码" labelPosition="left" />
        <Group align="flex-start" wrap="nowrap">
          <PasswordInput
            style={{ flex: 1 }}
            aria-label="新密码"
            placeholder="新密码（至少 8 位）"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                reset();
              }
            }}
            error={passwordError}
            autoComplete="new-password"
          />
          <Button variant="light" loading={resetting.isPending} onClick={reset}>
            重设密码
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
