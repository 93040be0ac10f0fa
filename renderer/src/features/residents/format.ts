import type { HandlerOutput } from '../../../../db/src/contract';
import { shanghaiDate } from '../../../../db/src/residents/dates';

export type ResidentView = HandlerOutput<'residents.register'>;
export type ResidentDetail = HandlerOutput<'residents.get'>;
export type SearchItem = HandlerOutput<'residents.search'>['items'][number];
export type HouseholdView = HandlerOutput<'households.get'>;

/** Today in Shanghai, as the core counts it (for the live ID check's "not in the future"). */
export const todayInShanghai = () => shanghaiDate(new Date());

const DATE_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** An ISO instant as a Shanghai date and time, e.g. 2026/11/22 10:00. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : DATE_TIME.format(d);
}

export const MATCHED_BY_LABELS: Record<SearchItem['matchedBy'], string> = {
  idNumber: '身份证号码',
  idSuffix: '身份证后几位',
  phone: '电话',
  phoneSuffix: '电话后几位',
  name: '姓名',
  namePrefix: '姓名开头',
  nameSubstring: '姓名包含',
  pinyin: '拼音',
  pinyinInitials: '拼音首字母',
};

/** Relations of a member to the head, as households.addMember accepts them. */
export const RELATIONS = ['配偶', '子女', '父母', '兄弟姐妹', '孙子女', '祖父母', '儿媳', '女婿', '其他'] as const;
export type MemberRelation = (typeof RELATIONS)[number];
