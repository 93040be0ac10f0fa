/** The kit every printed document is built from; a new document is a body made of these. */
export { ApplicantTable } from './ApplicantTable';
export { DeadlineTable } from './DeadlineTable';
export { DocumentHeader } from './DocumentHeader';
export { DocumentSheet } from './DocumentSheet';
export { chineseDate, copiesText, copyHeading } from './format';
export { copiesShort, materialRemark, numbered } from './materials';
export { copiesColumns, MaterialsTable } from './MaterialsTable';
export { NumberedTable, type Column } from './NumberedTable';
export { AppealNotice, Section } from './Section';
export { DocumentFooter, SignatureBlock, SignLine } from './SignatureBlock';
export type { CaseMaterial, DocumentProps } from './types';
