import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useApiMutation } from '../../api/query';
import type { HandlerOutput } from '../../../../db/src/contract';
import { printDocument } from '../../platform/print';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { fieldErrors } from '../../ui/errors';
import { DecisionRows } from './DecisionRows';
import { decisionReportRoute } from '../documents/DecisionReportPage';

type Report = HandlerOutput<'decisions.import'>;

function summary(r: Report): string {
  if (r.alreadyImported) return `此文件此前已导入（导入编号 ${r.importId}），本次未作任何改动（导入 0 行）`;
  const what = r.dryRun ? '核对结果（未记录）：可导入' : '导入结果：已办结';
  return `${what} ${r.applied} 行，未改动 ${r.unchanged} 行，不予导入 ${r.refused.length} 行`;
}

/**
 * 导入区级决定: the district authority's decision file (the path on this computer or the
 * centre server, as the CLI takes it). 核对 shows the row report without recording it;
 * 导入 closes the valid rows' cases; the recorded report can be printed.
 */
export function DecisionsPage() {
  const [file, setFile] = useState('');
  const [report, setReport] = useState<Report | null>(null);
  const run = useApiMutation('decisions.import', {
    invalidates: ['cases', 'beneficiaries'],
    onSuccess: (r) => {
      setReport(r);
      if (!r.dryRun && !r.alreadyImported) notifications.show({ color: 'green', message: `已导入 ${r.applied} 行，${r.refused.length} 行未导入` });
    },
  });
  const print = useMutation({
    mutationFn: async (importId: number) => {
      const outcome = await printDocument(decisionReportRoute(importId));
      return outcome.printed ? null : (outcome.message ?? '未打印');
    },
  });
  const errors = fieldErrors(run.error);
  return (
    <Stack>
      <Title order={2}>导入区级决定</Title>
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            区级决定机关（如区民政局）返回的决定文件（CSV 或 XLSX，格式见导入说明“区级决定”）须在本机上，填写完整路径。可先“核对”：列出每一行的结果，不作任何改动。
          </Text>
          <Group align="flex-end">
            <TextInput label="决定文件路径" value={file} onChange={(e) => setFile(e.currentTarget.value)} error={errors.file} w={520} />
            <Button variant="default" loading={run.isPending && run.variables?.dryRun === true} disabled={!file.trim() || run.isPending} onClick={() => run.mutate({ file: file.trim(), dryRun: true })}>
              核对
            </Button>
            <Button loading={run.isPending && run.variables?.dryRun !== true} disabled={!file.trim() || run.isPending} onClick={() => run.mutate({ file: file.trim() })}>
              导入
            </Button>
          </Group>
          <ErrorAlert error={run.error} />
        </Stack>
      </Paper>
      {report && (
        <Paper withBorder p="md" aria-label="导入报告">
          <Stack gap="sm">
            <Group justify="space-between">
              <Text fw={500} data-testid="decision-summary">
                {summary(report)}
              </Text>
              {report.importId !== null && (
                <Button variant="default" loading={print.isPending} onClick={() => print.mutate(report.importId!)}>
                  打印导入报告
                </Button>
              )}
            </Group>
            <ErrorAlert error={print.data} />
            {!report.alreadyImported && <DecisionRows rows={report.rows} dryRun={report.dryRun} />}
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
