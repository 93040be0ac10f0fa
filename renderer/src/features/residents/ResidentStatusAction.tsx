import { Alert, Badge, Button, Group, List, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiMutation, useApiQuery } from '../../api/query';
import { printDocument } from '../../platform/print';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrors } from '../../ui/errors';
import { STOP_NOTICE, stopNoticeRoute } from '../documents/registry';
import { chineseMonth } from '../documents/notices/StopNotice';
import type { ResidentDetail } from './format';

type Registered = 'deceased' | 'moved_out';

const WHAT: Record<Registered, { action: string; date: string; material: string }> = {
  deceased: { action: '登记死亡', date: '死亡日期', material: '死亡证明编号' },
  moved_out: { action: '登记迁出', date: '迁出日期', material: '迁移证明编号' },
};

/** 已死亡 2027-03-15 / 已迁出 2026-07-30: the badge next to the name; nothing while 在册. */
export function ResidentStatusBadge({ resident }: { resident: Pick<ResidentDetail, 'status' | 'statusDate'> }) {
  if (resident.status === 'registered') return null;
  return (
    <Badge color={resident.status === 'deceased' ? 'dark' : 'orange'} variant="filled" data-testid="resident-status">
      {resident.status === 'deceased' ? '已死亡' : '已迁出'} {resident.statusDate}
    </Badge>
  );
}

/** Prints the 停发通知书 of a resident whose death or move-out is registered; answers why not when it was not printed. */
export function PrintStopNoticeButton({ residentId, size = 'sm' }: { residentId: number; size?: 'xs' | 'sm' }) {
  const print = useMutation({
    mutationFn: async () => {
      const outcome = await printDocument(stopNoticeRoute(residentId));
      return outcome.printed ? null : (outcome.message ?? '未打印');
    },
  });
  return (
    <Stack gap={4}>
      <Button size={size} variant="light" loading={print.isPending} onClick={() => print.mutate()} data-document="stop-notice">
        打印{STOP_NOTICE}
      </Button>
      <ErrorAlert error={print.data} />
    </Stack>
  );
}

/** On the benefit panel: the 停发通知书 when the benefit's person is registered deceased or moved out. */
export function BenefitStopNotice({ residentId }: { residentId: number }) {
  const resident = useApiQuery('residents.get', { id: residentId }).data;
  if (!resident || resident.status === 'registered') return null;
  return (
    <Group gap="xs">
      <ResidentStatusBadge resident={resident} />
      <PrintStopNoticeButton residentId={residentId} size="xs" />
    </Group>
  );
}

/**
 * The reviewer's 登记死亡 / 登记迁出: date, reason, certificate number (and where to), then
 * a confirmation naming every benefit that will stop and from which month, then the notice.
 */
export function ResidentStatusAction({ resident }: { resident: ResidentDetail }) {
  const [open, setOpen] = useState<Registered | null>(null);
  return (
    <>
      {resident.status === 'registered' ? (
        <Group gap="xs">
          <Button variant="default" onClick={() => setOpen('deceased')}>
            登记死亡
          </Button>
          <Button variant="default" onClick={() => setOpen('moved_out')}>
            登记迁出
          </Button>
        </Group>
      ) : (
        <PrintStopNoticeButton residentId={resident.id} />
      )}
      {/* kept open after the registration (the profile reads the new status behind it) for the notice */}
      <Modal opened={open !== null} onClose={() => setOpen(null)} title={open ? `${WHAT[open].action}：${resident.name}` : ''} size="lg" closeOnEscape={false}>
        {open && <StatusForm key={open} resident={resident} status={open} onClose={() => setOpen(null)} />}
      </Modal>
    </>
  );
}

function StatusForm({ resident, status, onClose }: { resident: ResidentDetail; status: Registered; onClose(): void }) {
  const what = WHAT[status];
  const [date, setDate] = useState('');
  const [reason, setReason] = useState('');
  const [materialNo, setMaterialNo] = useState('');
  const [movedTo, setMovedTo] = useState('');
  const [confirming, setConfirming] = useState(false);
  const dateOk = /^\d{4}-\d{2}-\d{2}$/.test(date);
  const preview = useApiQuery('residents.statusPreview', { residentId: resident.id, date }, { enabled: confirming && dateOk });
  const save = useApiMutation('residents.setStatus', { invalidates: ['beneficiaries', 'cases'] });
  const errors = fieldErrors(save.error);
  const done = save.data;

  if (done) {
    return (
      <Stack>
        <Alert color="green" title="已登记" data-testid="status-registered">
          {resident.name}已登记为{status === 'deceased' ? '已死亡' : '已迁出'}（{date}）。
          {done.stopped.length ? `已停发 ${done.stopped.length} 项待遇，自 ${chineseMonth(done.stopped[0]!.stopMonth)}起不再发放。` : '没有需要停发的待遇。'}
        </Alert>
        <Group>
          <PrintStopNoticeButton residentId={resident.id} />
          <Button variant="default" onClick={onClose}>
            关闭
          </Button>
        </Group>
      </Stack>
    );
  }

  const submit = () => {
    save.reset();
    save.mutate({
      residentId: resident.id,
      status,
      date,
      reason,
      ...(materialNo.trim() ? { materialNo } : {}),
      ...(status === 'moved_out' && movedTo.trim() ? { movedTo } : {}),
    });
  };

  return (
    <Stack
      component="form"
      aria-label={what.action}
      gap="sm"
      onSubmit={(e) => {
        e.preventDefault();
        if (!confirming) setConfirming(true);
        else submit();
      }}
    >
      <TextInput
        label={what.date}
        type="date"
        withAsterisk
        value={date}
        onChange={(e) => {
          setDate(e.currentTarget.value);
          setConfirming(false);
        }}
        error={errors.date}
        disabled={confirming}
      />
      {status === 'moved_out' && <TextInput label="迁往何处" value={movedTo} onChange={(e) => setMovedTo(e.currentTarget.value)} error={errors.movedTo} disabled={confirming} />}
      <TextInput label={what.material} value={materialNo} onChange={(e) => setMaterialNo(e.currentTarget.value)} error={errors.materialNo} disabled={confirming} />
      <Textarea label="原因" withAsterisk value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} disabled={confirming} autosize minRows={2} />
      {confirming && (
        <Alert color="red" title="请核对：以下待遇将停发" data-testid="benefits-to-stop">
          {preview.isLoading && <Text size="sm">正在查找在享受的待遇…</Text>}
          {preview.data && preview.data.benefits.length === 0 && <Text size="sm">{resident.name}没有正在享受的按月待遇。</Text>}
          {preview.data && preview.data.benefits.length > 0 && (
            <List size="sm">
              {preview.data.benefits.map((b) => (
                <List.Item key={b.beneficiaryId}>
                  {b.itemName}（每月 {b.latestAmount.toFixed(2)} 元，{b.caseNo}）：自 {chineseMonth(b.stopMonth)}起停发
                  {b.neverPaid ? '（尚未开始发放，不再发放）' : ''}
                  {b.pendingChange ? '；待确认的变更将撤回' : ''}
                </List.Item>
              ))}
            </List>
          )}
          <Text size="xs" mt={6}>
            登记后立即生效（依据证明材料，只停发不增发，无须另一人确认），并记入日志。
          </Text>
          <ErrorAlert error={preview.error} />
        </Alert>
      )}
      <ErrorAlert error={save.error} placed={(path) => ['date', 'reason', 'materialNo', 'movedTo'].includes(path)} />
      <Group justify="flex-end">
        {confirming && (
          <Button variant="default" onClick={() => setConfirming(false)} disabled={save.isPending}>
            返回修改
          </Button>
        )}
        <Button type="submit" color={confirming ? 'red' : undefined} loading={save.isPending} disabled={!dateOk || !reason.trim() || (confirming && !preview.data)}>
          {confirming ? `确认${what.action}` : '下一步：核对停发的待遇'}
        </Button>
      </Group>
    </Stack>
  );
}
