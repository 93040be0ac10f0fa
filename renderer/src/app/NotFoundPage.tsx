import { Stack, Text, Title } from '@mantine/core';

/** An address no screen answers (an old bookmark, a typo): says so instead of a blank page. */
export function NotFoundPage() {
  return (
    <Stack>
      <Title order={2}>页面不存在</Title>
      <Text c="dimmed">没有这个页面，请从左侧菜单进入。</Text>
    </Stack>
  );
}
