import { z } from '../kernel/zod-zh';
import { handler, type Ctx } from '../kernel/handler';
import { AppError, validationError } from '../kernel/errors';
import { householdSummary } from '../households/households';
import { shanghaiDate } from '../shared/china-time';
import {
  addressSchema,
  bankAccountSchema,
  bankNameSchema,
  clearable,
  idNumberInput,
  nameSchema,
  phoneSchema,
} from './fields';
import { ID_NUMBER_PART_LABELS, validateIdNumber } from '../shared/id-number';
import { freeText } from '../validation/free-text';
import {
  insertResident,
  requireResidentRow,
  residentFieldsOf,
  residentView,
  updateResident,
} from './residents';
import { REVEALABLE_FIELDS, revealResidentField } from './reveal';
import { searchResidents } from './search';
import { HUKOU } from './residents';
import { benefitsToStop, setResidentStatus } from './status';
import { stopNotice } from './stop-notice';
import { dateSchema } from '../calendar/dates';
import { beneficiaryView } from '../beneficiaries/beneficiaries';

const residentId = z.number({ error: '请给出居民编号' }).int().positive('居民编号应为正整数');

/** Validates the number and derives birth date and sex, or VALIDATION naming the failed part. */
function checkedIdNumber(idNumber: string, today: string) {
  const result = validateIdNumber(idNumber, today);
  if (!result.ok) {
    throw new AppError('VALIDATION', result.message, {
      fields: [{ path: 'idNumber', message: result.message }],
      details: { part: result.part, partLabel: ID_NUMBER_PART_LABELS[result.part] },
    });
  }
  return result;
}

const today = (ctx: Ctx) => shanghaiDate(ctx.now());

const hukouSchema = z.enum(HUKOU, { error: '户籍只能是本市户籍（local）或外省市户籍（other）' });
const hukouDistrictSchema = freeText('户籍所在区', { max: 20 });
const statusSchema = z.enum(['deceased', 'moved_out'], { error: '只能登记死亡（deceased）或迁出（moved_out）' });
const statusDate = dateSchema;

export const residentsHandlers = {
  'residents.register': handler({
    summary: '登记居民（出生日期与性别由身份证号码得出）',
    kind: 'write',
    roles: ['clerk', 'admin'],
    input: z
      .object({
        idNumber: idNumberInput,
        name: nameSchema,
        phone: clearable(phoneSchema),
        address: clearable(addressSchema),
        bankName: clearable(bankNameSchema),
        bankAccount: clearable(bankAccountSchema),
        hukou: hukouSchema.optional(),
        hukouDistrict: clearable(hukouDistrictSchema),
      })
      .strict(),
    run: (ctx, input) => {
      const id = checkedIdNumber(input.idNumber, today(ctx));
      const residentId = insertResident(
        ctx.db,
        {
          idNumber: id.idNumber,
          name: input.name,
          birthDate: id.birthDate,
          sex: id.sex,
          phone: input.phone ?? null,
          address: input.address ?? null,
          bankName: input.bankName ?? null,
          bankAccount: input.bankAccount ?? null,
          hukou: input.hukou ?? 'local',
          hukouDistrict: input.hukouDistrict ?? null,
        },
        ctx.now().toISOString(),
      );
      const view = residentView(requireResidentRow(ctx.db, residentId), today(ctx));
      // Masked views only: the audit log is append-only, so a full ID number written there
      // could never be taken back out.
      ctx.audit({ action: 'create', recordType: 'resident', recordId: residentId, after: view });
      return view;
    },
  }),

  'residents.update': handler({
    summary: '修改居民信息（只改给出的项；空值清除；改身份证号码时出生日期与性别随之更新）',
    kind: 'write',
    roles: ['clerk', 'admin'],
    input: z
      .object({
        id: residentId,
        idNumber: idNumberInput.optional(),
        name: nameSchema.optional(),
        phone: clearable(phoneSchema),
        address: clearable(addressSchema),
        bankName: clearable(bankNameSchema),
        bankAccount: clearable(bankAccountSchema),
        hukou: hukouSchema.optional(),
        hukouDistrict: clearable(hukouDistrictSchema),
      })
      .strict(),
    run: (ctx, { id, ...patch }) => {
      if (Object.values(patch).every((v) => v === undefined)) {
        throw validationError([{ path: '', message: '没有要修改的项' }]);
      }
      const before = requireResidentRow(ctx.db, id);
      const fields = residentFieldsOf(before);
      if (patch.idNumber !== undefined) {
        const checked = checkedIdNumber(patch.idNumber, today(ctx));
        Object.assign(fields, { idNumber: checked.idNumber, birthDate: checked.birthDate, sex: checked.sex });
      }
      if (patch.name !== undefined) fields.name = patch.name;
      if (patch.phone !== undefined) fields.phone = patch.phone;
      if (patch.address !== undefined) fields.address = patch.address;
      if (patch.bankName !== undefined) fields.bankName = patch.bankName;
      if (patch.bankAccount !== undefined) fields.bankAccount = patch.bankAccount;
      if (patch.hukou !== undefined) fields.hukou = patch.hukou;
      if (patch.hukouDistrict !== undefined) fields.hukouDistrict = patch.hukouDistrict;
      updateResident(ctx.db, id, fields, ctx.now().toISOString());
      const after = residentView(requireResidentRow(ctx.db, id), today(ctx));
      ctx.audit({ action: 'update', recordType: 'resident', recordId: id, before: residentView(before, today(ctx)), after });
      return after;
    },
  }),

  'residents.setStatus': handler({
    summary: '登记居民死亡或迁出（凭死亡证明或迁移证明）：其在享受的待遇自次月起全部停发，待确认的变更随之撤回',
    kind: 'write',
    roles: ['reviewer'],
    input: z
      .object({
        residentId,
        status: statusSchema,
        date: statusDate,
        reason: freeText('登记原因', { min: 1, max: 500, multiline: true, emptyMessage: '请填写原因' }),
        /** moved_out only: where the person moved to */
        movedTo: freeText('迁往地', { min: 1, max: 100, emptyMessage: '迁往地不能为空' }).optional(),
        /** the number of the 死亡证明 / 迁移证明 */
        materialNo: freeText('证明编号', { min: 1, max: 40, emptyMessage: '证明编号不能为空' }).optional(),
      })
      .strict(),
    run: (ctx, input) => {
      const { before, stopped } = setResidentStatus(ctx, input);
      const after = residentView(requireResidentRow(ctx.db, input.residentId), today(ctx));
      ctx.audit({
        action: input.status === 'deceased' ? 'register_death' : 'register_move_out',
        recordType: 'resident',
        recordId: input.residentId,
        before: residentView(before, today(ctx)),
        after,
        detail: { date: input.date, reason: input.reason, materialNo: input.materialNo ?? null, movedTo: input.movedTo ?? null, stopped },
      });
      return { resident: after, stopped };
    },
  }),

  'residents.statusPreview': handler({
    summary: '登记死亡或迁出前的核对：将停发哪些待遇、自哪个月起',
    kind: 'read',
    roles: ['reviewer'],
    input: z.object({ residentId, date: statusDate }).strict(),
    run: (ctx, input) => {
      requireResidentRow(ctx.db, input.residentId);
      return {
        benefits: benefitsToStop(ctx.db, input.residentId, input.date).map(({ beneficiary, stopMonth }) => {
          const view = beneficiaryView(ctx.db, beneficiary, today(ctx));
          return {
            beneficiaryId: view.id,
            itemCode: view.itemCode,
            itemName: view.itemName,
            caseNo: view.caseNo,
            startMonth: view.startMonth,
            latestAmount: view.latestAmount,
            stopMonth,
            neverPaid: beneficiary.start_month >= stopMonth,
            pendingChange: view.pendingChange !== null,
          };
        }),
      };
    },
  }),

  'residents.stopNotice': handler({
    summary: '停发通知书的内容：登记死亡或迁出后停发的各项待遇（致其家庭）',
    kind: 'read',
    roles: ['clerk', 'reviewer', 'admin'],
    input: z.object({ residentId }).strict(),
    run: (ctx, input) => stopNotice(ctx.db, input.residentId),
  }),

  'residents.get': handler({
    summary: '查看居民（敏感信息已脱敏）及其当前所在户',
    kind: 'read',
    roles: ['clerk', 'reviewer', 'admin'],
    input: z.object({ id: residentId }).strict(),
    run: (ctx, { id }) => ({
      ...residentView(requireResidentRow(ctx.db, id), today(ctx)),
      household: householdSummary(ctx.db, id),
    }),
  }),

  'residents.search': handler({
    summary: '查找居民：身份证号码（全号或后 4–6 位）、姓名、拼音或首字母、电话（全号或后 4 位）',
    kind: 'read',
    roles: ['clerk', 'reviewer', 'admin'],
    input: z
      .object({
        query: freeText('查找内容', { min: 1, max: 64, emptyMessage: '请输入查找内容' }),
        limit: z.number().int().min(1, '每页至少 1 条').max(100, '每页最多 100 条').default(20),
        cursor: z.string().max(500).optional(),
      })
      .strict(),
    run: (ctx, input) => searchResidents(ctx.db, input, today(ctx)),
  }),

  'residents.reveal': handler({
    summary: '查看一项完整的敏感信息（须填写理由，理由记入日志）',
    kind: 'write',
    roles: ['clerk', 'reviewer', 'admin'],
    input: z
      .object({
        id: residentId,
        field: z.enum(REVEALABLE_FIELDS, { error: '只能查看身份证号码（idNumber）、电话（phone）或银行账号（bankAccount）' }),
        reason: freeText('查看理由', { min: 1, max: 200, multiline: true }),
      })
      .strict(),
    run: (ctx, input) => {
      const value = revealResidentField(ctx.db, {
        residentId: input.id,
        field: input.field,
        reason: input.reason,
        actor: ctx.session?.userId ?? null,
        atIso: ctx.now().toISOString(),
      });
      // The value itself stays out of the log: recording what was shown would copy it.
      ctx.audit({ action: 'reveal', recordType: 'resident', recordId: input.id, detail: { field: input.field, reason: input.reason } });
      return { field: input.field, value };
    },
  }),
};
