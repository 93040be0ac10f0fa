import { Alert, Box, Button, Center, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useApiMutation } from '../../api/query';
import type { HandlerOutput } from '../../../../db/src/contract';
import { errorText } from '../../ui/errors';
import { caseNoFromScan, idLast4FromInput } from './caseQr';
import { Keypad } from './Keypad';
import { useKioskIdle } from './useKioskIdle';

/** without a touch or a key for this long, the next person finds the start screen */
export const KIOSK_IDLE_SECONDS = 60;
const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];

type Status = HandlerOutput<'cases.publicStatus'>;
type Step = { at: 'caseNo' } | { at: 'idLast4'; caseNo: string } | { at: 'result'; status: Status };

const big = { input: { fontSize: 36, height: 76, letterSpacing: '0.08em', fontFamily: 'monospace' }, label: { fontSize: 26, marginBottom: 8 }, error: { fontSize: 22 } };

/**
 * The self-service lookup (自助查询机): a paired kiosk shows only this, full screen, with no
 * sign-in. The resident scans the receipt's QR code (the scanner types the case number and
 * Enter into the focused field) or types the number, then gives the last four characters
 * of the applicant's ID number; the answer is the item, status, stage and dates, in large
 * type, and the screen returns to its start after a minute untouched. Nothing is cached:
 * one resident's answer is never there for the next.
 */
export function KioskPage() {
  const [step, setStep] = useState<Step>({ at: 'caseNo' });
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const lookup = useApiMutation('cases.publicStatus', {
    invalidates: 'none',
    onSuccess: (status) => setStep({ at: 'result', status }),
    onError: () => setText(''),
  });

  const restart = () => {
    lookup.reset();
    setStep({ at: 'caseNo' });
    setText('');
    setProblem(null);
    window.setTimeout(() => input.current?.focus(), 0);
  };
  // A scanner types wherever the focus is: a key pressed while a touch left the focus on a
  // button (查询, 重新开始) goes to the field again, so that no scan is lost.
  useEffect(() => {
    if (step.at === 'result') return;
    const refocus = (e: KeyboardEvent) => {
      if (input.current && document.activeElement !== input.current && e.key.length === 1) input.current.focus();
    };
    window.addEventListener('keydown', refocus, { capture: true });
    return () => window.removeEventListener('keydown', refocus, { capture: true });
  }, [step.at]);
  const idle = step.at !== 'caseNo' || text !== '' || lookup.isError;
  const secondsLeft = useKioskIdle(KIOSK_IDLE_SECONDS, idle, restart);

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (step.at === 'caseNo') {
      const caseNo = caseNoFromScan(text);
      if (!caseNo) {
        setProblem('未能识别办件编号：请重新扫描回执上的二维码，或输入回执上的办件编号');
        setText('');
        return;
      }
      lookup.reset();
      setProblem(null);
      setText('');
      setStep({ at: 'idLast4', caseNo });
    } else if (step.at === 'idLast4') {
      const idLast4 = idLast4FromInput(text);
      if (!idLast4) {
        setProblem('请输入申请人身份证号的后四位（最后一位可以是 X）');
        return;
      }
      setProblem(null);
      lookup.mutate({ caseNo: step.caseNo, idLast4 });
    }
  };

  const type = (k: string) => {
    setProblem(null);
    setText((t) => (step.at === 'idLast4' ? (t + k).slice(0, 4) : (t + k).slice(0, 24)));
  };

  return (
    <Box mih="100vh" bg="blue.0" p="xl" data-testid="kiosk">
      <Stack align="center" gap="xl" maw={1100} mx="auto">
        <Title order={1} fz={52} ta="center">
          办理进度查询
        </Title>
        {step.at === 'result' ? (
          <Result status={step.status} secondsLeft={secondsLeft} onDone={restart} />
        ) : (
          <Group align="flex-start" gap={48} wrap="nowrap" component="form" onSubmit={submit} aria-label="办理进度查询">
            <Stack w={560} gap="lg">
              {step.at === 'caseNo' ? (
                <Text fz={28}>请将回执上的二维码对准扫描口，或在下方输入办件编号</Text>
              ) : (
                <Text fz={28}>
                  办件编号 <b style={{ fontFamily: 'monospace' }}>{step.caseNo}</b>
                  <br />
                  请输入申请人身份证号的后四位
                </Text>
              )}
              <TextInput
                ref={input}
                key={step.at}
                label={step.at === 'caseNo' ? '办件编号' : '身份证号后四位'}
                value={text}
                onChange={(e) => {
                  setText(e.currentTarget.value);
                  setProblem(null);
                }}
                error={problem ?? lookup.error?.fieldMessage(step.at) ?? undefined}
                inputMode={step.at === 'caseNo' ? 'numeric' : 'text'}
                autoComplete="off"
                autoFocus
                maxLength={step.at === 'caseNo' ? 40 : 4}
                styles={big}
              />
              {lookup.error && lookup.error.fields.length === 0 && (
                <Alert color="red" role="alert" styles={{ message: { fontSize: 26 } }}>
                  {errorText(lookup.error)}
                </Alert>
              )}
              <Group grow>
                <Button type="submit" size="xl" h={80} fz={30} loading={lookup.isPending}>
                  {step.at === 'caseNo' ? '下一步' : '查询'}
                </Button>
                {idle && (
                  <Button size="xl" h={80} fz={30} variant="default" onClick={restart}>
                    重新开始
                  </Button>
                )}
              </Group>
              {idle && (
                <Text c="dimmed" fz={20}>
                  {secondsLeft} 秒无操作将回到首页
                </Text>
              )}
            </Stack>
            <Keypad
              label="数字键盘"
              keys={step.at === 'idLast4' ? [...DIGITS, 'X'] : DIGITS}
              onKey={type}
              onBackspace={() => setText((t) => t.slice(0, -1))}
              onClear={() => setText('')}
            />
          </Group>
        )}
        <Text c="dimmed" fz={20} ta="center">
          只显示事项、办理状态、环节和日期；如有疑问，请到窗口咨询。
        </Text>
      </Stack>
    </Box>
  );
}

function Result({ status, secondsLeft, onDone }: { status: Status; secondsLeft: number; onDone(): void }) {
  const rows: [string, string][] = [
    ['办件编号', status.caseNo],
    ['事项', status.itemName],
    ['办理状态', status.statusLabel],
    ['当前环节', status.stageName ?? '—'],
    ['受理日期', status.receivedOn],
    ...(status.dueOn ? [['承诺办结日期', status.dueOn] as [string, string]] : []),
    ...(status.completedOn ? [['办结日期', status.completedOn] as [string, string]] : []),
  ];
  return (
    <Center>
      <Stack gap="xl" align="center">
        <Table withTableBorder verticalSpacing="md" horizontalSpacing="xl" fz={32} aria-label="办理进度" bg="white" miw={760}>
          <Table.Tbody>
            {rows.map(([label, value]) => (
              <Table.Tr key={label}>
                <Table.Th w={260} fz={30}>
                  {label}
                </Table.Th>
                <Table.Td fw={600}>{value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Button size="xl" h={80} fz={30} onClick={onDone} autoFocus>
          完成，返回首页
        </Button>
        <Text c="dimmed" fz={20}>
          {secondsLeft} 秒后自动返回首页
        </Text>
      </Stack>
    </Center>
  );
}
