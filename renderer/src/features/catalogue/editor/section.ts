import type { Dispatch } from 'react';
import type { DraftAction } from '../catalogueDraft';

/** What every section of the editor gets: its part of the draft, the one dispatch, and the messages by path below `definition.`. */
export interface SectionProps {
  edit: Dispatch<DraftAction>;
  err(path: string): string | undefined;
}
