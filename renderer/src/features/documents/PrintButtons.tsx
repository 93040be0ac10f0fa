import { Button, Group, Text } from '@mantine/core';
import { forwardRef, useState } from 'react';
import { printDocument } from '../../platform/print';
import type { CaseView } from '../cases/types';
import { DOCUMENTS, documentRoute, documentsFor, type DocumentKind } from './registry';

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
  const [busy, setBusy] = useState<DocumentKind | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const kinds = documentsFor(c);
  const print = async (kind: DocumentKind) => {
    setBusy(kind);
    setMessage(null);
    setMessage(await printCaseDocument(kind, c));
    setBusy(null);
  };
  if (kinds.length === 0) return <Text size="sm" c="dimmed">此办件暂无可打印的文书</Text>;
  return (
    <div>
      <Group gap="xs" role="group" aria-label="打印文书">
        {kinds.map((kind, i) => (
          <Button
            key={kind}
            ref={i === 0 ? ref : undefined}
            size={size}
            variant={i === 0 ? 'filled' : 'default'}
            loading={busy === kind}
            onClick={() => void print(kind)}
            data-document={kind}
          >
            打印{DOCUMENTS[kind]}
            {i === 0 && shortcut ? `（${shortcut}）` : ''}
          </Button>
        ))}
      </Group>
      {message && (
        <Text size="sm" c="red" role="alert" mt={4}>
          {message}
        </Text>
      )}
    </div>
  );
});
