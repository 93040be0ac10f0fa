import { Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { DemoBanner } from '../../app/DemoBanner';
import { useApiMutation, useApiQuery } from '../../api/query';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrors } from '../../ui/errors';
import { useAuth, useSignIn } from './AuthContext';

function CentreTitle({ subtitle }: { subtitle: string }) {
  return (
    <Stack gap={2} align="center">
      <Title order={2}>一窗受理</Title>
      <Text c="dimmed">{subtitle}</Text>
    </Stack>
  );
}

export function SignInPage() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const signIn = useSignIn({ onError: () => setPassword('') });
  const demo = useApiQuery('settings.get', {}).data?.demo ?? false;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate({ username, password });
  };

  return (
    <Center h="100vh" bg="gray.0">
      <Paper component="form" onSubmit={submit} shadow="sm" p="xl" w={380} withBorder aria-label="登录">
        <Stack>
          <CentreTitle subtitle="社区事务受理服务中心 · 登录" />
          {demo && <DemoBanner signIn />}
          <TextInput label="用户名" value={username} onChange={(e) => setUsername(e.currentTarget.value)} autoFocus required autoComplete="username" />
          <PasswordInput label="密码" value={password} onChange={(e) => setPassword(e.currentTarget.value)} required autoComplete="current-password" />
          <ErrorAlert error={signIn.error} />
          <Button type="submit" loading={signIn.isPending}>
            登录（Enter）
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}

export function SetupPage() {
  const { refreshStatus } = useAuth();
  const [form, setForm] = useState({ username: 'admin', displayName: '', staffIdNumber: '', password: '', confirm: '' });
  const [mismatch, setMismatch] = useState(false);
  const set = (key: keyof typeof form) => (e: { currentTarget: { value: string } }) => setForm({ ...form, [key]: e.currentTarget.value });
  const signIn = useSignIn();
  const setup = useApiMutation('accounts.setup', {
    onSuccess: (_, sent) => signIn.mutate({ username: sent.username, password: sent.password }),
    // Someone set the centre up meanwhile: the sign-in screen replaces this one.
    onError: (err) => err.code === 'CONFLICT' && refreshStatus(),
  });
  const errors: Record<string, string> = { ...fieldErrors(setup.error), ...(mismatch ? { confirm: '两次输入的密码不一致' } : {}) };
  const error = setup.error && setup.error.fields.length === 0 ? setup.error : signIn.error;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setup.reset();
    signIn.reset();
    setMismatch(form.password !== form.confirm);
    if (form.password !== form.confirm) return;
    setup.mutate({ username: form.username, displayName: form.displayName, staffIdNumber: form.staffIdNumber, password: form.password });
  };

  return (
    <Center h="100vh" bg="gray.0">
      <Paper component="form" onSubmit={submit} shadow="sm" p="xl" w={420} withBorder aria-label="首次设置">
        <Stack>
          <CentreTitle subtitle="首次启动：创建管理员账户" />
          <Text size="sm">本系统没有默认密码。请为中心管理员设置用户名和密码，之后用它创建窗口受理员和审核人员的账户。</Text>
          <TextInput label="用户名" value={form.username} onChange={set('username')} error={errors.username} required />
          <TextInput label="姓名" value={form.displayName} onChange={set('displayName')} error={errors.displayName} required autoFocus />
          <TextInput
            label="身份证号"
            description="管理员本人的身份证号：一人只能有一个账户"
            value={form.staffIdNumber}
            onChange={set('staffIdNumber')}
            error={errors.staffIdNumber}
            required
            autoComplete="off"
          />
          <PasswordInput label="密码（至少 8 位）" value={form.password} onChange={set('password')} error={errors.password} required />
          <PasswordInput label="再次输入密码" value={form.confirm} onChange={set('confirm')} error={errors.confirm} required />
          <ErrorAlert error={error} />
          <Button type="submit" loading={setup.isPending || signIn.isPending}>
            创建管理员并登录
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}

/** After signing in with an account made before staff ID numbers: record one's own first. */
export function StaffIdPage() {
  const { account, staffIdRecorded, signOut } = useAuth();
  const [value, setValue] = useState('');
  const record = useApiMutation('accounts.setStaffIdNumber', { onSuccess: staffIdRecorded });
  const error = record.error ? (record.error.fieldMessage('staffIdNumber') ?? record.error) : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    record.mutate({ staffIdNumber: value });
  };

  return (
    <Center h="100vh" bg="gray.0">
      <Paper component="form" onSubmit={submit} shadow="sm" p="xl" w={420} withBorder aria-label="登记身份证号">
        <Stack>
          <CentreTitle subtitle="登记本人身份证号" />
          <Text size="sm">
            {account?.displayName ?? ''}（{account?.username ?? ''}）：每个账户须登记使用人本人的身份证号，一人只能有一个账户。登记后方可继续使用。
          </Text>
          <TextInput label="身份证号" value={value} onChange={(e) => setValue(e.currentTarget.value)} required autoFocus autoComplete="off" />
          <ErrorAlert error={error} />
          <Button type="submit" loading={record.isPending}>
            登记并继续（Enter）
          </Button>
          <Button variant="subtle" onClick={signOut}>
            退出登录
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
