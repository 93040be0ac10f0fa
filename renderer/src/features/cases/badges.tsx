import { Badge, type MantineColor } from '@mantine/core';
import type { CaseListItem } from './types';

const DEADLINE_COLORS: Record<string, MantineColor> = {
  normal: 'green',
  warning: 'orange',
  overdue: 'red',
  paused: 'gray',
  done: 'blue',
};

/** 正常 / 预警 / 逾期 (区级… once handed off; and 暂停计时 / 已办结), with the working days left where the clock runs. */
export function DeadlineBadge({ deadline }: { deadline: CaseListItem['deadline'] }) {
  const days =
    deadline.daysLeft === null || deadline.status === 'done' || deadline.status === 'paused'
      ? ''
      : deadline.daysLeft < 0
        ? `（超 ${-deadline.daysLeft} 天）`
        : `（剩 ${deadline.daysLeft} 天）`;
  const paused = deadline.status === 'paused' ? (deadline.pausedFor === 'posting' ? '（公示）' : deadline.pausedFor === 'materials' ? '（待补正）' : '') : '';
  // After the hand-off the deciding authority's limit runs: its lapse (区级逾期) is not the centre's red.
  const color = deadline.owner === 'district' && deadline.status !== 'paused' && deadline.status !== 'done' ? 'violet' : (DEADLINE_COLORS[deadline.status] ?? 'gray');
  return (
    <Badge color={color} variant={deadline.status === 'overdue' ? 'filled' : 'light'} data-deadline={deadline.status} data-owner={deadline.owner} style={{ flex: 'none' }}>
      {deadline.label}
      {days}
      {paused}
    </Badge>
  );
}

const STATUS_COLORS: Record<string, MantineColor> = {
  waiting_materials: 'yellow',
  in_progress: 'blue',
  approved: 'green',
  not_approved: 'red',
  withdrawn: 'gray',
  terminated: 'gray',
  refused: 'red',
};

export function StatusBadge({ status, label }: { status: string; label: string }) {
  return (
    <Badge color={STATUS_COLORS[status] ?? 'gray'} variant="outline" data-status={status} style={{ flex: 'none' }}>
      {label}
    </Badge>
  );
}
