import { Alert, Badge, Button, Code, Group, Modal, SegmentedControl, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import { useApiMutation, useApiQuery } from '../../api/query';
import type { HandlerOutput } from '../../../../db/src/contract';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrors } from '../../ui/errors';
import { useFreshForm } from '../../ui/useFreshForm';
import { formatDateTime } from '../residents/format';
import { DEVICE_KIND_LABELS, type DeviceKind } from './centre';
import { groupedPairingCode } from './pairingCode';

type Device = HandlerOutput<'devices.list'>[number];
type PairingCode = HandlerOutput<'devices.createPairingCode'>;

const STATE_BADGES: Record<Device['state'], { label: string; color: string }> = {
  pending: { label: '待配对', color: 'yellow' },
  expired: { label: '配对码已过期', color: 'gray' },
  paired: { label: '已配对', color: 'green' },
  revoked: { label: '已吊销', color: 'red' },
};

/**
 * 管理 → 设备 (centre server): the devices paired with it or waiting for it, a new
 * device's one-time pairing code, and revoking one (its next call is refused).
 */
export function DevicesPanel() {
  const list = useApiQuery('devices.list', {});
  const windows = useApiQuery('settings.get', {}).data?.windows ?? [];
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<Device | null>(null);
  useHotkeys([['alt+N', () => setCreating(true)]], []);

  return (
    <Stack>
      <Group justify="space-between">
        <Text c="dimmed" size="sm">
          窗口、后台和自助查询机的电脑须先与中心服务器配对：新增设备后，在那台电脑上输入配对码。吊销的设备下一次访问即被拒绝。
        </Text>
        <Button onClick={() => setCreating(true)}>新增设备（Alt+N）</Button>
      </Group>
      <ErrorAlert error={list.error} />
      {list.data && list.data.length === 0 && <Text c="dimmed">尚无设备。</Text>}
      {list.data && list.data.length > 0 && (
        <Table withTableBorder highlightOnHover verticalSpacing={6} aria-label="设备">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>名称</Table.Th>
              <Table.Th>类型</Table.Th>
              <Table.Th>窗口</Table.Th>
              <Table.Th>状态</Table.Th>
              <Table.Th>配对时间</Table.Th>
              <Table.Th>最近访问</Table.Th>
              <Table.Th w={90} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>{d.name}</Table.Td>
                <Table.Td>{DEVICE_KIND_LABELS[d.kind]}</Table.Td>
                <Table.Td>{d.windowNo ?? '—'}</Table.Td>
                <Table.Td>
                  <Badge color={STATE_BADGES[d.state].color} variant="light">
                    {STATE_BADGES[d.state].label}
                  </Badge>
                  {d.state === 'revoked' && (
                    <Text size="xs" c="dimmed">
                      {formatDateTime(d.revokedAt)} {d.revokedBy}
                    </Text>
                  )}
                  {d.state === 'pending' && (
                    <Text size="xs" c="dimmed">
                      有效至 {formatDateTime(d.pairingExpiresAt)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{formatDateTime(d.pairedAt)}</Table.Td>
                <Table.Td>{formatDateTime(d.lastSeenAt)}</Table.Td>
                <Table.Td>
                  {d.state !== 'revoked' && (
                    <Button size="xs" variant="light" color="red" onClick={() => setRevoking(d)} aria-label={`吊销 ${d.name}`}>
                      吊销
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <NewDeviceModal opened={creating} windows={windows} onClose={() => setCreating(false)} />
      {revoking && <RevokeModal device={revoking} onClose={() => setRevoking(null)} />}
    </Stack>
  );
}

function NewDeviceModal({ opened, windows, onClose }: { opened: boolean; windows: string[]; onClose(): void }) {
  const empty = { name: '', kind: 'workstation' as DeviceKind, windowNo: null as string | null };
  const create = useApiMutation('devices.createPairingCode');
  const [values, setValues] = useFreshForm(opened, empty, create.reset);
  const errors = fieldErrors(create.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name: values.name, kind: values.kind, ...(values.kind === 'workstation' && values.windowNo ? { windowNo: values.windowNo } : {}) });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={create.data ? `配对码：${create.variables?.name ?? ''}` : '新增设备'} size="lg">
      {create.data ? (
        <CodeView code={create.data} name={create.variables?.name ?? ''} onDone={onClose} />
      ) : (
        <form onSubmit={submit} aria-label="新增设备" noValidate>
          <Stack gap="sm">
            <TextInput
              label="设备名称"
              description="便于辨认，如 3号窗口、后台审核1、自助查询机"
              withAsterisk
              data-autofocus
              value={values.name}
              onChange={(e) => setValues({ ...values, name: e.currentTarget.value })}
              error={errors.name}
              autoComplete="off"
            />
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                设备类型
              </Text>
              <SegmentedControl
                aria-label="设备类型"
                value={values.kind}
                onChange={(kind) => setValues({ ...values, kind: kind as DeviceKind })}
                data={(Object.keys(DEVICE_KIND_LABELS) as DeviceKind[]).map((k) => ({ value: k, label: DEVICE_KIND_LABELS[k] }))}
              />
              {values.kind === 'kiosk' && (
                <Text size="xs" c="dimmed">
                  自助查询机只能查询办理进度，无需登录。
                </Text>
              )}
            </Stack>
            {values.kind === 'workstation' && (
              <Select
                label="窗口"
                description={windows.length === 0 ? '可在“中心设置”中设置窗口列表' : '在此设备上受理的办件记为该窗口'}
                placeholder="不固定窗口（后台）"
                data={windows}
                value={values.windowNo}
                onChange={(windowNo) => setValues({ ...values, windowNo })}
                clearable
                error={errors.windowNo}
              />
            )}
            <ErrorAlert error={create.error} placed={(p) => p in empty} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                取消（Esc）
              </Button>
              <Button type="submit" loading={create.isPending}>
                生成配对码（Enter）
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function useSecondsUntil(iso: string): number {
  const left = () => Math.max(0, Math.ceil((Date.parse(iso) - Date.now()) / 1000));
  const [seconds, setSeconds] = useState(left);
  useEffect(() => {
    const timer = window.setInterval(() => setSeconds(left()), 1000);
    return () => window.clearInterval(timer);
  }, [iso]);
  return seconds;
}

function CodeView({ code, name, onDone }: { code: PairingCode; name: string; onDone(): void }) {
  const seconds = useSecondsUntil(code.expiresAt);
  return (
    <Stack>
      <Text>在“{name}”上打开中心服务器的地址（或在桌面版中选择“连接中心服务器”），核对证书指纹后输入此配对码：</Text>
      <Title order={1} fz={56} ta="center" ff="monospace" data-testid="pairing-code" aria-label="配对码">
        {groupedPairingCode(code.code)}
      </Title>
      {seconds > 0 ? (
        <Text ta="center" data-testid="pairing-expiry">
          有效期还剩 {Math.floor(seconds / 60)} 分 {String(seconds % 60).padStart(2, '0')} 秒（至 {formatDateTime(code.expiresAt)}），只能使用一次
        </Text>
      ) : (
        <Alert color="red" role="alert">
          配对码已过期：请关闭后为该设备重新生成。
        </Alert>
      )}
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          服务器证书指纹（SHA-256）
        </Text>
        <Code block data-testid="pairing-fingerprint" style={{ wordBreak: 'break-all', whiteSpace: 'normal' }}>
          {code.fingerprint}
        </Code>
      </Stack>
      <Group justify="flex-end">
        <Button onClick={onDone}>完成</Button>
      </Group>
    </Stack>
  );
}

function RevokeModal({ device, onClose }: { device: Device; onClose(): void }) {
  const revoke = useApiMutation('devices.revoke', {
    onSuccess: () => {
      notifications.show({ color: 'green', message: `已吊销设备“${device.name}”` });
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={`吊销设备“${device.name}”？`}>
      <Stack>
        <Text>
          吊销后，“{device.name}”的下一次访问即被拒绝，在其上登录的人员随即退出。如需再次使用，须重新生成配对码并配对。
        </Text>
        <ErrorAlert error={revoke.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            取消（Esc）
          </Button>
          <Button color="red" loading={revoke.isPending} onClick={() => revoke.mutate({ deviceId: device.id })}>
            确认吊销
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
