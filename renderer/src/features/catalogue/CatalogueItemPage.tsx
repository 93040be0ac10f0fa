import { Alert, Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { useState } from 'react';
import { useApiQuery } from '../../api/query';
import { ErrorAlert } from '../../ui/ErrorAlert';
import type { CatalogueItem } from './catalogueLabels';
import { ItemView } from './ItemView';
import { RetireRestore } from './RetireRestore';
import { ItemEditor } from './editor/ItemEditor';

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
