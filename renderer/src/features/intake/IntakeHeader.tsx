import { Group, Kbd, Select, Text, Title } from '@mantine/core';
import type { Dispatch } from 'react';
import { useApiQuery } from '../../api/query';
import type { IntakeAction, IntakeState } from './intakeState';

const NO_WINDOWS: string[] = [];

/** The title, the keys of the screen, and the counter window this intake is taken at. */
export function IntakeHeader({ state: { windowNo, fieldErrors }, dispatch }: { state: IntakeState; dispatch: Dispatch<IntakeAction> }) {
  const windows = useApiQuery('settings.get', {}).data?.windows ?? NO_WINDOWS;
  return (
    <Group justify="space-between" wrap="nowrap">
      <Title order={2}>受理</Title>
      <Group gap="xs" wrap="nowrap">
        <Text size="xs" c="dimmed" visibleFrom="md">
          <Kbd size="xs">Alt+S</Kbd> 查找 <Kbd size="xs">Alt+A</Kbd> 材料收齐 <Kbd size="xs">Alt+1</Kbd>–<Kbd size="xs">4</Kbd> 决定 <Kbd size="xs">Ctrl+Enter</Kbd> 提交
        </Text>
        {windows.length > 0 && (
          <Select
            aria-label="受理窗口"
            size="xs"
            w={120}
            data={windows}
            value={windowNo}
            onChange={(w) => dispatch({ type: 'setWindow', windowNo: w })}
            placeholder="窗口"
            error={fieldErrors.windowNo}
          />
        )}
      </Group>
    </Group>
  );
}
