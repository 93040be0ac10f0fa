import { Button, Group, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useOfferAfterPrint } from '../ratings/useOfferAfterPrint';
import { forwardRef } from 'react';
import { printDocument } from '../../platform/print';
import { useTellOnPrint } from '../decisions/useTellOnPrint';
import { ErrorAlert } from '../../ui/ErrorAlert';
import type { CaseView } from '../cases/types';
import { DOCUMENTS, documentRoute, documentsFor, type DocumentKind } from './registry';

/** Prints one document of a case; answers why not when it was not printed (blocked window, closed, not ready). */
export async function printCaseDocument(kind: DocumentKind, c: Pick<CaseView, 'id' | 'caseNo'>): Promise<string | null> {
  try {
    const outcome = await printDocument(documentRoute(kind, c.id), { pdfCopy: { caseNo: c.caseNo } });
    return outcome.printed ? null : (outcome.message ?? '未打印');
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/**
 * One print button per document of the case (A4, 一式两份). The first carries the
 * shortcut the screen binds (e.g. Alt+P) and takes the ref, so the screen can focus it.
 */
export const PrintButtons = forwardRef<HTMLButtonElement, { c: CaseView; shortcut?: string; size?: 'xs' | 'sm' | 'md' }>(function PrintButtons({ c, shortcut, size = 'sm' }, ref) {
  const tell = useTellOnPrint(c);
  // Printing is not a call of the core, but its busy and failed states are kept the same way.
  // After a print at the counter the resident is asked to rate that service (好差评).
  const offerRating = useOfferAfterPrint();
  const print = useMutation({
    mutationFn: async (kind: DocumentKind) => {
      const problem = await printCaseDocument(kind, c);
      return { problem, offered: problem === null ? await offerRating(kind, c) : null };
    },
    onSuccess: ({ problem }, kind) => {
      if (problem === null) tell.printed(kind);
    },
  });
  const kinds = documentsFor(c);
  if (kinds.length === 0) return <Text size="sm" c="dimmed">此办件暂无可打印的文书</Text>;
  return (
    <Stack gap={4}>
      <Group gap="xs" role="group" aria-label="打印文书">
        {kinds.map((kind, i) => (
          <Button
            key={kind}
            ref={i === 0 ? ref : undefined}
            size={size}
            variant={i === 0 ? 'filled' : 'default'}
            loading={print.isPending && print.variables === kind}
            onClick={() => print.mutate(kind)}
            data-document={kind}
          >
            打印{DOCUMENTS[kind]}
            {i === 0 && shortcut ? `（${shortcut}）` : ''}
          </Button>
        ))}
      </Group>
      <ErrorAlert error={print.data?.problem ?? tell.error} />
      {print.data?.offered && (
        <Text size="xs" c="dimmed" data-testid="rating-offered">
          {print.data.offered}
        </Text>
      )}
    </Stack>
  );
});
