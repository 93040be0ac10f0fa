import { Alert, Button, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { EMPTY_DRAFT, RUN_MODE_LABELS, runModeChoice, type RunMode, type RunModeBridge, type RunModeChoice, type RunModeDraft } from './runMode';

const DESCRIPTIONS: Record<RunMode, string> = {
  standalone: '本机保存全部记录，只在本机使用。适合只有一两个窗口的小中心。',
  server: '本机保存全中心的记录，为各窗口、后台和自助查询机提供服务（须保持开机）。',
  client: '窗口或后台的电脑：记录保存在中心服务器上，本机只负责界面和打印。',
};

/**
 * The choice of how this computer runs, at the desktop's first start and in 管理 → 运行方式.
 * The desktop's main process does the work (starting the server, pairing with one) and
 * answers with a Chinese reason when it cannot.
 */
export function RunModeChooser({ bridge, current, onChosen }: { bridge: RunModeBridge; current?: RunMode; onChosen(choice: RunModeChoice): void }) {
  const [draft, setDraft] = useState<RunModeDraft>({ ...EMPTY_DRAFT, mode: current ?? 'standalone' });
  const [errors, setErrors] = useState<Partial<Record<keyof RunModeDraft, string>>>({});
  const choose = useMutation({
    mutationFn: async (choice: RunModeChoice) => {
      const answer = await bridge.choose(choice);
      if (!answer.ok) throw new Error(answer.message);
      return choice;
    },
    onSuccess: onChosen,
  });
  const set = (key: keyof RunModeDraft) => (e: { currentTarget: { value: string } }) => {
    setDraft({ ...draft, [key]: e.currentTarget.value });
    setErrors({ ...errors, [key]: undefined });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = runModeChoice(draft);
    if (checked.errors) setErrors(checked.errors);
    else choose.mutate(checked.choice);
  };

  return (
    <Stack component="form" onSubmit={submit} aria-label="选择运行方式">
      <Radio.Group label="本机的运行方式" value={draft.mode} onChange={(v) => setDraft({ ...draft, mode: v as RunMode })}>
        <Stack gap="sm" mt="xs">
          {(Object.keys(RUN_MODE_LABELS) as RunMode[]).map((mode) => (
            <Radio key={mode} value={mode} label={RUN_MODE_LABELS[mode]} description={DESCRIPTIONS[mode]} />
          ))}
        </Stack>
      </Radio.Group>
      {draft.mode === 'server' && (
        <TextInput
          label="监听地址"
          description="留空则在本机所有网络地址的 8443 端口提供服务；请在防火墙中只对中心内网开放该端口"
          placeholder="0.0.0.0:8443"
          value={draft.listen}
          onChange={set('listen')}
          error={errors.listen}
        />
      )}
      {draft.mode === 'client' && (
        <>
          <Text size="sm" c="dimmed">
            请管理员在中心服务器上（管理 → 设备 → 新增设备）生成配对码，并读出服务器地址和证书指纹。
          </Text>
          <TextInput label="中心服务器地址" placeholder="https://192.168.1.10:8443/" value={draft.url} onChange={set('url')} error={errors.url} />
          <TextInput label="配对码" inputMode="numeric" placeholder="8 位数字" value={draft.code} onChange={set('code')} error={errors.code} />
          <TextInput label="证书指纹（SHA-256）" placeholder="6A:84:…:2F" value={draft.fingerprint} onChange={set('fingerprint')} error={errors.fingerprint} />
        </>
      )}
      <ErrorAlert error={choose.error} />
      {choose.isSuccess && (
        <Alert color="green" role="status">
          已设为“{RUN_MODE_LABELS[choose.data.mode]}”。
        </Alert>
      )}
      <Button type="submit" loading={choose.isPending} style={{ alignSelf: 'flex-start' }}>
        确定
      </Button>
    </Stack>
  );
}
