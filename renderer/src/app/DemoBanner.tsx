import { Alert, Text } from '@mantine/core';

/** Shown on every screen of a demo database (setting `demo`, written by the demo-data generator). */
export function DemoBanner({ signIn = false }: { signIn?: boolean }) {
  return (
    <Alert color="orange" variant="filled" radius={0} py={6} mb={signIn ? 0 : 'sm'} role="status" data-testid="demo-banner" title={signIn ? '演示模式' : undefined}>
      <Text size="sm" fw={500}>
        演示数据：本库中的居民、办件与账户均为随机生成，不是真实记录，请勿录入真实个人信息。
      </Text>
      {signIn && (
        <Text size="sm" mt={4} data-testid="demo-accounts">
          演示账户：窗口受理员 clerk1（至 clerk6）、审核人员 reviewer1（至 reviewer3）、管理员 admin，密码均为 demo1234。
        </Text>
      )}
    </Alert>
  );
}
