import { Badge, Button, Checkbox, Divider, Group, Modal, PasswordInput, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import { call } from '../../api/client';
import type { HandlerInput, HandlerOutput } from '../../../../db/src/contract';
import { useAuth } from '../auth/AuthContext';
import { actionErrorText, ErrorAlert } from '../../ui/ErrorAlert';
import { errorText, fieldErrors } from '../../ui/errors';
import { ROLE_LABELS } from '../../ui/labels';
import { Pager, usePaged } from '../../ui/Paged';

type Account = HandlerOutput<'accounts.list'>[number];
type Patch = Omit<HandlerInput<'accounts.update'>, 'id'>;
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
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const [windows, setWindows] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Account | null>(null);
  const paged = usePaged(accounts ?? [], 12);

  const load = async () => {
    try {
      setAccounts(await call('accounts.list', { includeInactive: true }));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  };
  useEffect(() => {
    void load();
    call('settings.get', {}).then((s) => setWindows(s.windows), () => setWindows([]));
  }, []);
  useHotkeys([['alt+N', () => setCreating(true)]], []);

  const saved = (a: Account) => {
    setAccounts((list) => (list ?? []).some((x) => x.id === a.id) ? (list ?? []).map((x) => (x.id === a.id ? a : x)) : [...(list ?? []), a].sort((x, y) => x.username.localeCompare(y.username)));
    setEditing((e) => (e && e.id === a.id ? a : e));
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Text c="dimmed" size="sm">
          每人一个账户；角色决定能用哪些功能。停用的账户不能登录，记录仍保留。
        </Text>
        <Button onClick={() => setCreating(true)}>新建账户（Alt+N）</Button>
      </Group>
      <ErrorAlert error={error} />
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
                  <Button size="compact-xs" variant="light" onClick={() => setEditing(a)} aria-label={`编辑账户 ${a.username}`}>
                    编辑
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Pager {...paged} label="账户分页" />
      <CreateAccountModal opened={creating} windows={windows} onClose={() => setCreating(false)} onCreated={saved} />
      {editing && <EditAccountModal account={editing} windows={windows} onClose={() => setEditing(null)} onSaved={saved} />}
    </Stack>
  );
}

function CreateAccountModal({ opened, windows, onClose, onCreated }: { opened: boolean; windows: string[]; onClose(): void; onCreated(a: Account): void }) {
  const empty = { username: '', displayName: '', staffIdNumber: '', password: '', roles: ['clerk'] as Role[], windowNo: null as string | null };
  const [values, setValues] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (opened) {
      setValues(empty);
      setErrors({});
      setError(null);
    }
    // Only `opened`: a fresh form each time it opens
  }, [opened]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      const a = await call('accounts.create', values);
      notifications.show({ color: 'green', message: `已新建账户 ${a.username}（${a.displayName}）` });
      onCreated(a);
      onClose();
    } catch (err) {
      setErrors(fieldErrors(err));
      setError(actionErrorText(err, (p) => p in empty));
    } finally {
      setBusy(false);
    }
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
          <ErrorAlert error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              取消（Esc）
            </Button>
            <Button type="submit" loading={busy}>
              新建（Enter）
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function EditAccountModal({ account, windows, onClose, onSaved }: { account: Account; windows: string[]; onClose(): void; onSaved(a: Account): void }) {
  const { account: me } = useAuth();
  const [values, setValues] = useState({ displayName: account.displayName, roles: account.roles, windowNo: account.windowNo });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const [passwordError, setPasswordError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const run = async (what: string, input: Patch, done: string) => {
    setBusy(what);
    try {
      const a = await call('accounts.update', { id: account.id, ...input });
      notifications.show({ color: 'green', message: done });
      onSaved(a);
      return true;
    } finally {
      setBusy(null);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setError(null);
    try {
      await run('save', values, `已保存账户 ${account.username}`);
    } catch (err) {
      setErrors(fieldErrors(err));
      setError(actionErrorText(err, (p) => p in values));
    }
  };
  const action = async (what: string, input: Patch, done: string) => {
    setActionError(null);
    try {
      await run(what, input, done);
    } catch (err) {
      setActionError(errorText(err));
    }
  };
  const reset = async () => {
    setPasswordError(null);
    try {
      await run('password', { resetPassword: password }, `已重设 ${account.username} 的密码，其登录会话已结束`);
      setPassword('');
    } catch (err) {
      setPasswordError(fieldErrors(err).resetPassword ?? errorText(err));
    }
  };

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
            <ErrorAlert error={error} />
            <Group justify="flex-end">
              <Button type="submit" loading={busy === 'save'}>
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
              <Button size="xs" variant="light" loading={busy === 'unlock'} onClick={() => void action('unlock', { unlock: true }, `已解锁 ${account.username}`)}>
                解锁
              </Button>
            )}
            {account.active ? (
              <Button size="xs" color="red" variant="light" disabled={me?.id === account.id} loading={busy === 'active'} onClick={() => void action('active', { active: false }, `已停用 ${account.username}`)}>
                停用账户
              </Button>
            ) : (
              <Button size="xs" color="green" variant="light" loading={busy === 'active'} onClick={() => void action('active', { active: true }, `已启用 ${account.username}`)}>
                启用账户
              </Button>
            )}
          </Group>
        </Group>
        <ErrorAlert error={actionError} />
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
                void reset();
              }
            }}
            error={passwordError}
            autoComplete="new-password"
          />
          <Button variant="light" loading={busy === 'password'} onClick={() => void reset()}>
            重设密码
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
