import { Alert, Badge, Button, FileInput, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiKey, useApiMutation, useApiQuery } from '../../../api/query';
import { useImportUpload } from '../../../api/upload';
import type { HandlerOutput } from '../../../../../db/src/contract';
import { ErrorAlert } from '../../../ui/ErrorAlert';
import { ImportReport } from './ImportReport';
import { MappingTable, type Mapping } from './MappingTable';
import { PreviewTable } from './PreviewTable';
import { ENCODING_LABELS } from './labels';

type Result = HandlerOutput<'residents.import'>;

/**
 * 管理 → 数据导入: a sub-district's residents and households from one XLSX or CSV file.
 * The file goes to the core first (upload.ts); then the screen shows the encoding found,
 * the columns' fields (remembered by header name from the last import), the first rows as
 * they will be stored, a dry run's report, and the import with its progress and cancel.
 */
export function ResidentImportPanel() {
  const [chosen, setChosen] = useState<File | null>(null);
  const upload = useImportUpload();
  const uploaded = upload.data ?? null;
  // The person's own choices; absent until one column is changed (the core resolves the rest).
  const [mapping, setMapping] = useState<Mapping | undefined>(undefined);
  const [result, setResult] = useState<Result | null>(null);

  const choose = (file: File | null) => {
    setChosen(file);
    setMapping(undefined);
    setResult(null);
    run.reset();
    upload.reset();
    if (file) upload.mutate(file);
  };

  const preview = useApiQuery('residents.importPreview', { file: uploaded?.file ?? '', ...(mapping ? { mapping } : {}) }, { enabled: uploaded !== null, placeholderData: keepPreviousData });
  const shown = uploaded && preview.data ? preview.data : null;

  const client = useQueryClient();
  const run = useApiMutation('residents.import', {
    invalidates: ['households'],
    // a failed run too: its last progress answer (still running) must not pass for another import's
    onSettled: () => client.invalidateQueries({ queryKey: apiKey('residents.importProgress') }),
    onSuccess: (r) => {
      setResult(r);
      if (r.cancelled) notifications.show({ color: 'yellow', message: '已取消：数据库未作任何改动' });
      else if (!r.dryRun) notifications.show({ color: 'green', message: `导入完成：新增 ${r.created} 人，更新 ${r.applied - r.created} 人，${r.refused.length} 行未导入` });
    },
  });
  const start = (dryRun: boolean) => {
    if (!uploaded || !shown) return;
    setResult(null);
    run.mutate({ file: uploaded.file, mapping: shown.mapping, dryRun });
  };
  // An import started before this screen was opened (another tab, another window, or before
  // leaving this tab) still runs on the host: shown with its progress and cancel.
  const elsewhere = useApiQuery('residents.importProgress', {}, { enabled: !run.isPending, refetchInterval: (q) => (q.state.data?.running ? 1000 : false) });
  const other = !run.isPending && elsewhere.data?.running ? elsewhere.data : null;
  const blocked = !shown || shown.missingRequired.length > 0 || preview.isFetching || other !== null;

  return (
    <Stack>
      {other && (
        <Alert color="blue" title={`另一次${other.dryRun ? '核对' : '导入'}正在进行：${other.fileName}`}>
          <RunningImport since={0} />
        </Alert>
      )}
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Title order={4}>导入居民和家庭户</Title>
          <Text size="sm" c="dimmed">
            XLSX 或 CSV 文件（UTF-8、带 BOM 的 UTF-8 或 GB 18030，自动识别），第一行为列名。列名为“姓名、身份证号、性别、出生日期、联系电话、户籍、居住地址、户号、户主身份证号、与户主关系、银行及账号”的列无须对应；其他列名在下面选择对应字段，下次导入同样列名的文件时沿用。
          </Text>
          <FileInput
            label="导入文件"
            placeholder="选择 XLSX 或 CSV 文件…"
            accept=".csv,.xlsx,.txt,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            value={chosen}
            onChange={choose}
            disabled={upload.isPending || run.isPending}
            clearable
            maw={520}
          />
          {upload.isPending && (
            <Stack gap={4} maw={520}>
              <Text size="sm" role="status">
                正在上传文件… {Math.round(upload.fraction * 100)}%
              </Text>
              <Progress value={upload.fraction * 100} aria-label="上传进度" />
            </Stack>
          )}
          <ErrorAlert error={upload.error} title="文件未能上传" />
          <ErrorAlert error={preview.error} title="文件无法读取" />
          {shown && (
            <Group gap="xs" aria-label="文件信息">
              <Text size="sm">
                {shown.fileName}：{shown.format === 'xlsx' ? 'Excel 工作簿（XLSX）' : 'CSV 文件'}
              </Text>
              <Badge variant="light" data-testid="import-encoding">
                编码：{ENCODING_LABELS[shown.encoding] ?? shown.encoding}
              </Badge>
            </Group>
          )}
        </Stack>
      </Paper>

      {shown && (
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Title order={4}>列与字段的对应</Title>
            <MappingTable preview={shown} mapping={mapping ?? shown.mapping} onChange={(header, field) => setMapping((own) => ({ ...(own ?? shown.mapping), [header]: field }))} disabled={run.isPending} />
            {shown.missingRequired.length > 0 && (
              <Alert color="red" role="alert" py="xs">
                必须有对应“{shown.missingRequired.map((k) => shown.fields.find((f) => f.key === k)?.label ?? k).join('、')}”的列
              </Alert>
            )}
          </Stack>
        </Paper>
      )}

      {shown && (
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Title order={4}>预览：前 {shown.rows.length} 行导入后的样子</Title>
            <PreviewTable preview={shown} />
            <Text size="xs" c="dimmed">
              此处只检查各行本身；文件内身份证号重复、户主不在文件中等跨行问题，请“核对”整个文件。
            </Text>
          </Stack>
        </Paper>
      )}

      {shown && (
        <Paper withBorder p="md">
          <Stack gap="sm">
            <Group>
              <Button variant="default" disabled={blocked || run.isPending} loading={run.isPending && run.variables?.dryRun === true} onClick={() => start(true)}>
                核对（不写入）
              </Button>
              <Button disabled={blocked || run.isPending} loading={run.isPending && run.variables?.dryRun === false} onClick={() => start(false)}>
                导入
              </Button>
            </Group>
            {run.isPending && <RunningImport since={run.submittedAt} />}
            <ErrorAlert error={run.error} title="导入未完成，数据库未作任何改动" />
            {result && <ImportReport result={result} />}
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}

/** The import's progress bar (polled), with its counts, an estimate and the cancel button. */
function RunningImport({ since }: { since: number }) {
  const progress = useApiQuery('residents.importProgress', {}, { refetchInterval: 500 });
  const cancel = useApiMutation('residents.importCancel', { invalidates: 'none' });
  const p = progress.dataUpdatedAt >= since && progress.data?.running ? progress.data : null;
  const percent = p ? Math.round(p.fraction * 100) : 0;
  let line = '正在开始…';
  if (p) {
    const counts =
      p.phase === 'reading'
        ? `正在读取和检查：已读 ${p.rowsRead} 行`
        : `正在${p.dryRun ? '试写入' : '写入'}：${p.rowsApplied} / ${p.rowsTotal ?? p.rowsRead} 行`;
    const eta = p.etaSeconds === null ? '' : `，预计还需 ${formatSeconds(p.etaSeconds)}`;
    line = p.cancelRequested ? '正在取消…（撤回已写入的部分）' : `${counts}（${percent}%）${eta}`;
  }
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Text size="sm" role="status" aria-label="导入进度说明">
          {line}
        </Text>
        <Button size="xs" color="red" variant="light" loading={cancel.isPending} disabled={p?.cancelRequested === true} onClick={() => cancel.mutate({})}>
          取消导入
        </Button>
      </Group>
      <Progress value={percent} aria-label="导入进度" animated striped />
      <ErrorAlert error={cancel.error} />
    </Stack>
  );
}

function formatSeconds(s: number): string {
  const n = Math.max(1, Math.round(s));
  return n < 60 ? `${n} 秒` : `${Math.floor(n / 60)} 分 ${n % 60} 秒`;
}
