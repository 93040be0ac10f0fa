import { Paper, Stack, Title } from '@mantine/core';

/**
 * The resident's cases and active benefits (在保) on the profile page.
 *
 * PLACEHOLDER for the cases engineer: no cases handler exists yet, so this renders only its
 * heading. Fill it in here (e.g. from a `cases.list { residentId }` and a benefits handler)
 * without changing the profile page, which already renders it with the resident's id.
 */
export function ResidentCasesSection({ residentId }: { residentId: number }) {
  return (
    <Paper withBorder p="md" component="section" aria-label="办件与在保待遇" data-resident-id={residentId}>
      <Stack gap="sm">
        <Title order={3}>办件与在保待遇</Title>
      </Stack>
    </Paper>
  );
}
