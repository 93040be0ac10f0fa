/** What the import screen calls the core's codes (docs/resident-import.md). */
export const ENCODING_LABELS: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8（带 BOM）',
  gb18030: 'GB 18030',
  xlsx: 'Excel 工作簿（无须识别编码）',
};

/** The preview's columns: the values as they will be stored, in this order. */
export const STORED_COLUMNS: { key: string; label: string }[] = [
  { key: 'name', label: '姓名' },
  { key: 'idNumber', label: '身份证号' },
  { key: 'sex', label: '性别' },
  { key: 'birthDate', label: '出生日期' },
  { key: 'phone', label: '联系电话' },
  { key: 'hukou', label: '户籍' },
  { key: 'hukouDistrict', label: '户籍所在区' },
  { key: 'address', label: '居住地址' },
  { key: 'householdNo', label: '户号' },
  { key: 'headIdNumber', label: '户主身份证号' },
  { key: 'relation', label: '与户主关系' },
  { key: 'bankName', label: '开户银行' },
  { key: 'bankAccount', label: '银行账号' },
];

const STORED_VALUE_LABELS: Record<string, Record<string, string>> = {
  sex: { male: '男', female: '女' },
  hukou: { local: '本市户籍', other: '外省市户籍' },
};

export function storedValueLabel(key: string, value: string | undefined): string {
  if (value === undefined || value === '') return '';
  return STORED_VALUE_LABELS[key]?.[value] ?? value;
}

/** A field key as a person reads it, from the core's list; the key itself when unknown. */
export function fieldLabel(fields: readonly { key: string; label: string }[], key: string): string {
  if (key === '') return '整行';
  return fields.find((f) => f.key === key)?.label ?? STORED_COLUMNS.find((c) => c.key === key)?.label ?? key;
}
