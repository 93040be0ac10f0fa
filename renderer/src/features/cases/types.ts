import type { HandlerInput, HandlerOutput } from '../../../../db/src/contract';

export type CaseView = HandlerOutput<'cases.get'>;
export type CaseListItem = HandlerOutput<'cases.list'>['items'][number];
export type Worklist = HandlerOutput<'cases.worklist'>;
export type WorklistGroupKey = NonNullable<HandlerInput<'cases.worklist'>['group']>;
export type Precheck = HandlerOutput<'cases.precheck'>;
export type CatalogueEntry = HandlerOutput<'catalogue.list'>[number];
export type ItemDefinition = HandlerOutput<'catalogue.get'>;
export type FormFieldDef = ItemDefinition['fields'][number];
export type MaterialDef = ItemDefinition['materials'][number];
export type Beneficiary = HandlerOutput<'beneficiaries.list'>['items'][number];
export type ActionName = CaseView['allowedActions'][number]['action'];
