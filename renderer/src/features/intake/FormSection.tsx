import { Paper, Stack, Title } from '@mantine/core';
import type { RefObject } from 'react';
import type { ItemDefinition } from '../cases/types';
import { ItemFormFields } from './fields';
import type { FieldValue, FieldValues } from './values';

/** 3 申请表: the chosen item's form, generated from its field definitions. */
export function FormSection({
  item,
  values,
  errors,
  onChange,
  boxRef,
}: {
  item: ItemDefinition;
  values: FieldValues;
  errors: Record<string, string>;
  onChange(key: string, value: FieldValue): void;
  /** holds the inputs: the page moves the cursor to the first one when the item is picked */
  boxRef: RefObject<HTMLDivElement | null>;
}) {
  return (
    <Paper withBorder p="md" component="section" aria-label="申请表">
      <Stack gap="sm">
        <Title order={4}>3 申请表</Title>
        <div ref={boxRef}>
          <ItemFormFields fields={item.fields} values={values} onChange={onChange} errors={errors} />
        </div>
      </Stack>
    </Paper>
  );
}
