import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { MantineProvider, createTheme } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { queryClient } from './api/query';
import { router } from './app/routes';
import { AuthProvider } from './features/auth/AuthContext';
import { DeviceRoot } from './features/devices/DeviceRoot';

const theme = createTheme({
  primaryColor: 'blue',
  fontFamily:
    '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", "Source Han Sans SC", system-ui, sans-serif',
  defaultRadius: 'sm',
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <MantineProvider theme={theme}>
        <Notifications position="top-right" />
        <DeviceRoot
          app={
            <AuthProvider>
              <RouterProvider router={router} />
            </AuthProvider>
          }
        />
      </MantineProvider>
    </QueryClientProvider>
  </StrictMode>,
);
