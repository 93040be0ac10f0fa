/**
 * The resident import's sample file (issue #20): valid, invalid, duplicate and
 * rare-character rows and a household of three generations, written as UTF-8 CSV,
 * GB 18030 CSV or XLSX. tests/fixtures/residents-import-sample.csv is this file as UTF-8
 * (a test checks it stays so); large files for cancel, kill and the bench come from
 * `bulkRows`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { makeId } from './ids';

export const IMPORT_HEADER = ['姓名', '身份证号', '性别', '出生日期', '联系电话', '户籍', '居住地址', '户号', '户主身份证号', '与户主关系', '银行及账号'];

/** Sequences: odd = male, even = female (the 17th digit). */
export const SAMPLE_IDS = {
  zhangGuoqiang: makeId(1, '19400101'),
  liXiuying: makeId(2, '19420305'),
  zhangWei: makeId(3, '19700612'),
  wangFang: makeId(4, '19720818'),
  zhangXiaoming: makeId(5, '20000101'),
  jiZhenhua: makeId(7, '19600101'),
  yanLi: makeId(8, '19620202'),
  jiXiaolong: makeId(9, '19900303'),
  zhaoMin: makeId(10, '19850505'),
  qianDuoduo: makeId(11, '19880808', '320102'),
  zhouPhone: makeId(13, '19900101'),
  wuCousin: makeId(15, '19910101'),
  noName: makeId(17, '19920101'),
  zhengSex: makeId(19, '19930101'),
  fengNoHead: makeId(21, '19940101'),
  chenNoHead: makeId(22, '19950101'),
} as const;

const badCheck = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
const I = SAMPLE_IDS;

/** Data rows; the line of row i is i + 2 (the header is line 1). */
export const SAMPLE_ROWS: string[][] = [
  ['张国强', I.zhangGuoqiang, '男', '1940-01-01', '021-64000001', '本市户籍', '示范路 1 弄 1 号 101 室', 'H001', '', '本人', ''],
  ['李秀英', I.liXiuying, '女', '', '', '', '', 'H001', I.zhangGuoqiang, '配偶', ''],
  ['张伟', I.zhangWei, '', '', '13900000003', '', '', 'H001', '', '子女', '中国工商银行 6222020000000003'],
  ['王芳', I.wangFang, '', '', '', '', '', 'H001', '', '儿媳', ''],
  ['张小明', I.zhangXiaoming, '男', '20000101', '', '', '', 'H001', '', '孙子女', ''],
  ['𠮷振华', I.jiZhenhua, '', '', '', '黄浦区', '示范路 2 弄 2 号', '', I.jiZhenhua, '本人', ''],
  ['䶮丽', I.yanLi, '', '', '', '', '', '', I.jiZhenhua, '配偶', ''],
  ['𠮷小龙', I.jiXiaolong, '', '', '', '', '', '', I.jiZhenhua, '子女', ''],
  ['赵敏', I.zhaoMin, '女', '1985-05-05', '13812345678', '黄浦区', '示范路 3 号', '', '', '', ''],
  ['钱多多', I.qianDuoduo, '男', '', '', '外省市户籍', '', '', '', '', '中国建设银行 6217000000000011'],
  // refused from here on
  ['孙错号', badCheck(makeId(12, '19890101')), '', '', '', '', '', '', '', '', ''],
  ['周电话', I.zhouPhone, '', '', '12345', '', '', '', '', '', ''],
  ['吴表亲', I.wuCousin, '', '', '', '', '', 'H001', '', '表亲', ''],
  ['', I.noName, '', '', '', '', '', '', '', '', ''],
  ['赵敏重', I.zhaoMin, '', '', '', '', '', '', '', '', ''],
  ['郑性别', I.zhengSex, '女', '', '', '', '', '', '', '', ''],
  ['冯无主', I.fengNoHead, '', '', '', '', '', 'H003', '', '子女', ''],
  ['陈无主', I.chenNoHead, '', '', '', '', '', 'H003', '', '配偶', ''],
];

/** What the import must say about the sample: refused lines and the field of each. */
export const SAMPLE_EXPECTED = {
  rows: 18,
  valid: 10,
  refused: [
    { line: 12, field: 'idNumber' },
    { line: 13, field: 'phone' },
    { line: 14, field: 'relation' },
    { line: 15, field: 'name' },
    { line: 16, field: 'idNumber' },
    { line: 17, field: 'sex' },
    { line: 18, field: 'headIdNumber' },
    { line: 19, field: 'headIdNumber' },
  ],
};

const csvCell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function csvText(rows: string[][], header = IMPORT_HEADER): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export type SampleFormat = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'xlsx';

/** Writes rows (the sample by default) in a format; returns the path. */
export async function writeImportFile(dir: string, format: SampleFormat, rows = SAMPLE_ROWS, header = IMPORT_HEADER, name = 'residents'): Promise<string> {
  if (format === 'xlsx') {
    const path = join(dir, `${name}.xlsx`);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('居民');
    ws.addRow(header);
    for (const r of rows) ws.addRow(r);
    await wb.xlsx.writeFile(path);
    return path;
  }
  const path = join(dir, `${name}-${format}.csv`);
  const text = csvText(rows, header);
  if (format === 'gb18030') writeFileSync(path, iconv.encode(text, 'gb18030'));
  else writeFileSync(path, (format === 'utf-8-bom' ? '\ufeff' : '') + text);
  return path;
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明'];

/**
 * `n` valid rows: households of three (head, spouse, child) by 户号, every number distinct
 * (regions 31xxxx, birth dates spread over decades, sequences 000–999).
 */
export function bulkRows(n: number): string[][] {
  const rows: string[][] = [];
  for (let i = 0; i < n; i++) {
    const region = `31${String(1000 + Math.floor(i / 365_000)).slice(-4)}`;
    const day = Math.floor(i / 1000) % 365;
    const birth = new Date(Date.UTC(1930 + (Math.floor(i / 1000) % 70), 0, 1 + day)).toISOString().slice(0, 10).replace(/-/g, '');
    const id = makeId(i % 1000, birth, region);
    const hh = Math.floor(i / 3);
    const role = i % 3;
    const name = SURNAMES[hh % SURNAMES.length]! + GIVEN[i % GIVEN.length]! + (role === 2 ? GIVEN[(i >> 3) % GIVEN.length]! : '');
    rows.push([
      name,
      id,
      '',
      '',
      i % 2 === 0 ? `139${String(i).padStart(8, '0')}` : '',
      '',
      `示范路 ${hh} 号`,
      `B${hh}`,
      '',
      role === 0 ? '本人' : role === 1 ? '配偶' : '子女',
      '',
    ]);
  }
  return rows;
}
