import { Button, Group, Stack, Text } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useReducer, type FormEvent } from 'react';
import { useApiMutation } from '../../../api/query';
import { ErrorAlert } from '../../../ui/ErrorAlert';
import { fieldErrors } from '../../../ui/errors';
import { definitionOf, type CatalogueItem } from '../catalogueLabels';
import { draftReducer } from '../catalogueDraft';
import { BasicsSection } from './BasicsSection';
import { HukouSection } from './HukouSection';
import { MaterialsSection } from './MaterialsSection';
import { FieldsSection } from './FieldsSection';
import { StagesSection } from './StagesSection';
import { RecurringAmountSection } from './RecurringAmountSection';
import { GradeAmountsSection } from './GradeAmountsSection';
import { Problems } from './Problems';
import { placeErrors } from './errorPlacement';

/**
 * Edits an item's definition as a draft (catalogueDraft.ts) and saves it as a new version;
 * the sections below are views of the draft that send their edits as actions.
 */
export function ItemEditor({ item, onCancel, onSaved }: { item: CatalogueItem; onCancel(): void; onSaved(version: number): void }) {
  const [draft, edit] = useReducer(draftReducer, item, definitionOf);
  const saving = useApiMutation('catalogue.save', {
    onSuccess: (result) => {
      notifications.show({ color: 'green', message: `事项“${draft.name}”已保存为第 ${result.version} 版` });
      onSaved(result.version);
    },
  });
  const errors = fieldErrors(saving.error);
  const busy = saving.isPending;
  const err = (path: string) => errors[`definition.${path}`];
  const placement = placeErrors(errors, draft);

  const save = (e?: FormEvent) => {
    e?.preventDefault();
    saving.mutate({ definition: draft, expectedCurrentVersion: item.currentVersion });
  };
  useHotkeys([['mod+S', () => void save()]], []);

  return (
    <form onSubmit={save} aria-label="编辑事项" noValidate>
      <Stack>
        <BasicsSection draft={draft} edit={edit} err={err} />
        <HukouSection draft={draft} edit={edit} err={err} />
        <MaterialsSection materials={draft.materials ?? []} edit={edit} err={err} />
        <Problems list={placement.inSection.materials} />
        <FieldsSection fields={draft.fields ?? []} edit={edit} err={err} />
        <Problems list={placement.inSection.fields} />
        <StagesSection stages={draft.stages} edit={edit} err={err} />
        <Problems list={placement.inSection.stages} />
        <RecurringAmountSection recurring={draft.recurring} edit={edit} />
        <GradeAmountsSection draft={draft} edit={edit} err={err} />
        <Problems list={placement.elsewhere} />
        {/* Every field message is shown at its row or in the lists under each table. */}
        <ErrorAlert error={saving.error} placed={(p) => p.startsWith('definition')} title="未保存" />
        <Group>
          <Button type="submit" loading={busy}>
            保存为新版本（第 {item.currentVersion + 1} 版，Ctrl+S）
          </Button>
          <Button variant="default" onClick={onCancel} disabled={busy}>
            取消
          </Button>
          <Text size="xs" c="dimmed">
            保存不改动已受理办件所用的版本。类别、定期发放、资格提示等其他设置保持不变。
          </Text>
        </Group>
      </Stack>
    </form>
  );
}
