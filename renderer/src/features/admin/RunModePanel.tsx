import { Code, Divider, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { centrePage, DEVICE_KIND_LABELS } from '../devices/centre';
import { RunModeChooser } from './RunModeChooser';
import { RUN_MODE_LABELS, type RunModeState } from './runMode';
import { runModeBridge } from './runModeBridge';

function Facts({ rows }: { rows: [string, React.ReactNode][] }) {
  return (
    <Table withTableBorder maw={760} aria-label="运行方式">
      <Table.Tbody>
        {rows.map(([label, value]) => (
          <Table.Tr key={label}>
            <Table.Th w={180}>{label}</Table.Th>
            <Table.Td>{value}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function desktopRows(state: RunModeState): [string, React.ReactNode][] {
  const rows: [string, React.ReactNode][] = [['运行方式', RUN_MODE_LABELS[state.mode]]];
  if (state.server) rows.push(['服务器地址', state.server.url], ['监听', state.server.listen], ['证书指纹（SHA-256）', <Code key="f">{state.server.fingerprint}</Code>]);
  if (state.client) rows.push(['中心服务器', state.client.url], ['本设备名称', state.client.deviceName], ['证书指纹（SHA-256）', <Code key="f">{state.client.fingerprint}</Code>]);
  return rows;
}

/** 管理 → 运行方式: how this computer runs, and on the desktop the choice of another way. */
export function RunModePanel() {
  const page = centrePage();
  const bridge = runModeBridge();
  const state = useQuery({ queryKey: ['desktop.runMode'], queryFn: () => bridge!.get(), enabled: bridge !== null });

  if (page.at === 'paired')
    return (
      <Stack>
        <Facts
          rows={[
            ['运行方式', '连接中心服务器（浏览器）'],
            ['本设备名称', page.name],
            ['设备类型', DEVICE_KIND_LABELS[page.kind]],
            ['中心服务器', window.location.origin],
            ['证书指纹（SHA-256）', <Code key="f">{page.fingerprint}</Code>],
          ]}
        />
        <Text size="sm" c="dimmed">
          本浏览器通过配对与中心服务器相连，全部记录保存在中心服务器上。停用或重新配对请在“设备”中操作。
        </Text>
      </Stack>
    );
  if (!bridge)
    return (
      <Stack>
        <Facts rows={[['运行方式', '单机（浏览器方式，仅限本机访问）']]} />
        <Text size="sm" c="dimmed">
          全部记录保存在本机。多个窗口共用一个数据库时，请在一台电脑上以中心服务器方式运行（桌面版选择“中心服务器”，或 npm run server），其他电脑与之配对。
        </Text>
      </Stack>
    );
  return (
    <Stack>
      <ErrorAlert error={state.error} />
      {state.data && <Facts rows={desktopRows(state.data)} />}
      <Divider />
      <Title order={4}>更改运行方式</Title>
      <Text size="sm" c="dimmed">
        更改后程序将按新的方式重新启动。改为“连接中心服务器”后，本机不再写入自己的数据库。
      </Text>
      {state.data && <RunModeChooser bridge={bridge} current={state.data.mode} onChosen={() => void state.refetch()} />}
    </Stack>
  );
}
