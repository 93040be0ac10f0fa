import { Checkbox, Paper } from '@mantine/core';
import type { Definition } from '../catalogueLabels';
import type { SectionProps } from './section';

/** 限本市户籍: such an item is never hinted to a resident of 外省市户籍, and the precheck warns at intake. */
export function HukouSection({ draft, edit, err }: SectionProps & { draft: Definition }) {
  return (
    <Paper withBorder p="md">
      <Checkbox
        label="限本市户籍申请"
        description="勾选后：不向外省市户籍居民提示本事项；外省市户籍居民申请时，受理前提示核对户口簿"
        checked={draft.requiresLocalHukou ?? false}
        onChange={(e) => edit({ type: 'set', key: 'requiresLocalHukou', value: e.currentTarget.checked })}
        error={err('requiresLocalHukou')}
      />
    </Paper>
  );
}
