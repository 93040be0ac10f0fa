import { Alert, Text } from '@mantine/core';
import { describePath } from '../catalogueLabels';

/** Messages that no input shows, each with the row and setting it is about. */
export function Problems({ list }: { list: [path: string, message: string][] }) {
  if (list.length === 0) return null;
  return (
    <Alert color="red" py={6} role="alert">
      {list.map(([p, m]) => (
        <Text key={p} size="sm">
          {describePath(p)}：{m}
        </Text>
      ))}
    </Alert>
  );
}
