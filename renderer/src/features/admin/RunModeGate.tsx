import { Center, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { RunModeChooser } from './RunModeChooser';
import { runModeBridge } from './runModeBridge';

/**
 * The desktop's very first start: before anything else, how this computer runs. Browser
 * mode, and a desktop whose choice is made, go straight on.
 */
export function RunModeGate({ children }: { children: ReactNode }) {
  const bridge = runModeBridge();
  // The main process said yes: go on, whatever a second read of the state says meanwhile.
  const [chosenNow, setChosenNow] = useState(false);
  const state = useQuery({ queryKey: ['desktop.runMode'], queryFn: () => bridge!.get(), enabled: bridge !== null, staleTime: Infinity });
  if (!bridge) return <>{children}</>;
  if (state.isPending)
    return (
      <Center h="100vh">
        <Loader aria-label="正在加载" />
      </Center>
    );
  if (chosenNow || state.data?.chosen) return <>{children}</>;
  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper shadow="sm" p="xl" w={600} withBorder>
        <Stack>
          <Title order={2}>一窗受理 · 首次启动</Title>
          <Text>请选择本机的运行方式（以后可在“管理 → 运行方式”中更改）。</Text>
          <ErrorAlert error={state.error} />
          <RunModeChooser
            bridge={bridge}
            onChosen={() => {
              setChosenNow(true);
              void state.refetch();
            }}
          />
        </Stack>
      </Paper>
    </Center>
  );
}
