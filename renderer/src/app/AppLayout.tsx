import { AppShell, Group, NavLink, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { NavLink as RouterLink, Outlet, useLocation } from 'react-router';
import { call } from '../api/client';

const SECTIONS = [
  { to: '/intake', label: '受理' },
  { to: '/cases', label: '办件' },
  { to: '/residents', label: '居民' },
  { to: '/exports', label: '导出' },
  { to: '/admin', label: '管理' },
  { to: '/about', label: '关于' },
] as const;

export function AppLayout() {
  const [centreName, setCentreName] = useState<string>('');
  const location = useLocation();

  useEffect(() => {
    call('settings.get', {})
      .then((s) => setCentreName(s.centreName))
      .catch(() => setCentreName(''));
  }, []);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 180, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Title order={3}>一窗受理</Title>
            <Text c="dimmed" data-testid="centre-name">
              {centreName}
            </Text>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="主导航">
        {SECTIONS.map((s) => (
          <NavLink
            key={s.to}
            component={RouterLink}
            to={s.to}
            label={s.label}
            active={location.pathname === s.to || (s.to === '/intake' && location.pathname === '/')}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
