import { Alert, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useApiMutation } from '../../../api/query';
import type { HandlerOutput } from '../../../../../db/src/contract';
import { ErrorAlert } from '../../../ui/ErrorAlert';
import { Pager, usePaged } from '../../../ui/Paged';

type Result = HandlerOutput<'residents.import'>;

/** The dry run's or the import's report: counts, every refused row, what was updated, and the XLSX to send back. */
export function ImportReport({ result }: { result: Result }) {
  if (result.cancelled) {
    return (
      <Alert color="yellow" role="status" title="已取消">
        导入已取消，数据库与导入前完全相同。
      </Alert>
    );
  }
  const updated = result.applied - result.created;
  return (
    <Stack gap="sm" role="region" aria-label={result.dryRun ? '核对结果' : '导入结果'}>
      <Title order={5}>{result.dryRun ? '核对结果（未写入数据库）' : '导入结果'}</Title>
      <Text size="sm" data-testid="import-summary">
        共 {result.rows} 行：{result.dryRun ? '可新增' : '新增'} {result.created} 人，{result.dryRun ? '可更新' : '更新'} {updated} 人，无变化 {result.unchanged} 人，不予导入 {result.refused.length} 行；家庭户{result.dryRun ? '可' : ''}新建 {result.households.created} 户、补全 {result.households.completed} 户。
      </Text>
      {!result.dryRun && result.applied === 0 && result.refused.length === 0 && (
        <Text size="sm" c="dimmed">
          文件中的居民均已按此保存，本次未作任何改动。
        </Text>
      )}
      <Text size="xs" c="dimmed">
        文件 SHA-256：{result.sha256}
      </Text>
      {result.refused.length > 0 && <RefusedRows result={result} />}
      {result.updated.length > 0 && <UpdatedRows result={result} />}
    </Stack>
  );
}

function RefusedRows({ result }: { result: Result }) {
  const paged = usePaged(result.refused, 15);
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text fw={500}>不予导入的行（{result.refused.length}）</Text>
        {result.reportId && <DownloadReport reportId={result.reportId} />}
      </Group>
      <Table withTableBorder verticalSpacing={4} aria-label="不予导入的行" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={80}>行号</Table.Th>
            <Table.Th w={160}>列</Table.Th>
            <Table.Th>原因</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {paged.items.map((r, i) => (
            <Table.Tr key={`${r.line}-${r.field}-${i}`}>
              <Table.Td>{r.line}</Table.Td>
              <Table.Td>{r.column ?? (r.field === '' ? '整行' : r.field)}</Table.Td>
              <Table.Td>{r.reason}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Pager {...paged} label="不予导入的行分页" />
      <Text size="xs" c="dimmed">
        下载的问题行文件保留原文件的列，另加“问题”一列：请发文件的单位改正后重新发来，再导入即可（已导入的行再次导入不会重复）。
      </Text>
    </Stack>
  );
}

function UpdatedRows({ result }: { result: Result }) {
  const paged = usePaged(result.updated, 10);
  return (
    <Stack gap="xs">
      <Text fw={500}>{result.dryRun ? '将更新' : '已更新'}的居民（{result.updated.length}，只改与文件不同且文件中不为空的字段）</Text>
      <Table withTableBorder verticalSpacing={4} aria-label="更新的居民" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={80}>行号</Table.Th>
            <Table.Th w={160}>姓名</Table.Th>
            <Table.Th>更新的字段</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {paged.items.map((u) => (
            <Table.Tr key={u.line}>
              <Table.Td>{u.line}</Table.Td>
              <Table.Td>{u.name}</Table.Td>
              <Table.Td>{u.fields.join('、')}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Pager {...paged} label="更新的居民分页" />
    </Stack>
  );
}

/** Saves the refused rows (the file's own columns plus 问题) as XLSX, through the browser's download. */
function DownloadReport({ reportId }: { reportId: string }) {
  const report = useApiMutation('residents.importReport', { invalidates: 'none', onSuccess: saveXlsx });
  return (
    <Stack gap={4} align="flex-end">
      <Button size="xs" variant="light" loading={report.isPending} onClick={() => report.mutate({ reportId })}>
        下载问题行（XLSX）
      </Button>
      <ErrorAlert error={report.error} />
    </Stack>
  );
}

function saveXlsx(report: { fileName: string; contentBase64: string }): void {
  const bytes = Uint8Array.from(atob(report.contentBase64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = report.fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // the download has its bytes once it started; the page may stay open for hours
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
