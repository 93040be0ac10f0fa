import { Stack, Text, Title } from '@mantine/core';

/** Sections whose screens are not built yet say so plainly instead of looking broken. */
export function SectionPlaceholder({ title }: { title: string }) {
  return (
    <Stack>
      <Title order={2}>{title}</Title>
      <Text c="dimmed">本栏目正在建设中。</Text>
    </Stack>
  );
}
