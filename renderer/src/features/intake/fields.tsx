import { Group, NumberInput, Radio, Select, SimpleGrid, TextInput, Textarea } from '@mantine/core';
import type { FormFieldDef } from '../cases/types';

import { normalizeDate, type FieldValue, type FieldValues } from './values';

export { normalizeDate, valuesToSend, type FieldValue, type FieldValues } from './values';

interface Props {
  fields: readonly FormFieldDef[];
  values: FieldValues;
  onChange(key: string, value: FieldValue): void;
  errors: Record<string, string>;
  /** the path prefix of the core's field errors */
  prefix?: string;
  /** fields the reviewer fills in later (e.g. 核定金额) are shown but not required here */
  disabled?: boolean;
}

/** An item's form, generated from its field definitions (text, number, money, date, select, boolean). */
export function ItemFormFields({ fields, values, onChange, errors, prefix = 'values', disabled }: Props) {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" verticalSpacing="sm">
      {fields.map((f) => {
        const error = errors[`${prefix}.${f.key}`];
        const common = {
          label: f.label,
          withAsterisk: f.required,
          description: f.help,
          error,
          disabled,
          inputWrapperOrder: ['label', 'input', 'description', 'error'] as ('label' | 'input' | 'description' | 'error')[],
          'data-field': f.key,
        };
        const v = values[f.key] ?? '';
        switch (f.type) {
          case 'number':
          case 'money':
            return (
              <NumberInput
                key={f.key}
                {...common}
                value={typeof v === 'number' || typeof v === 'string' ? v : ''}
                onChange={(n) => onChange(f.key, n === '' ? '' : n)}
                min={f.min}
                max={f.max}
                decimalScale={f.type === 'money' ? 2 : 0}
                allowDecimal={f.type === 'money'}
                hideControls
                thousandSeparator={false}
                rightSection={f.type === 'money' ? '元' : undefined}
              />
            );
          case 'date':
            return (
              <TextInput
                key={f.key}
                {...common}
                placeholder="YYYY-MM-DD，可直接输入 8 位数字"
                value={typeof v === 'string' ? v : ''}
                onChange={(e) => onChange(f.key, e.currentTarget.value)}
                onBlur={(e) => onChange(f.key, normalizeDate(e.currentTarget.value))}
                autoComplete="off"
                maxLength={12}
              />
            );
          case 'select':
            return (
              <Select
                key={f.key}
                {...common}
                data={(f.options ?? []).map((o) => ({ value: o.value, label: o.label }))}
                value={typeof v === 'string' && v !== '' ? v : null}
                onChange={(s) => onChange(f.key, s ?? '')}
                placeholder="请选择（↓ 展开，Enter 选定）"
                allowDeselect={false}
                clearable={!f.required}
                comboboxProps={{ withinPortal: true }}
              />
            );
          case 'boolean':
            return (
              <Radio.Group
                key={f.key}
                label={f.label}
                withAsterisk={f.required}
                description={f.help}
                error={error}
                value={v === true ? 'yes' : v === false ? 'no' : ''}
                onChange={(s) => onChange(f.key, s === 'yes')}
                data-field={f.key}
              >
                <Group gap="lg" mt={6}>
                  <Radio value="yes" label="是" disabled={disabled} />
                  <Radio value="no" label="否" disabled={disabled} />
                </Group>
              </Radio.Group>
            );
          default:
            return (f.maxLength ?? 0) > 120 ? (
              <Textarea
                key={f.key}
                {...common}
                value={typeof v === 'string' ? v : ''}
                onChange={(e) => onChange(f.key, e.currentTarget.value)}
                autosize
                minRows={1}
                maxRows={4}
                maxLength={f.maxLength}
              />
            ) : (
              <TextInput
                key={f.key}
                {...common}
                value={typeof v === 'string' ? v : ''}
                onChange={(e) => onChange(f.key, e.currentTarget.value)}
                maxLength={f.maxLength}
                autoComplete="off"
              />
            );
        }
      })}
    </SimpleGrid>
  );
}
