import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useNavigate, useSearchParams } from 'react-router';
import { ResidentSearch } from './ResidentSearch';

/** 居民: one search box, focused on open; the query stays in the address so Back returns to the results. */
export function ResidentsPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const register = (idNumber?: string) => navigate('/residents/new', idNumber ? { state: { idNumber } } : undefined);
  useHotkeys([['alt+N', () => register()]], []);

  return (
    <Stack>
      <Group justify="space-between" wrap="nowrap">
        <Title order={2}>居民</Title>
        <Button onClick={() => register()}>登记新居民（Alt+N）</Button>
      </Group>
      <Paper withBorder p="md">
        <ResidentSearch
          initialQuery={params.get('q') ?? ''}
          onSearched={(q) => setParams({ q }, { replace: true })}
          onOpen={(r) => navigate(`/residents/${r.id}`)}
          renderEmpty={(q) => {
            const compact = q.replace(/\s/g, '');
            const fullId = /^\d{17}[\dXx]$/.test(compact) ? compact.toUpperCase() : undefined;
            return (
              <Button size="xs" onClick={() => register(fullId)}>
                {fullId ? '以此号码登记新居民' : '登记新居民'}
              </Button>
            );
          }}
        />
      </Paper>
      <Text size="xs" c="dimmed">
        列表中身份证号码与电话均已脱敏；在居民页面可凭理由查看完整号码（记入访问日志）。
      </Text>
    </Stack>
  );
}
