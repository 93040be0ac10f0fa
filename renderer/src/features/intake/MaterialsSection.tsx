import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { Dispatch } from 'react';
import type { ItemDefinition } from '../cases/types';
import { currentReceived, type IntakeAction, type IntakeState } from './intakeState';
import { MaterialsChecklist } from './MaterialsChecklist';

/** 4 材料: the item's checklist, with 收齐 for all required materials at once (Alt+A). */
export function MaterialsSection({ item, state, dispatch }: { item: ItemDefinition; state: IntakeState; dispatch: Dispatch<IntakeAction> }) {
  return (
    <Paper withBorder p="md" component="section" aria-label="材料">
      <Stack gap="sm">
        <Title order={4}>4 材料</Title>
        <MaterialsChecklist
          materials={item.materials}
          received={currentReceived(state)}
          onReceived={(key, copies) => dispatch({ type: 'setReceived', key, copies })}
          deferring={state.decision === 'accept_deferred'}
          dueDates={state.dueDates}
          onDueDate={(key, date) => dispatch({ type: 'setDueDate', key, date })}
          errors={state.fieldErrors}
        />
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            Tab 到“收齐”框按空格勾选；部分交来的直接改实交份数
          </Text>
          <Button size="xs" variant="default" onClick={() => dispatch({ type: 'allReceived', materials: item.materials })}>
            必交材料全部收齐（Alt+A）
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
