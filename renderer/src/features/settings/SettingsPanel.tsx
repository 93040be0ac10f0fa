import { Alert, Button, Group, NumberInput, Stack, TagsInput, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useApiMutation, useApiQuery } from '../../api/query';
import type { HandlerOutput } from '../../../../db/src/contract';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { errorText, fieldErrors } from '../../ui/errors';

type Settings = HandlerOutput<'settings.get'>;

export function SettingsPanel() {
  const loaded = useApiQuery('settings.get', {});
  // The form edits its own copy; the saved settings replace it after each save.
  const [edited, setValues] = useState<Settings | null>(null);
  const save = useApiMutation('settings.update', { onSuccess: (saved) => {
      setValues(saved);
      notifications.show({ color: 'green', message: '中心设置已保存' });
    } });
  const values = edited ?? loaded.data ?? null;

  if (!values) return loaded.error ? <Alert color="red">{errorText(loaded.error)}</Alert> : null;
  const errors = fieldErrors(save.error);
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => setValues({ ...values, [key]: value });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { centreName, centreCode, centrePhone, centreAddress, windows, warningDays, idleMinutes } = values;
    save.mutate({ centreName, centreCode, centrePhone, centreAddress, windows, warningDays, idleMinutes });
  };

  return (
    <form onSubmit={submit} aria-label="中心设置">
      <Stack maw={640}>
        <TextInput label="中心名称" value={values.centreName} onChange={(e) => set('centreName', e.currentTarget.value)} error={errors.centreName} />
        <TextInput
          label="中心代码（办件编号的前缀）"
          value={values.centreCode}
          onChange={(e) => set('centreCode', e.currentTarget.value)}
          error={errors.centreCode}
        />
        <TextInput label="中心电话" value={values.centrePhone} onChange={(e) => set('centrePhone', e.currentTarget.value)} error={errors.centrePhone} />
        <TextInput label="中心地址" value={values.centreAddress} onChange={(e) => set('centreAddress', e.currentTarget.value)} error={errors.centreAddress} />
        <TagsInput label="窗口（回车添加）" value={values.windows} onChange={(v) => set('windows', v)} error={errors.windows} />
        <Group grow>
          <NumberInput
            label="预警天数（剩余工作日不超过此数时预警）"
            value={values.warningDays}
            onChange={(v) => set('warningDays', Number(v))}
            min={1}
            max={30}
            error={errors.warningDays}
          />
          <NumberInput
            label="空闲锁屏时间（分钟）"
            value={values.idleMinutes}
            onChange={(v) => set('idleMinutes', Number(v))}
            min={1}
            max={240}
            error={errors.idleMinutes}
          />
        </Group>
        <ErrorAlert error={save.error} />
        <Group>
          <Button type="submit" loading={save.isPending}>
            保存设置
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
