import { Group, NumberInput, TagsInput, Text } from '@mantine/core';
import type { FormField } from '../catalogueLabels';
import { withoutKey } from '../catalogueDraft';

/** What a field of this type may be limited by: options for a choice, a range for numbers, a length for text. */
export function FieldConstraints({ field, onChange, err }: { field: FormField; onChange(f: FormField): void; err(key: string): string | undefined }) {
  const num = (key: 'min' | 'max' | 'maxLength', label: string) => (
    <NumberInput
      size="xs"
      aria-label={label}
      placeholder={label}
      w={110}
      value={field[key] ?? ''}
      onChange={(v) => onChange(typeof v === 'number' ? { ...field, [key]: v } : withoutKey(field, key))}
      error={err(key)}
    />
  );
  if (field.type === 'select') {
    const options = (field.options ?? []).map((o) => (typeof o === 'string' ? { value: o, label: o } : o));
    return (
      <TagsInput
        size="xs"
        aria-label="选项"
        placeholder="输入选项后回车"
        value={options.map((o) => o.label)}
        onChange={(labels) => onChange({ ...field, options: labels.map((l) => options.find((o) => o.label === l) ?? l) })}
        error={err('options')}
      />
    );
  }
  if (field.type === 'number' || field.type === 'money') {
    return (
      <Group gap={6} wrap="nowrap">
        {num('min', '最小值')}
        {num('max', '最大值')}
      </Group>
    );
  }
  if (field.type === 'text') return num('maxLength', '最大长度');
  return (
    <Text size="xs" c="dimmed">
      —
    </Text>
  );
}
