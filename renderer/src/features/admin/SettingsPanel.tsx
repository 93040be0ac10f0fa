import { Alert, Button, Group, NumberInput, Stack, TagsInput, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import { call } from '../../api/client';
import type { HandlerOutput } from '../../../../db/src/contract';
import { errorText, fieldErrors } from '../../ui/errors';

type Settings = HandlerOutput<'settings.get'>;

export function SettingsPanel() {
  const [values, setValues] = useState<Settings | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    call('settings.get', {}).then(setValues, (e) => setError(errorText(e)));
  }, []);

  if (!values) return error ? <Alert color="red">{error}</Alert> : null;
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => setValues({ ...values, [key]: value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      const { centreName, centreCode, centrePhone, centreAddress, windows, warningDays, idleMinutes } = values;
      setValues(await call('settings.update', { centreName, centreCode, centrePhone, centreAddress, windows, warningDays, idleMinutes }));
      notifications.show({ color: 'green', message: '中心设置已保存' });
    } catch (err) {
      setErrors(fieldErrors(err));
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
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
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={busy}>
            保存设置
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
