import { Anchor, Badge, Breadcrumbs, Button, Center, Group, Loader, Modal, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useApiQuery } from '../../api/query';
import { useAuth } from '../auth/AuthContext';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { SEX_LABELS } from '../../ui/labels';
import { HouseholdSection } from '../households/HouseholdSection';
import { formatDateTime } from './format';
import { ResidentCasesSection } from './ResidentCasesSection';
import { ResidentForm } from './ResidentForm';
import { RevealValue } from './RevealValue';
import { PrintStopNoticeButton, ResidentStatusAction, ResidentStatusBadge } from './ResidentStatusAction';

const HUKOU_LABELS = { local: '本市户籍', other: '外省市户籍' } as const;

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2} miw={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  );
}

/** /residents/:id — the resident's profile: masked identity with reveal, edit, household, cases. */
export function ResidentProfilePage() {
  const id = Number(useParams().id);
  const { hasRole } = useAuth();
  const canEdit = hasRole('clerk', 'admin');
  const canRegisterStatus = hasRole('reviewer');
  const valid = Number.isInteger(id) && id > 0;
  // Edits here, household changes and intakes elsewhere invalidate it: it reads itself again.
  const loaded = useApiQuery('residents.get', { id }, { enabled: valid });
  const resident = loaded.data ?? null;
  const error = loaded.error;
  const [editing, setEditing] = useState(false);

  useHotkeys([['alt+E', () => canEdit && resident && setEditing(true)]], []);

  if (!valid) return <ErrorAlert error="居民编号无效" />;
  if (!resident) {
    return error ? (
      <Stack>
        <ErrorAlert error={error} />
        <Anchor component={Link} to="/residents">
          返回查找居民
        </Anchor>
      </Stack>
    ) : (
      <Center h={200}>
        <Loader aria-label="正在加载" />
      </Center>
    );
  }

  return (
    <Stack>
      <Breadcrumbs>
        <Anchor component={Link} to="/residents">
          居民
        </Anchor>
        <span>{resident.name}</span>
      </Breadcrumbs>
      <Group justify="space-between" wrap="nowrap">
        <Group gap="sm" wrap="nowrap" miw={0}>
          <Title order={2} data-testid="resident-name">
            {resident.name}
          </Title>
          <Badge variant="light">{SEX_LABELS[resident.sex]}</Badge>
          <Badge variant="light" color="gray">
            {resident.age} 岁
          </Badge>
          <ResidentStatusBadge resident={resident} />
          {resident.household && (
            <Badge variant="outline">{resident.household.isHead ? '户主' : `${resident.household.relation}（户主 ${resident.household.headName ?? '—'}）`}</Badge>
          )}
        </Group>
        <Group gap="xs" wrap="nowrap">
          {canRegisterStatus ? <ResidentStatusAction resident={resident} /> : null}
          {!canRegisterStatus && resident.status !== 'registered' ? <PrintStopNoticeButton residentId={resident.id} /> : null}
          {canEdit && <Button onClick={() => setEditing(true)}>修改信息（Alt+E）</Button>}
        </Group>
      </Group>
      <ErrorAlert error={error} />

      <Paper withBorder p="md" component="section" aria-label="基本信息">
        <SimpleGrid cols={3} spacing="lg" verticalSpacing="md">
          <Field label="身份证号码">
            <RevealValue key={`id-${resident.updatedAt}`} residentId={resident.id} field="idNumber" masked={resident.idNumber} />
          </Field>
          <Field label="出生日期">
            <Text>{resident.birthDate}</Text>
          </Field>
          <Field label="性别 / 年龄">
            <Text>
              {SEX_LABELS[resident.sex]} / {resident.age} 岁
            </Text>
          </Field>
          <Field label="电话">
            <RevealValue key={`ph-${resident.updatedAt}`} residentId={resident.id} field="phone" masked={resident.phone} />
          </Field>
          <Field label="地址">
            <Text>{resident.address ?? '—'}</Text>
          </Field>
          <Field label="开户银行 / 银行账号">
            <Group gap="xs" wrap="nowrap">
              <Text>{resident.bankName ?? '—'}</Text>
              <RevealValue key={`ba-${resident.updatedAt}`} residentId={resident.id} field="bankAccount" masked={resident.bankAccount} />
            </Group>
          </Field>
          <Field label="户籍">
            <Text data-testid="resident-hukou">
              {HUKOU_LABELS[resident.hukou]}
              {resident.hukouDistrict ? `（${resident.hukouDistrict}）` : ''}
            </Text>
          </Field>
          <Field label="状态">
            {resident.statusRecord ? (
              <Text size="sm" data-testid="resident-status-record">
                {resident.status === 'deceased' ? '已死亡' : `已迁出${resident.statusRecord.movedTo ? `（迁往${resident.statusRecord.movedTo}）` : ''}`}，{resident.statusDate}；
                {resident.statusRecord.material}
                {resident.statusRecord.materialNo ? ` ${resident.statusRecord.materialNo}` : ''}；{resident.statusRecord.recordedBy} 登记：{resident.statusRecord.reason}
              </Text>
            ) : (
              <Text>在册</Text>
            )}
          </Field>
          <Field label="登记时间">
            <Text size="sm">{formatDateTime(resident.createdAt)}</Text>
          </Field>
          <Field label="最近修改">
            <Text size="sm">{formatDateTime(resident.updatedAt)}</Text>
          </Field>
          <Field label="居民编号">
            <Text size="sm">{resident.id}</Text>
          </Field>
        </SimpleGrid>
      </Paper>

      <HouseholdSection resident={resident} />
      <ResidentCasesSection residentId={resident.id} />

      <Modal opened={editing} onClose={() => setEditing(false)} title={`修改居民信息：${resident.name}`} size="xl" closeOnEscape={false}>
        <ResidentForm
          resident={resident}
          onSaved={(r) => {
            notifications.show({ color: 'green', message: `已保存 ${r.name} 的信息` });
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      </Modal>
    </Stack>
  );
}
