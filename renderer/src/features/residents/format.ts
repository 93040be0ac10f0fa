import type { HandlerOutput } from '../../../../db/src/contract';
import { chinaMinute, shanghaiDate } from '../../../../db/src/shared/china-time';

export type ResidentView = HandlerOutput<'residents.register'>;
export type ResidentDetail = HandlerOutput<'residents.get'>;
export type SearchItem = HandlerOutput<'residents.search'>['items'][number];

/** Today in Shanghai, as the core counts it (for the live ID check's "not in the future"). */
export const todayInShanghai = () => shanghaiDate(new Date());

/** An ISO instant as a Shanghai date and time, e.g. 2026/11/22 10:00. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return Number.isNaN(Date.parse(iso)) ? iso : chinaMinute(iso).replaceAll('-', '/');
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
