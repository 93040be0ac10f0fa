/**
 * Items for 本市户籍 only (`requiresLocalHukou`). The precheck warns rather than refuses:
 * the 户籍 on file may be out of date (a 户口 moved in last month), and the 户口簿 the
 * applicant brings decides at the window; the clerk who reads the warning can still take
 * the case or refuse it with that reason. Eligibility hints never suggest such an item to
 * a resident of 外省市户籍.
 */
import type { ItemVersion } from '../catalogue/catalogue';
import type { Hukou } from '../residents/residents';
import type { PrecheckWarning } from './precheck';

export const hukouAllows = (item: Pick<ItemVersion, 'requiresLocalHukou'>, hukou: Hukou): boolean => !item.requiresLocalHukou || hukou === 'local';

export function hukouWarnings(item: ItemVersion, resident: { name: string; hukou: Hukou; hukou_district: string | null }): PrecheckWarning[] {
  if (hukouAllows(item, resident.hukou)) return [];
  const district = resident.hukou_district ? `，户籍地 ${resident.hukou_district}` : '';
  return [
    {
      kind: 'requires_local_hukou',
      itemCode: item.code,
      caseNo: null,
      message: `${item.name}限本市户籍居民申请：${resident.name}登记为外省市户籍${district}。请核对户口簿，户籍已迁入本市的先更新居民信息`,
    },
  ];
}
