import { Stack, Tabs, Title } from '@mantine/core';
import { AccountsPanel } from '../accounts/AccountsPanel';
import { AuditLogPanel } from '../audit/AuditLogPanel';
import { BackupsPanel } from '../backups/BackupsPanel';
import { CalendarPanel } from '../calendar/CalendarPanel';
import { CataloguePanel } from '../catalogue/CataloguePanel';
import { DevicesPanel } from '../devices/DevicesPanel';
import { RunModePanel } from './RunModePanel';
import { SettingsPanel } from '../settings/SettingsPanel';
import { DibaoStandardsPanel } from '../settings/DibaoStandardsPanel';
import { ResidentImportPanel } from '../residents/import/ResidentImportPanel';

export function AdminPage() {
  return (
    <Stack>
      <Title order={2}>管理</Title>
      <Tabs defaultValue="settings" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="settings">中心设置</Tabs.Tab>
          <Tabs.Tab value="accounts">账户</Tabs.Tab>
          <Tabs.Tab value="catalogue">事项目录</Tabs.Tab>
          <Tabs.Tab value="calendar">节假日</Tabs.Tab>
          <Tabs.Tab value="devices">设备</Tabs.Tab>
          <Tabs.Tab value="runMode">运行方式</Tabs.Tab>
          <Tabs.Tab value="audit">审计日志</Tabs.Tab>
          <Tabs.Tab value="backups">备份</Tabs.Tab>
          <Tabs.Tab value="import">数据导入</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="settings" pt="md">
          <SettingsPanel />
          <DibaoStandardsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="accounts" pt="md">
          <AccountsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="catalogue" pt="md">
          <CataloguePanel />
        </Tabs.Panel>
        <Tabs.Panel value="calendar" pt="md">
          <CalendarPanel />
        </Tabs.Panel>
        <Tabs.Panel value="devices" pt="md">
          <DevicesPanel />
        </Tabs.Panel>
        <Tabs.Panel value="runMode" pt="md">
          <RunModePanel />
        </Tabs.Panel>
        <Tabs.Panel value="audit" pt="md">
          <AuditLogPanel />
        </Tabs.Panel>
        <Tabs.Panel value="backups" pt="md">
          <BackupsPanel />
        </Tabs.Panel>
        <Tabs.Panel value="import" pt="md">
          <ResidentImportPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
