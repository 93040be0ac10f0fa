import { Badge, Group, Loader, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useMemo, type Dispatch, type RefObject } from 'react';
import type { CatalogueEntry, ItemDefinition } from '../cases/types';
import { matchItems } from '../cases/useCatalogue';
import type { IntakeAction, IntakeState } from './intakeState';

/** 2 事项: the item picker (name, short name, code or pinyin) and a line about the chosen item. */
export function ItemSection({
  state: { itemCode, itemSearch, fieldErrors },
  dispatch,
  catalogue,
  item,
  error,
  onPick,
  inputRef,
}: {
  state: IntakeState;
  dispatch: Dispatch<IntakeAction>;
  catalogue: readonly CatalogueEntry[];
  /** the chosen item's definition, once read */
  item: ItemDefinition | null;
  /** why the catalogue or the item could not be read */
  error: string | null;
  onPick(code: string | null): void;
  inputRef: RefObject<HTMLInputElement | null>;
}) {
  const options = useMemo(() => catalogue.map((i) => ({ value: i.code, label: i.name })), [catalogue]);
  return (
    <Paper withBorder p="md" component="section" aria-label="申请事项">
      <Stack gap="sm">
        <Title order={4}>2 事项</Title>
        <Select
          ref={inputRef}
          label="申请事项"
          placeholder="输入名称、简称、编码或拼音（如 dibao、dbs、MZ-DB），Enter 选定"
          searchable
          data={options}
          value={itemCode}
          searchValue={itemSearch}
          onSearchChange={(text) => dispatch({ type: 'searchItem', text })}
          onChange={onPick}
          filter={({ options: shown, search }) => {
            const ranked = matchItems(catalogue, itemCode && search === (catalogue.find((i) => i.code === itemCode)?.name ?? '') ? '' : search);
            const byCode = new Map(shown.map((o) => ['value' in o ? o.value : '', o]));
            return ranked.map((i) => byCode.get(i.code)).filter((o): o is (typeof shown)[number] => !!o);
          }}
          renderOption={({ option }) => {
            const entry = catalogue.find((i) => i.code === option.value);
            return (
              <Group gap="xs" wrap="nowrap" justify="space-between" w="100%">
                <Text size="sm">{option.label}</Text>
                <Text size="xs" c="dimmed" ff="monospace">
                  {entry?.familyLabel} · {option.value}
                </Text>
              </Group>
            );
          }}
          selectFirstOptionOnChange
          allowDeselect={false}
          nothingFoundMessage="没有相符的事项"
          maxDropdownHeight={320}
          error={fieldErrors.itemCode ?? error}
          comboboxProps={{ withinPortal: true }}
        />
        {item && (
          <Group gap="xs">
            <Badge variant="light">{catalogue.find((i) => i.code === item.code)?.familyLabel}</Badge>
            <Text size="sm" c="dimmed">
              {item.department} · 时限 {item.timeLimitDays} 个工作日
              {item.householdBased ? ' · 以家庭为单位' : ''}
              {item.recurring ? ' · 按月发放' : ''} · {item.stages.map((s) => s.name).join(' → ')}
            </Text>
          </Group>
        )}
        {itemCode && !item && !error && <Loader size="sm" aria-label="正在读取事项" />}
      </Stack>
    </Paper>
  );
}
