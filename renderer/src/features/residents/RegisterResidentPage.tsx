import { Anchor, Breadcrumbs, Paper, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link, useLocation, useNavigate } from 'react-router';
import { ResidentForm } from './ResidentForm';

/** 登记新居民, as a page of its own; the intake screen embeds ResidentForm directly. */
export function RegisterResidentPage() {
  const navigate = useNavigate();
  const state = useLocation().state as { idNumber?: string } | null;
  return (
    <Stack>
      <Breadcrumbs>
        <Anchor component={Link} to="/residents">
          居民
        </Anchor>
        <span>登记新居民</span>
      </Breadcrumbs>
      <Title order={2}>登记新居民</Title>
      <Paper withBorder p="md" maw={960}>
        <ResidentForm
          {...(state?.idNumber ? { initialIdNumber: state.idNumber } : {})}
          onSaved={(r) => {
            notifications.show({ color: 'green', message: `已登记居民 ${r.name}` });
            navigate(`/residents/${r.id}`, { replace: true });
          }}
          onCancel={() => navigate(-1)}
          onExisting={(id) => navigate(`/residents/${id}`)}
        />
      </Paper>
    </Stack>
  );
}
