import { Button, Chip, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useApiMutation } from '../../api/query';
import { errorText, fieldErrors } from '../../ui/errors';

type Field = 'idNumber' | 'phone' | 'bankAccount';

const WHAT: Record<Field, { name: string; button: string }> = {
  idNumber: { name: '身份证号码', button: '显示完整号码' },
  phone: { name: '电话', button: '显示完整电话' },
  bankAccount: { name: '银行账号', button: '显示完整账号' },
};

const QUICK_REASONS = ['核对申请人身份', '填写申请材料需要', '居民本人要求核对', '联系居民'];

/**
 * A masked value with a button that reveals the full one. Revealing asks for a reason, which
 * the core logs with who and when (PIPL); the full value lives only in this component's state.
 */
export function RevealValue({ residentId, field, masked }: { residentId: number; field: Field; masked: string | null }) {
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  const [value, setValue] = useState<string | null>(null);
  // Revealing only logs the access: no cached read changes.
  const reveal = useApiMutation('residents.reveal', {
    invalidates: 'none',
    onSuccess: (result) => {
      setValue(result.value);
      setOpened(false);
      setReason('');
    },
  });
  const what = WHAT[field];

  if (!masked) return <Text span>—</Text>;

  const error = reveal.error ? (fieldErrors(reveal.error).reason ?? errorText(reveal.error)) : null;
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    reveal.mutate({ id: residentId, field, reason });
  };

  return (
    <Group gap="xs" wrap="nowrap">
      <Text span ff="monospace" data-testid={`${field}-value`} c={value ? 'orange.9' : undefined}>
        {value ?? masked}
      </Text>
      {value ? (
        <Button size="compact-xs" variant="subtle" color="gray" onClick={() => setValue(null)}>
          隐藏
        </Button>
      ) : (
        <Button size="compact-xs" variant="light" onClick={() => setOpened(true)}>
          {what.button}
        </Button>
      )}
      <Modal opened={opened} onClose={() => setOpened(false)} title={`查看完整${what.name}`} centered>
        <form onSubmit={submit} aria-label={`查看完整${what.name}的理由`} noValidate>
          <Stack gap="sm">
            <Text size="sm">查看完整的个人信息将记入访问日志（查看人、时间、理由）。请填写理由：</Text>
            <Chip.Group>
              <Group gap={6}>
                {QUICK_REASONS.map((r) => (
                  <Chip key={r} size="xs" checked={reason === r} onChange={() => {
                      setReason(r);
                      reveal.reset();
                    }}>
                    {r}
                  </Chip>
                ))}
              </Group>
            </Chip.Group>
            <Textarea
              label="查看理由"
              withAsterisk
              autosize
              minRows={2}
              value={reason}
              onChange={(e) => {
                setReason(e.currentTarget.value);
                reveal.reset();
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                  e.preventDefault();
                  void submit();
                }
              }}
              error={error}
              data-autofocus
              maxLength={200}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpened(false)}>
                取消（Esc）
              </Button>
              <Button type="submit" loading={reveal.isPending}>
                确认查看（Enter）
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Group>
  );
}
