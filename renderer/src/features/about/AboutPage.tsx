import { Alert, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useApiQuery } from '../../api/query';
import { ErrorAlert } from '../../ui/ErrorAlert';

export function AboutPage() {
  const read = useApiQuery('system.info', {});
  const info = read.data ?? null;

  return (
    <Stack maw={720}>
      <Title order={2}>关于</Title>
      <ErrorAlert error={read.error} title="无法读取系统信息" />
      {!info && !read.error && <Loader size="sm" aria-label="正在读取" />}
      {info && (
        <Table withTableBorder withColumnBorders variant="vertical" data-testid="system-info">
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={180}>程序版本</Table.Th>
              <Table.Td data-testid="program-version">{info.programVersion}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>数据库结构版本</Table.Th>
              <Table.Td data-testid="schema-version">{info.schemaVersion}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>数据库文件</Table.Th>
              <Table.Td style={{ wordBreak: 'break-all' }}>{info.databasePath}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>SQLite 版本</Table.Th>
              <Table.Td>{info.sqliteVersion}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      )}
      <Alert color="orange" title="事项目录中的金额" data-testid="catalogue-amounts-note">
        <Text size="sm">
          随程序提供的事项目录中的发放金额（年龄档金额、默认月发放金额等）均为示例，须由本中心按本区现行标准确认后方可使用；如有不同，请由管理员在事项目录中保存新版本。
        </Text>
      </Alert>
    </Stack>
  );
}
