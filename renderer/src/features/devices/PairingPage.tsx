import { Alert, Button, Center, Code, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { pairBrowser, type PairedBrowser } from '../../api/pairing';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { normalizePairingCode, pairingCodeProblem } from './pairingCode';

/** The host's words, except where the browser can say more precisely what to do. */
function pairingError(err: ApiError): string {
  if (err.code === 'RATE_LIMITED') {
    const seconds = Number(err.details.retryAfterSeconds ?? 0);
    return `配对尝试过于频繁，请${seconds > 0 ? ` ${seconds} 秒后` : '稍后'}再试`;
  }
  if (err.code === 'UNAUTHENTICATED') return '配对码错误或已过期：请核对后重新输入，或请管理员在中心服务器上重新生成配对码';
  return err.message;
}

/**
 * What an unpaired browser at the centre server sees, and nothing else: the code the
 * administrator generated on the server, and the server certificate's fingerprint to
 * compare with the one the administrator reads out there (the browser pins nothing itself:
 * the comparison is what tells the person this is the centre's server).
 */
export function PairingPage({ fingerprint }: { fingerprint: string }) {
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const pair = useMutation<PairedBrowser, ApiError, string>({
    mutationFn: pairBrowser,
    // The cookie is set: the page, loaded again, is served as this device's.
    onSuccess: () => window.setTimeout(() => window.location.assign('/'), 800),
    onError: () => setCode(''),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const why = pairingCodeProblem(code);
    setProblem(why);
    if (!why) pair.mutate(normalizePairingCode(code));
  };

  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper component="form" onSubmit={submit} shadow="sm" p="xl" w={520} withBorder aria-label="配对">
        <Stack>
          <Stack gap={2} align="center">
            <Title order={2}>一窗受理 · 配对</Title>
            <Text c="dimmed">本浏览器尚未与中心服务器配对</Text>
          </Stack>
          <Text>请在中心服务器上由管理员生成配对码（管理 → 设备 → 新增设备），然后在下面输入。配对码为 8 位数字，10 分钟内有效，只能使用一次。</Text>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              中心服务器证书指纹（SHA-256）
            </Text>
            <Code block data-testid="server-fingerprint" style={{ wordBreak: 'break-all', whiteSpace: 'normal' }}>
              {fingerprint || '（未知）'}
            </Code>
            <Text size="sm" c="dimmed">
              请与管理员在服务器上看到的指纹逐段核对；不一致时不要输入配对码，并告知管理员。
            </Text>
          </Stack>
          {pair.isSuccess ? (
            <Alert color="green" role="status" title="配对成功">
              本浏览器已配对为“{pair.data.name}”{pair.data.windowNo ? `（${pair.data.windowNo}）` : ''}，正在进入…
            </Alert>
          ) : (
            <>
              <TextInput
                label="配对码"
                value={code}
                onChange={(e) => {
                  setCode(e.currentTarget.value);
                  setProblem(null);
                }}
                error={problem}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={11}
                size="lg"
                autoFocus
                styles={{ input: { letterSpacing: '0.2em', fontFamily: 'monospace' } }}
              />
              <ErrorAlert error={pair.error ? pairingError(pair.error) : null} />
              <Button type="submit" size="md" loading={pair.isPending}>
                配对（Enter）
              </Button>
            </>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
