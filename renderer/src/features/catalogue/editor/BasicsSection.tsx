import { Autocomplete, NumberInput, Paper, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import type { Definition } from '../catalogueLabels';
import { CENTRE, CENTRE_LABEL, DISTRICT_AUTHORITIES, type DraftAction } from '../catalogueDraft';
import type { SectionProps } from './section';

/** 名称、主管部门、时限、决定机关与说明。 */
export function BasicsSection({ draft, edit, err }: SectionProps & { draft: Definition }) {
  const set = <K extends keyof Definition>(key: K, value: Definition[K]) => edit({ type: 'set', key, value } as DraftAction);
  return (
    <>
      <Paper withBorder p="md">
        <SimpleGrid cols={4} spacing="md">
          <TextInput label="事项名称" withAsterisk value={draft.name} onChange={(e) => set('name', e.currentTarget.value)} error={err('name')} data-autofocus autoFocus />
          <TextInput label="主管部门" withAsterisk value={draft.department} onChange={(e) => set('department', e.currentTarget.value)} error={err('department')} />
          <NumberInput
            label="办理时限（工作日）"
            withAsterisk
            value={draft.timeLimitDays}
            onChange={(v) => set('timeLimitDays', typeof v === 'number' ? v : Number.NaN)}
            error={err('timeLimitDays')}
            allowDecimal={false}
            min={1}
          />
          <NumberInput
            label="可延期（工作日，0 为不可延期）"
            value={draft.extensionDays ?? 0}
            onChange={(v) => set('extensionDays', typeof v === 'number' ? v : 0)}
            error={err('extensionDays')}
            allowDecimal={false}
            min={0}
          />
        </SimpleGrid>
        <SimpleGrid cols={4} spacing="md" mt="sm">
          <Autocomplete
            label="决定机关"
            description="本中心审批，或移交区级部门审核确认（收受分离）"
            value={!draft.decidedBy || draft.decidedBy === CENTRE ? CENTRE_LABEL : draft.decidedBy}
            data={[CENTRE_LABEL, ...DISTRICT_AUTHORITIES]}
            onChange={(v) => edit({ type: 'setDecidedBy', value: v })}
            error={err('decidedBy')}
          />
          {draft.decidedBy && draft.decidedBy !== CENTRE && (
            <NumberInput
              label="区级办理时限（工作日，自移交起）"
              withAsterisk
              value={draft.districtTimeLimitDays ?? ''}
              onChange={(v) => set('districtTimeLimitDays', typeof v === 'number' ? v : undefined)}
              error={err('districtTimeLimitDays')}
              allowDecimal={false}
              min={1}
            />
          )}
        </SimpleGrid>
        <Textarea label="说明" mt="sm" autosize minRows={1} maxRows={4} value={draft.description ?? ''} onChange={(e) => set('description', e.currentTarget.value)} error={err('description')} />
      </Paper>
    </>
  );
}
