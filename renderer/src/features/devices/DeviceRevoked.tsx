import { Button, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client';
import { queryClient } from '../../api/query';

const DEVICE_ERRORS = new Set(['DEVICE_REVOKED', 'DEVICE_UNKNOWN']);

/**
 * At a centre server: once any call is refused because this browser's device was revoked
 * (or its credential is no longer known), nothing else on the screen can work. Instead of
 * an error beside whatever button was pressed, the whole screen says so and leads to the
 * pairing page (the page, loaded again, is served as unpaired).
 */
export function DeviceRevokedScreen({ children }: { children: React.ReactNode }) {
  const [refused, setRefused] = useState<ApiError | null>(null);
  useEffect(() => {
    const seen = (error: unknown) => {
      if (error instanceof ApiError && DEVICE_ERRORS.has(error.code)) setRefused((r) => r ?? error);
    };
    const queries = queryClient.getQueryCache().subscribe((e) => e.type === 'updated' && seen(e.query.state.error));
    const mutations = queryClient.getMutationCache().subscribe((e) => e.type === 'updated' && seen(e.mutation?.state.error));
    return () => {
      queries();
      mutations();
    };
  }, []);
  if (!refused) return <>{children}</>;
  return (
    <Center h="100vh" bg="gray.0" p="md">
      <Paper shadow="sm" p="xl" w={520} withBorder role="alert" aria-label="设备已停用">
        <Stack>
          <Title order={2}>{refused.code === 'DEVICE_REVOKED' ? '本设备已被管理员停用' : '本设备的配对已失效'}</Title>
          <Text>{refused.message}</Text>
          <Text>请管理员在中心服务器上（管理 → 设备 → 新增设备）生成新的配对码，然后点“重新配对”输入。</Text>
          <Button onClick={() => window.location.assign('/')}>重新配对</Button>
        </Stack>
      </Paper>
    </Center>
  );
}
