import { Box, Button, Chip, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useApiMutation, useApiQuery } from '../../api/query';
import { LOW_RATING_REASONS, RATING_LABELS, windowLabel } from '../../../../db/src/shared/vocabulary';
import { errorText } from '../../ui/errors';
import { useKioskIdle } from '../kiosk/useKioskIdle';

/** untouched this long, an offer leaves the screen (the core ends it after 3 minutes anyway) */
export const RATE_SCREEN_SECONDS = 90;
/** the thank-you stays this long */
const THANKS_SECONDS = 5;
const WINDOW_KEY = 'onewindow-rate-window';
const SCORES = [5, 4, 3, 2, 1] as const;
const COLORS: Record<number, string> = { 5: 'green', 4: 'teal', 3: 'yellow', 2: 'orange', 1: 'red' };

/**
 * The window this screen faces residents at: `/rate?window=3` on the counter's second screen
 * or a tablet (remembered for the next start). A screen paired with the centre server as a
 * device of a window needs none: the server answers for its window whatever the page asks.
 */
function screenWindow(): string | null {
  const fromUrl = new URLSearchParams(window.location.search).get('window')?.trim();
  if (fromUrl) {
    try {
      localStorage.setItem(WINDOW_KEY, fromUrl);
    } catch {
      // private mode: the address keeps it
    }
    return fromUrl;
  }
  try {
    return localStorage.getItem(WINDOW_KEY);
  } catch {
    return null;
  }
}

/**
 * 评价屏 (/rate): the screen facing the resident at a window. It waits until the counter offers
 * the rating of the service just given (after the receipt or notice is printed), then asks
 * for one of five levels; a 不满意 or 非常不满意 may add reasons. No sign-in and no staff
 * session: the rating is the resident's, and the core refuses one sent with a staff session.
 * Untouched, the offer leaves the screen after RATE_SCREEN_SECONDS.
 */
export function RatePage({ paired = false }: { paired?: boolean }) {
  const [windowNo] = useState(screenWindow);
  const [dismissed, setDismissed] = useState<number[]>([]);
  const [low, setLow] = useState<{ score: number; reasons: string[] } | null>(null);
  const [thanks, setThanks] = useState<string | null>(null);
  const known = paired || windowNo !== null;
  const offerQuery = useApiQuery('cases.ratingOffer', windowNo ? { windowNo } : {}, { enabled: known, refetchInterval: 2000 });
  const offer = offerQuery.data && !dismissed.includes(offerQuery.data.serviceId) && thanks === null ? offerQuery.data : null;
  const rate = useApiMutation('cases.rate', {
    invalidates: 'none',
    onSuccess: (out) => {
      setLow(null);
      setThanks(out.label);
      setDismissed((d) => [...d, out.serviceId]);
      window.setTimeout(() => setThanks(null), THANKS_SECONDS * 1000);
    },
  });
  const leave = () => {
    if (offer) setDismissed((d) => [...d, offer.serviceId]);
    setLow(null);
    rate.reset();
  };
  const secondsLeft = useKioskIdle(RATE_SCREEN_SECONDS, offer !== null, leave);

  const choose = (score: number) => {
    if (!offer) return;
    if (score <= 2) setLow({ score, reasons: [] });
    else rate.mutate({ serviceId: offer.serviceId, score });
  };

  return (
    <Box mih="100vh" bg="blue.0" p="xl" data-testid="rate-screen">
      <Stack align="center" gap="xl" maw={1100} mx="auto">
        <Title order={1} fz={48} ta="center">
          服务评价{windowNo && !paired ? `（${windowLabel(windowNo)}）` : ''}
        </Title>
        {!known ? (
          <Text fz={24} ta="center">
            本评价屏尚未指定窗口：请在地址后加上窗口号打开，例如 /rate?window=1
          </Text>
        ) : thanks !== null ? (
          <Text fz={40} ta="center" role="status">
            感谢您的评价（{thanks}）！
          </Text>
        ) : !offer ? (
          <Text fz={30} ta="center" c="dimmed" role="status">
            欢迎您！办理完成后，请在此为我们的服务评价
          </Text>
        ) : (
          <Stack align="center" gap="lg" w="100%" aria-label="请评价">
            <Text fz={30} ta="center">
              请您为本次“{offer.service}”评价
              <br />
              <Text span fz={22} c="dimmed">
                {offer.itemName} · 工作人员 {offer.servedBy}
              </Text>
            </Text>
            {low === null ? (
              <Group justify="center" gap="md" role="group" aria-label="评价等级">
                {SCORES.map((s) => (
                  <Button key={s} size="xl" h={96} fz={28} color={COLORS[s]} loading={rate.isPending && rate.variables?.score === s} onClick={() => choose(s)}>
                    {RATING_LABELS[s]}
                  </Button>
                ))}
              </Group>
            ) : (
              <Stack align="center" gap="md">
                <Text fz={26}>很抱歉让您{RATING_LABELS[low.score]}。请选择原因（可多选，也可不选）：</Text>
                <Chip.Group multiple value={low.reasons} onChange={(reasons) => setLow({ ...low, reasons })}>
                  <Group justify="center" gap="sm" role="group" aria-label="不满意原因">
                    {LOW_RATING_REASONS.map((r) => (
                      <Chip key={r} value={r} size="xl">
                        {r}
                      </Chip>
                    ))}
                  </Group>
                </Chip.Group>
                <Group gap="md">
                  <Button size="xl" variant="default" onClick={() => setLow(null)}>
                    返回
                  </Button>
                  <Button
                    size="xl"
                    color={COLORS[low.score]}
                    loading={rate.isPending}
                    onClick={() => rate.mutate({ serviceId: offer.serviceId, score: low.score, ...(low.reasons.length ? { reasons: low.reasons as (typeof LOW_RATING_REASONS)[number][] } : {}) })}
                  >
                    提交评价
                  </Button>
                </Group>
              </Stack>
            )}
            {rate.error && (
              <Text fz={22} c="red" role="alert">
                {errorText(rate.error)}
              </Text>
            )}
            <Text fz={18} c="dimmed">
              评价自愿；{secondsLeft} 秒后无操作将返回
            </Text>
          </Stack>
        )}
        {offerQuery.error && (
          <Text fz={20} c="red" role="alert">
            {errorText(offerQuery.error)}
          </Text>
        )}
      </Stack>
    </Box>
  );
}
