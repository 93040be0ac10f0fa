import { Alert, List, Text } from '@mantine/core';
import type { HandlerOutput } from '../../../../db/src/contract';

type Withheld = NonNullable<HandlerOutput<'exports.run'>['withheld']>;

/**
 * The benefits a 发放名册 left out because the person also receives an item they cannot
 * be paid together with (the one approved first is listed). Said where the export was run:
 * money silently left out is as wrong as money paid twice.
 */
export function WithheldAlert({ withheld }: { withheld: Withheld | undefined }) {
  if (!withheld?.length) return null;
  return (
    <Alert color="orange" title={`发放名册未列入 ${withheld.length} 项待遇（互斥待遇不同时发放）`} data-testid="roster-withheld">
      <List size="sm" spacing={2}>
        {withheld.map((w) => (
          <List.Item key={`${w.caseNo}-${w.itemCode}`}>{w.reason}</List.Item>
        ))}
      </List>
      <Text size="xs" c="dimmed" mt={4}>
        已写入导出清单（manifest.json 的 summary.withheld）。
      </Text>
    </Alert>
  );
}
