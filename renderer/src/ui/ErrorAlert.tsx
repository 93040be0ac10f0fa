import { Alert, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import { errorText } from './errors';

/**
 * The error of an action, shown next to that action's button; nothing when there is none.
 * Every screen shows a failed call this one way: a string, or the error itself (an
 * ApiError from the data layer), whose message is the core's Chinese sentence. `children`
 * is what the clerk can do about it (e.g. open the resident the ID number belongs to).
 */
export function ErrorAlert({ error, title, placed, children }: { error: unknown; title?: string; placed?: (path: string) => boolean; children?: ReactNode }) {
  if (!error) return null;
  const text = typeof error === 'string' ? error : placed ? actionErrorText(error, placed) : errorText(error);
  return (
    <Alert color="red" role="alert" title={title} py="xs">
      {children ? (
        <Stack gap={6} align="flex-start">
          <Text size="sm">{text}</Text>
          {children}
        </Stack>
      ) : (
        text
      )}
    </Alert>
  );
}

/**
 * The sentence for the alert beside the action: when every field message of the error is
 * already shown next to its input, a short pointer to them instead of repeating them all
 * (with the core's field paths) in the alert.
 */
export function actionErrorText(err: unknown, isPlaced: (path: string) => boolean): string {
  if (err instanceof ApiError && err.fields.length > 0 && err.fields.every((f) => f.path && isPlaced(f.path))) {
    return '请按标红处的提示修改后再试';
  }
  return errorText(err);
}
