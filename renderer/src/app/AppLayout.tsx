import { AppShell, Badge, Button, Center, Group, Loader, Menu, NavLink, Text, Title, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { NavLink as RouterLink, Outlet, useLocation } from 'react-router';
import { useLiveUpdates } from '../api/live';
import { useApiQuery } from '../api/query';
import { useAuth } from '../features/auth/AuthContext';
import { LockOverlay } from '../features/auth/LockOverlay';
import { ChangePasswordModal } from '../features/accounts/ChangePasswordModal';
import { SetupPage, SignInPage, StaffIdPage } from '../features/auth/SignInPage';
import { RecoveryPage } from '../features/recovery/RecoveryPage';
import { useIdleLock } from '../features/auth/useIdleLock';
import { ROLE_LABELS } from '../ui/labels';
import { ConnectionBanner, StaleMark, useLink } from './ConnectionBanner';
import { DemoBanner } from './DemoBanner';

const SECTIONS = [
  { to: '/intake', label: '受理', roles: ['clerk'] },
  { to: '/overview', label: '概览', roles: ['reviewer', 'admin'] },
  { to: '/cases', label: '办件', roles: ['clerk', 'reviewer', 'admin'] },
  { to: '/residents', label: '居民', roles: ['clerk', 'reviewer', 'admin'] },
  { to: '/beneficiaries', label: '待遇', roles: ['clerk', 'reviewer', 'admin'] },
  { to: '/reviews', label: '复核', roles: ['reviewer', 'admin'] },
  { to: '/payments', label: '回盘', roles: ['reviewer', 'admin'] },
  { to: '/decisions', label: '区级决定', roles: ['reviewer', 'admin'] },
  { to: '/exports', label: '导出', roles: ['admin'] },
  { to: '/admin', label: '管理', roles: ['admin'] },
  { to: '/about', label: '关于', roles: ['clerk', 'reviewer', 'admin'] },
] as const;

/** Decides between first start, sign-in and the application. */
export function AuthGate() {
  const { status } = useAuth();
  if (status === 'loading')
    return (
      <Center h="100vh">
        <Loader aria-label="正在加载" />
      </Center>
    );
  if (status === 'recovery') return <RecoveryPage />;
  if (status === 'setup') return <SetupPage />;
  if (status === 'signedOut') return <SignInPage />;
  if (status === 'needsStaffId') return <StaffIdPage />;
  return <AppLayout />;
}

function AppLayout() {
  const { account, signOut, lock, locked, hasRole } = useAuth();
  // Saving the settings invalidates them: a new centre name or idle time shows at once.
  const settings = useApiQuery('settings.get', {}).data;
  const location = useLocation();
  // other windows' changes refresh this one's screens; its drops show the banner below
  useLiveUpdates();
  const { stale } = useLink();
  const [changingPassword, setChangingPassword] = useState(false);

  useIdleLock(settings?.idleMinutes ?? 15, !locked, () => lock('长时间未操作，屏幕已锁定。'));

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 168, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Title order={3}>一窗受理</Title>
            <Text c="dimmed" data-testid="centre-name" truncate>
              {settings?.centreName ?? ''}
            </Text>
            <StaleMark />
          </Group>
          <Group gap="xs" wrap="nowrap">
            {/* the person's own menu: what anyone may do for their own account */}
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label="我的账户">
                  <Text size="sm" data-testid="signed-in-as">
                    {account?.displayName}
                  </Text>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item onClick={() => setChangingPassword(true)}>修改密码</Menu.Item>
              </Menu.Dropdown>
            </Menu>
            {account?.roles.map((r) => (
              <Badge key={r} variant="light" size="sm">
                {ROLE_LABELS[r]}
              </Badge>
            ))}
            {account?.windowNo && <Badge variant="outline">{account.windowNo}</Badge>}
            <Button size="xs" variant="subtle" onClick={() => lock('已手动锁定。')}>
              锁屏
            </Button>
            <Button size="xs" variant="subtle" color="gray" onClick={signOut}>
              退出
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="主导航">
        {SECTIONS.filter((s) => hasRole(...s.roles)).map((s) => (
          <NavLink
            key={s.to}
            component={RouterLink}
            to={s.to}
            label={s.label}
            active={location.pathname.startsWith(s.to) || (s.to === '/intake' && location.pathname === '/')}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <ConnectionBanner />
        {settings?.demo && <DemoBanner />}
        {/* dimmed while what it shows may be older than the server's records */}
        <div data-testid="page" data-stale={stale || undefined} style={stale ? { opacity: 0.7 } : undefined}>
          <Outlet />
        </div>
      </AppShell.Main>
      <LockOverlay />
      {changingPassword && <ChangePasswordModal onClose={() => setChangingPassword(false)} />}
    </AppShell>
  );
}
