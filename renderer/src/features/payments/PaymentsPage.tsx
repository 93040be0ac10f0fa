import { Badge, Button, Group, Modal, Paper, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useApiMutation, useApiQuery } from '../../api/query';
import type { HandlerOutput } from '../../../../db/src/contract';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrors } from '../../ui/errors';

type Report = HandlerOutput<'payments.importReturn'>;
type Failure = HandlerOutput<'payments.failures'>['items'][number];

/**
 * 银行回盘: import the bank's return file (the path on the server, as the CLI takes it) with
 * a row report, and the failed payments with their 补发 (proposed by one reviewer,
 * confirmed by another).
 */
export function PaymentsPage() {
  return (
    <Stack>
      <Title order={2}>银行回盘</Title>
      <ImportPanel />
      <FailuresPanel />
    </Stack>
  );
}

function ImportPanel() {
  const [file, setFile] = useState('');
  const [report, setReport] = useState<Report | null>(null);
  const run = useApiMutation('payments.importReturn', {
    invalidates: ['beneficiaries'],
    onSuccess: (r) => {
      setReport(r);
      if (!r.dryRun && !r.alreadyImported) notifications.show({ color: 'green', message: `已导入 ${r.applied} 行（成功 ${r.paid}，失败 ${r.failed.length}），${r.refused.length} 行未导入` });
    },
  });
  const errors = fieldErrors(run.error);
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          回盘文件（CSV 或 XLSX，格式见导出说明“银行回盘”）须在本机上，填写完整路径。可先“核对”：只列出结果，不记录。
        </Text>
        <Group align="flex-end">
          <TextInput label="回盘文件路径" value={file} onChange={(e) => setFile(e.currentTarget.value)} error={errors.file} w={480} />
          <Button variant="default" loading={run.isPending} disabled={!file.trim()} onClick={() => run.mutate({ file: file.trim(), dryRun: true })}>
            核对
          </Button>
          <Button loading={run.isPending} disabled={!file.trim()} onClick={() => run.mutate({ file: file.trim() })}>
            导入
          </Button>
        </Group>
        <ErrorAlert error={run.error} />
        {report && <ReportView report={report} />}
      </Stack>
    </Paper>
  );
}

function ReportView({ report }: { report: Report }) {
  return (
    <Stack gap="xs" aria-label="回盘导入结果">
      <Text fw={500}>
        {report.alreadyImported
          ? '此文件此前已导入，本次未作任何改动（导入 0 行）'
          : `${report.dryRun ? '核对结果（未记录）' : '导入结果'}：${report.month ?? ''} 可导入 ${report.applied} 行（成功 ${report.paid}，失败 ${report.failed.length}），不予导入 ${report.refused.length} 行`}
      </Text>
      {report.refused.length > 0 && (
        <Table withTableBorder aria-label="不予导入的行">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>行号</Table.Th>
              <Table.Th>原因</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.refused.map((r) => (
              <Table.Tr key={r.line}>
                <Table.Td>{r.line}</Table.Td>
                <Table.Td>{r.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function FailuresPanel() {
  const failures = useApiQuery('payments.failures', {});
  const [reissuing, setReissuing] = useState<Failure | null>(null);
  const confirm = useApiMutation('payments.confirmReissue', {
    invalidates: ['beneficiaries'],
    onSuccess: (r) => notifications.show({ color: 'green', message: `已确认补发，列入 ${r.reissueMonth} 发放名册` }),
  });
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={3}>发放失败待跟进</Title>
        <ErrorAlert error={failures.error ?? confirm.error} />
        <Table withTableBorder aria-label="发放失败名单">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>姓名</Table.Th>
              <Table.Th>身份证号码</Table.Th>
              <Table.Th>事项</Table.Th>
              <Table.Th>发放月份</Table.Th>
              <Table.Th>金额（元）</Table.Th>
              <Table.Th>失败原因</Table.Th>
              <Table.Th>补发</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {failures.data?.items.map((f) => (
              <Table.Tr key={`${f.beneficiaryId}-${f.month}`}>
                <Table.Td>{f.name}</Table.Td>
                <Table.Td>{f.idNumber}</Table.Td>
                <Table.Td>{f.itemName}</Table.Td>
                <Table.Td>{f.month}</Table.Td>
                <Table.Td>{f.amount.toFixed(2)}</Table.Td>
                <Table.Td>{f.reason}</Table.Td>
                <Table.Td>
                  {f.reissue === null ? (
                    <Button size="xs" variant="default" onClick={() => setReissuing(f)}>
                      申请补发
                    </Button>
                  ) : f.reissue.status === 'confirmed' ? (
                    <Badge color="green">已确认，{f.reissue.reissueMonth} 补发</Badge>
                  ) : (
                    <Group gap="xs">
                      <Badge color="yellow">待确认</Badge>
                      <Button size="xs" loading={confirm.isPending} onClick={() => confirm.mutate({ reissueId: f.reissue!.id })}>
                        确认补发
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
            {failures.data?.items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={7}>
                  <Text size="sm" c="dimmed">
                    没有待跟进的发放失败款项
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed">
          补发涉及资金：由一名审核人员申请，另一名审核人员确认；确认后列入确认当月（最早为失败月份的下月）的发放名册。
        </Text>
      </Stack>
      <Modal opened={reissuing !== null} onClose={() => setReissuing(null)} title={reissuing ? `申请补发：${reissuing.name} · ${reissuing.month}` : ''}>
        {reissuing && <ReissueForm failure={reissuing} onDone={() => setReissuing(null)} />}
      </Modal>
    </Paper>
  );
}

function ReissueForm({ failure, onDone }: { failure: Failure; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const propose = useApiMutation('payments.reissue', {
    onSuccess: () => {
      notifications.show({ color: 'green', message: '已申请补发，待另一名审核人员确认' });
      onDone();
    },
  });
  const errors = fieldErrors(propose.error);
  return (
    <Stack>
      <Text size="sm">
        补发金额 {failure.amount.toFixed(2)} 元（{failure.month} 发放失败：{failure.reason}）。如账户有误，请先在居民资料中更正银行账号。
      </Text>
      <Textarea label="补发原因" value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} />
      <ErrorAlert error={propose.error} />
      <Group justify="flex-end">
        <Button loading={propose.isPending} onClick={() => propose.mutate({ beneficiaryId: failure.beneficiaryId, month: failure.month, reason })}>
          申请补发
        </Button>
      </Group>
    </Stack>
  );
}
