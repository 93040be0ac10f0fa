import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  List,
  Modal,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useReducer, useState, type FormEvent, type ReactNode } from 'react';
import { useApiMutation, useApiQuery } from '../../api/query';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { errorText, fieldErrors } from '../../ui/errors';
import { FAMILY_LABELS } from '../../ui/labels';
import {
  definitionOf,
  describePath,
  FIELD_TYPE_LABELS,
  MATERIAL_FORM_LABELS,
  STAGE_KIND_LABELS,
  type CatalogueItem,
  type Definition,
  type FormField,
  type Material,
  type Stage,
} from './catalogueLabels';
import { draftReducer, withoutKey, type DraftAction } from './catalogueDraft';

const formatDate = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

/** One item of the catalogue: its definition, editing (saved as a new version), retire and restore. */
export function CatalogueItemPage({ code, onBack }: { code: string; onBack(): void }) {
  // A save, retire or restore invalidates the catalogue: this read follows by itself.
  const loaded = useApiQuery('catalogue.get', { code });
  const item: CatalogueItem | null = loaded.data ?? null;
  const [editing, setEditing] = useState(false);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  useHotkeys([['alt+E', () => item && setEditing(true)]], []);

  if (!item) return <ErrorAlert error={loaded.error} />;

  return (
    <Stack>
      <Group justify="space-between" wrap="nowrap">
        <Group gap="sm" wrap="nowrap" miw={0}>
          <Button variant="subtle" size="xs" onClick={onBack}>
            ← 返回目录
          </Button>
          <Title order={3} style={{ whiteSpace: 'nowrap' }}>
            {item.name}
          </Title>
          <Text ff="monospace" c="dimmed" size="sm">
            {item.code}
          </Text>
          <Badge variant="light" data-testid="item-version">
            第 {item.version} 版
          </Badge>
          {item.retired && <Badge color="gray">已停用</Badge>}
        </Group>
        {!editing && (
          <Group gap="xs" wrap="nowrap">
            <RetireRestore item={item} />
            <Button onClick={() => setEditing(true)}>编辑（Alt+E）</Button>
          </Group>
        )}
      </Group>
      {savedVersion !== null && !editing && (
        <Alert color="green" role="status" withCloseButton onClose={() => setSavedVersion(null)}>
          已保存为第 {savedVersion} 版。新受理的办件按新版本办理；已受理的办件仍按受理时的版本。
        </Alert>
      )}
      {editing ? (
        <ItemEditor
          item={item}
          onCancel={() => setEditing(false)}
          onSaved={(version) => {
            setSavedVersion(version);
            setEditing(false);
          }}
        />
      ) : (
        <ItemView item={item} />
      )}
    </Stack>
  );
}

function RetireRestore({ item }: { item: CatalogueItem }) {
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  const retirement = useApiMutation('catalogue.retire', {
    onSuccess: () => {
      notifications.show({ color: 'green', message: `已停用事项“${item.name}”` });
      setOpened(false);
    },
  });
  const restoration = useApiMutation('catalogue.restore', {
    onSuccess: () => notifications.show({ color: 'green', message: `已恢复事项“${item.name}”` }),
  });
  const failed = retirement.error ?? restoration.error;
  const error = failed ? (fieldErrors(failed).reason ?? errorText(failed)) : null;
  const busy = retirement.isPending || restoration.isPending;

  const retire = (e: FormEvent) => {
    e.preventDefault();
    restoration.reset();
    retirement.mutate({ code: item.code, ...(reason.trim() ? { reason } : {}) });
  };
  const restore = () => {
    retirement.reset();
    restoration.mutate({ code: item.code });
  };

  if (item.retired) {
    return (
      <Group gap="xs" wrap="nowrap">
        {error && (
          <Text c="red" size="sm" role="alert">
            {error}
          </Text>
        )}
        <Button variant="light" color="green" loading={busy} onClick={() => void restore()}>
          恢复事项
        </Button>
      </Group>
    );
  }
  return (
    <>
      <Button variant="light" color="red" onClick={() => setOpened(true)}>
        停用事项
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={`停用事项：${item.name}`}>
        <form onSubmit={retire} aria-label="停用事项" noValidate>
          <Stack gap="sm">
            <Text size="sm">停用后不能再受理新申请；已有办件和历史版本仍可查看，之后可以恢复。</Text>
            <Textarea label="停用原因" data-autofocus value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={error} autosize minRows={2} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpened(false)}>
                取消（Esc）
              </Button>
              <Button type="submit" color="red" loading={busy}>
                确认停用
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

function Info({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </Stack>
  );
}

const yesNo = (b: boolean | undefined) => (b ? '是' : '否');

function ItemView({ item }: { item: CatalogueItem }) {
  return (
    <Stack>
      <Paper withBorder p="md">
        <SimpleGrid cols={4} spacing="md" verticalSpacing="sm">
          <Info label="类别">{FAMILY_LABELS[item.family]}</Info>
          <Info label="主管部门">{item.department}</Info>
          <Info label="办理时限">{item.timeLimitDays} 个工作日</Info>
          <Info label="可延期">{item.extensionDays > 0 ? `可延 ${item.extensionDays} 个工作日` : '不可延期'}</Info>
          <Info label="按户办理">{yesNo(item.householdBased)}</Info>
          <Info label="定期发放">{yesNo(item.recurring !== null)}</Info>
          <Info label="年度复核">{yesNo(item.annualReview)}</Info>
          <Info label="本版保存于">{formatDate(item.savedAt)}</Info>
          {item.aliases.length > 0 && <Info label="简称">{item.aliases.join('、')}</Info>}
          {item.retired && <Info label="停用">{`${formatDate(item.retiredAt)}${item.retiredReason ? `：${item.retiredReason}` : ''}`}</Info>}
        </SimpleGrid>
        {item.description && (
          <Text size="sm" mt="sm" c="dimmed">
            {item.description}
          </Text>
        )}
      </Paper>
      <Title order={4}>申请材料</Title>
      <Table withTableBorder verticalSpacing={4} fz="sm" aria-label="申请材料">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>材料名称</Table.Th>
            <Table.Th w={80}>应交份数</Table.Th>
            <Table.Th w={80}>形式</Table.Th>
            <Table.Th w={60}>必交</Table.Th>
            <Table.Th w={70}>可容缺</Table.Th>
            <Table.Th>说明</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {item.materials.map((m) => (
            <Table.Tr key={m.key}>
              <Table.Td>{m.name}</Table.Td>
              <Table.Td>{m.copies}</Table.Td>
              <Table.Td>{MATERIAL_FORM_LABELS[m.form]}</Table.Td>
              <Table.Td>{yesNo(m.required)}</Table.Td>
              <Table.Td>{yesNo(m.deferrable)}</Table.Td>
              <Table.Td c="dimmed">{m.note ?? ''}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group align="flex-start" grow>
        <Stack gap="xs">
          <Title order={4}>表单字段</Title>
          {item.fields.length === 0 ? (
            <Text size="sm" c="dimmed">
              无
            </Text>
          ) : (
            <List size="sm" spacing={2}>
              {item.fields.map((f) => (
                <List.Item key={f.key}>
                  {f.label}（{FIELD_TYPE_LABELS[f.type]}
                  {f.required ? '，必填' : ''}
                  {f.options ? `：${f.options.map((o) => o.label).join('、')}` : ''}）
                </List.Item>
              ))}
            </List>
          )}
        </Stack>
        <Stack gap="xs">
          <Title order={4}>审批环节</Title>
          <Group gap={6}>
            {item.stages.map((s, i) => (
              <Group key={s.key} gap={6} wrap="nowrap">
                {i > 0 && <Text c="dimmed">→</Text>}
                <Badge variant="light" color={s.kind === 'posting' ? 'orange' : s.kind === 'approval' ? 'green' : 'blue'}>
                  {s.name}
                  {s.kind === 'posting' && s.minDays ? `（${s.minDays} 天）` : ''}
                </Badge>
              </Group>
            ))}
          </Group>
        </Stack>
      </Group>
    </Stack>
  );
}

/* ------------------------------------------------------------------ editor */

type Errors = Record<string, string>;

function ItemEditor({ item, onCancel, onSaved }: { item: CatalogueItem; onCancel(): void; onSaved(version: number): void }) {
  const [draft, edit] = useReducer(draftReducer, item, definitionOf);
  const saving = useApiMutation('catalogue.save', {
    onSuccess: (result) => {
      notifications.show({ color: 'green', message: `事项“${draft.name}”已保存为第 ${result.version} 版` });
      onSaved(result.version);
    },
  });
  const errors: Errors = fieldErrors(saving.error);
  const busy = saving.isPending;
  const materials = draft.materials ?? [];
  const fields = draft.fields ?? [];
  const stages = draft.stages;
  const err = (path: string) => errors[`definition.${path}`];

  const set = <K extends keyof Definition>(key: K, value: Definition[K]) => edit({ type: 'set', key, value } as DraftAction);

  const save = (e?: FormEvent) => {
    e?.preventDefault();
    saving.mutate({ definition: draft, expectedCurrentVersion: item.currentVersion });
  };
  useHotkeys([['mod+S', () => void save()]], []);

  // Messages with an input of their own show there; the rest are listed by section.
  const placed = new Set<string>(['definition.name', 'definition.department', 'definition.timeLimitDays', 'definition.extensionDays', 'definition.description']);
  materials.forEach((_, i) => ['key', 'name', 'copies', 'form', 'note'].forEach((k) => placed.add(`definition.materials.${i}.${k}`)));
  fields.forEach((_, i) => ['key', 'label', 'type', 'options', 'min', 'max', 'maxLength', 'help'].forEach((k) => placed.add(`definition.fields.${i}.${k}`)));
  stages.forEach((_, i) => ['key', 'name', 'kind', 'minDays'].forEach((k) => placed.add(`definition.stages.${i}.${k}`)));
  const leftovers = Object.entries(errors).filter(([p]) => !placed.has(p));
  const sectionLeftovers = (section: string) => leftovers.filter(([p]) => p === `definition.${section}` || p.startsWith(`definition.${section}.`));
  const otherLeftovers = leftovers.filter(([p]) => !['materials', 'fields', 'stages'].some((s) => p === `definition.${s}` || p.startsWith(`definition.${s}.`)));

  const RowProblems = ({ section }: { section: string }) => {
    const list = sectionLeftovers(section);
    return list.length === 0 ? null : (
      <Alert color="red" py={6} role="alert">
        {list.map(([p, m]) => (
          <Text key={p} size="sm">
            {describePath(p)}：{m}
          </Text>
        ))}
      </Alert>
    );
  };

  return (
    <form onSubmit={save} aria-label="编辑事项" noValidate>
      <Stack>
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
          <Textarea label="说明" mt="sm" autosize minRows={1} maxRows={4} value={draft.description ?? ''} onChange={(e) => set('description', e.currentTarget.value)} error={err('description')} />
        </Paper>

        <Group justify="space-between">
          <Title order={4}>申请材料</Title>
          <Button
            size="xs"
            variant="light"
            onClick={() => edit({ type: 'addRow', section: 'materials' })}
          >
            添加材料
          </Button>
        </Group>
        <Table withTableBorder verticalSpacing={4} aria-label="申请材料（编辑）">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={150}>标识</Table.Th>
              <Table.Th>材料名称</Table.Th>
              <Table.Th w={84}>应交份数</Table.Th>
              <Table.Th w={104}>形式</Table.Th>
              <Table.Th w={52}>必交</Table.Th>
              <Table.Th w={72} style={{ whiteSpace: 'nowrap' }}>
                可容缺
              </Table.Th>
              <Table.Th w={190}>说明</Table.Th>
              <Table.Th w={44} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {materials.map((m, i) => (
              <Table.Tr key={i} aria-label={`材料第 ${i + 1} 行`}>
                <Table.Td>
                  <TextInput size="xs" aria-label="材料标识" value={m.key} onChange={(e) => edit({ type: 'editRow', section: 'materials', index: i, patch: { key: e.currentTarget.value } })} error={err(`materials.${i}.key`)} />
                </Table.Td>
                <Table.Td>
                  <TextInput size="xs" aria-label="材料名称" value={m.name} onChange={(e) => edit({ type: 'editRow', section: 'materials', index: i, patch: { name: e.currentTarget.value } })} error={err(`materials.${i}.name`)} />
                </Table.Td>
                <Table.Td>
                  <NumberInput
                    size="xs"
                    aria-label="应交份数"
                    value={m.copies}
                    onChange={(v) => edit({ type: 'editRow', section: 'materials', index: i, patch: { copies: typeof v === 'number' ? v : Number.NaN } })}
                    error={err(`materials.${i}.copies`)}
                    allowDecimal={false}
                    min={1}
                  />
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label="材料形式"
                    data={Object.entries(MATERIAL_FORM_LABELS).map(([value, label]) => ({ value, label }))}
                    value={m.form}
                    onChange={(v) => v && edit({ type: 'editRow', section: 'materials', index: i, patch: { form: v as Material['form'] } })}
                    error={err(`materials.${i}.form`)}
                    allowDeselect={false}
                  />
                </Table.Td>
                <Table.Td>
                  <Checkbox aria-label="必交" checked={m.required} onChange={(e) => edit({ type: 'editRow', section: 'materials', index: i, patch: { required: e.currentTarget.checked } })} />
                </Table.Td>
                <Table.Td>
                  <Checkbox aria-label="可容缺" checked={!!m.deferrable} onChange={(e) => edit({ type: 'editRow', section: 'materials', index: i, patch: { deferrable: e.currentTarget.checked } })} />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    size="xs"
                    aria-label="说明"
                    value={m.note ?? ''}
                    onChange={(e) => edit({ type: 'setNote', section: 'materials', index: i, text: e.currentTarget.value })}
                    error={err(`materials.${i}.note`)}
                  />
                </Table.Td>
                <Table.Td>
                  <ActionIcon variant="subtle" color="red" aria-label={`删除材料第 ${i + 1} 行`} onClick={() => edit({ type: 'removeRow', section: 'materials', index: i })}>
                    ×
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <RowProblems section="materials" />

        <Group justify="space-between">
          <Title order={4}>表单字段</Title>
          <Button size="xs" variant="light" onClick={() => edit({ type: 'addRow', section: 'fields' })}>
            添加字段
          </Button>
        </Group>
        {fields.length > 0 && (
          <Table withTableBorder verticalSpacing={4} aria-label="表单字段（编辑）">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={150}>标识</Table.Th>
                <Table.Th w={170}>字段名称</Table.Th>
                <Table.Th w={120}>类型</Table.Th>
                <Table.Th w={52}>必填</Table.Th>
                <Table.Th>选项 / 范围</Table.Th>
                <Table.Th w={180}>提示</Table.Th>
                <Table.Th w={44} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {fields.map((f, i) => (
                <Table.Tr key={i} aria-label={`字段第 ${i + 1} 行`}>
                  <Table.Td>
                    <TextInput size="xs" aria-label="字段标识" value={f.key} onChange={(e) => edit({ type: 'editRow', section: 'fields', index: i, patch: { key: e.currentTarget.value } })} error={err(`fields.${i}.key`)} />
                  </Table.Td>
                  <Table.Td>
                    <TextInput size="xs" aria-label="字段名称" value={f.label} onChange={(e) => edit({ type: 'editRow', section: 'fields', index: i, patch: { label: e.currentTarget.value } })} error={err(`fields.${i}.label`)} />
                  </Table.Td>
                  <Table.Td>
                    <Select
                      size="xs"
                      aria-label="字段类型"
                      data={Object.entries(FIELD_TYPE_LABELS).map(([value, label]) => ({ value, label }))}
                      value={f.type}
                      onChange={(v) => v && edit({ type: 'retypeField', index: i, fieldType: v as FormField['type'] })}
                      error={err(`fields.${i}.type`)}
                      allowDeselect={false}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Checkbox aria-label="必填" checked={!!f.required} onChange={(e) => edit({ type: 'editRow', section: 'fields', index: i, patch: { required: e.currentTarget.checked } })} />
                  </Table.Td>
                  <Table.Td>
                    <FieldConstraints field={f} onChange={(nf) => edit({ type: 'replaceField', index: i, field: nf })} err={(k) => err(`fields.${i}.${k}`)} />
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      size="xs"
                      aria-label="提示"
                      value={f.help ?? ''}
                      onChange={(e) => edit({ type: 'setNote', section: 'fields', index: i, text: e.currentTarget.value })}
                      error={err(`fields.${i}.help`)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon variant="subtle" color="red" aria-label={`删除字段第 ${i + 1} 行`} onClick={() => edit({ type: 'removeRow', section: 'fields', index: i })}>
                      ×
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <RowProblems section="fields" />

        <Group justify="space-between">
          <Title order={4}>审批环节（按顺序，审批须为最后一个）</Title>
          <Button size="xs" variant="light" onClick={() => edit({ type: 'addRow', section: 'stages' })}>
            添加环节
          </Button>
        </Group>
        <Table withTableBorder verticalSpacing={4} aria-label="审批环节（编辑）">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={50}>顺序</Table.Th>
              <Table.Th w={150}>标识</Table.Th>
              <Table.Th>环节名称</Table.Th>
              <Table.Th w={160}>类型</Table.Th>
              <Table.Th w={130}>公示天数</Table.Th>
              <Table.Th w={110} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {stages.map((s, i) => (
              <Table.Tr key={i} aria-label={`环节第 ${i + 1} 行`}>
                <Table.Td>{i + 1}</Table.Td>
                <Table.Td>
                  <TextInput size="xs" aria-label="环节标识" value={s.key} onChange={(e) => edit({ type: 'editRow', section: 'stages', index: i, patch: { key: e.currentTarget.value } })} error={err(`stages.${i}.key`)} />
                </Table.Td>
                <Table.Td>
                  <TextInput size="xs" aria-label="环节名称" value={s.name} onChange={(e) => edit({ type: 'editRow', section: 'stages', index: i, patch: { name: e.currentTarget.value } })} error={err(`stages.${i}.name`)} />
                </Table.Td>
                <Table.Td>
                  <Select
                    size="xs"
                    aria-label="环节类型"
                    data={Object.entries(STAGE_KIND_LABELS).map(([value, label]) => ({ value, label }))}
                    value={s.kind}
                    onChange={(v) => v && edit({ type: 'setStageKind', index: i, kind: v as Stage['kind'] })}
                    error={err(`stages.${i}.kind`)}
                    allowDeselect={false}
                  />
                </Table.Td>
                <Table.Td>
                  {s.kind === 'posting' || s.minDays !== undefined ? (
                    <NumberInput
                      size="xs"
                      aria-label="公示天数"
                      value={s.minDays ?? ''}
                      onChange={(v) => edit({ type: 'setMinDays', index: i, days: typeof v === 'number' ? v : null })}
                      error={err(`stages.${i}.minDays`)}
                      allowDecimal={false}
                      suffix=" 天"
                    />
                  ) : (
                    <Text size="xs" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={2} wrap="nowrap">
                    <ActionIcon variant="subtle" aria-label={`上移环节第 ${i + 1} 行`} disabled={i === 0} onClick={() => edit({ type: 'moveStage', index: i, by: -1 })}>
                      ↑
                    </ActionIcon>
                    <ActionIcon variant="subtle" aria-label={`下移环节第 ${i + 1} 行`} disabled={i === stages.length - 1} onClick={() => edit({ type: 'moveStage', index: i, by: 1 })}>
                      ↓
                    </ActionIcon>
                    <ActionIcon variant="subtle" color="red" aria-label={`删除环节第 ${i + 1} 行`} onClick={() => edit({ type: 'removeRow', section: 'stages', index: i })}>
                      ×
                    </ActionIcon>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <RowProblems section="stages" />

        {otherLeftovers.length > 0 && (
          <Alert color="red" role="alert" py={6}>
            {otherLeftovers.map(([p, m]) => (
              <Text key={p} size="sm">
                {describePath(p)}：{m}
              </Text>
            ))}
          </Alert>
        )}
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

function FieldConstraints({ field, onChange, err }: { field: FormField; onChange(f: FormField): void; err(key: string): string | undefined }) {
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
