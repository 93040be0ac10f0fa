import type { CaseView } from '../../cases/types';
import { copiesText } from './format';
import { materialRemark, type Copies } from './materials';
import { NumberedTable, type Column } from './NumberedTable';
import type { CaseMaterial } from './types';

/** The 应交 / 实交 columns every list of materials carries, in copies. */
export function copiesColumns<T extends Copies>(): Column<T>[] {
  return [
    { header: '应交', width: '14mm', num: true, cell: (m) => copiesText(m.copiesRequired) },
    { header: '实交', width: '14mm', num: true, cell: (m) => copiesText(m.copiesReceived) },
  ];
}

/** The case's materials, numbered, each with its form, 应交 / 实交 and where it stands. */
export function MaterialsTable({ c, label = '申请材料' }: { c: CaseView; label?: string }) {
  return (
    <NumberedTable<CaseMaterial>
      label={label}
      rows={c.materials}
      columns={[
        { header: '材料名称', cell: (m) => `${m.name}${m.required ? '' : '（非必交）'}` },
        { header: '形式', width: '16mm', num: true, cell: (m) => m.formLabel },
        ...copiesColumns<CaseMaterial>(),
        { header: '备注', width: '34mm', cell: materialRemark },
      ]}
    />
  );
}
