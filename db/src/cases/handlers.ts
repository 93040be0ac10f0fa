/**
 * The cases feature's handlers. Roles (the dispatcher checks the handler's list; the
 * transition rules add per-action roles and the four-eyes rule, see transitions.ts):
 *   cases.precheck, cases.intake, cases.supplyMaterials: clerk
 *   cases.offerRating: clerk or reviewer (whoever hands the receipt or notice over)
 *   cases.ratingOffer, cases.rate: public (the rating screen facing the resident; a signed-in
 *     member of staff is refused by the rating rules, see ratings.ts)
 *   cases.transition: clerk (withdraw only) or reviewer
 *   cases.closeFollowUp: clerk, reviewer or admin, not the rated person
 *   cases.recordTold: clerk or reviewer
 *   cases.get, cases.list, cases.worklist: any signed-in person
 */
import { publicStatus } from './public-status';
import { z } from '../kernel/zod-zh';
import { handler, type Ctx } from '../kernel/handler';
import { assertItemSelectable, getItemVersion } from '../catalogue/catalogue';
import { FAMILIES } from '../catalogue/definition';
import type { FormValue, FormValues } from '../catalogue/form-values';
import { dateSchema } from '../calendar/dates';
import { workingCalendar } from '../calendar/working-days';
import { validationError } from '../kernel/errors';
import { readSettings } from '../settings/settings';
import { beneficiaryView } from '../beneficiaries/beneficiaries';
import { monthSchema } from '../beneficiaries/months';
import { intake, supplyMaterials } from './intake';
import { listCases } from './list';
import { refuseOpenCase, runPrecheck } from './precheck';
import { LOW_RATING_REASONS, SERVICE_KINDS, SERVICE_LABELS, closeFollowUp, offerRating, openOffer, rate } from './ratings';
import { auditState, caseMaterials, requireCase, today, userName, type CaseRow } from './store';
import { applyTransition } from './transitions';
import { recordTold, TOLD_HOW } from './told';
import { caseView } from './view';
import { ACTIONS, DEADLINE_STATUSES, DECISIONS, RATING_LABELS, STATUSES } from '../shared/vocabulary';
import { WORKLIST_GROUPS, worklist } from './worklist';
import { freeText } from '../validation/free-text';
import { meansInputSchema, meansOf } from '../means/means-test';

const ANY_ROLE = ['clerk', 'reviewer', 'admin'] as const;

const id = (what: string) => z.number({ error: `请给出${what}` }).int().positive(`${what}应为正整数`);
// Opinions, reasons and notes may run over several lines.
const text = (what: string, max: number) => freeText(what, { min: 1, max, multiline: true });
const itemCode = z.string({ error: '请选择事项' }).trim().min(1, '请选择事项').max(32);
const values = z.record(z.string(), z.unknown());
const materials = z.array(
  z.object({ key: z.string().trim().min(1).max(40), copies: z.number().int('份数应为整数').min(0, '份数不能为负数').max(99, '份数最多 99') }).strict(),
);
const deferred = z.array(z.object({ key: z.string().trim().min(1).max(40), dueDate: dateSchema }).strict());
const commitment = z.object({ signed: z.literal(true, { error: '须由申请人签署承诺' }), text: freeText('承诺书', { max: 500, multiline: true }).optional() }).strict();

const view = (ctx: Ctx, row: CaseRow) => caseView(ctx.db, row, today(ctx), ctx.session!);
const materialsAudit = (ctx: Ctx, caseId: number) =>
  caseMaterials(ctx.db, caseId).map((m) => ({ key: m.key, required: m.copies_required, received: m.copies_received, deferredDue: m.deferred_due, receivedLaterOn: m.received_later_on }));

export const casesHandlers = {
  'cases.precheck': handler({
    summary: '受理前检查：同一事项在办件（冲突）、重复申请与互斥提示、可申请的其他事项',
    kind: 'read',
    roles: ['clerk'],
    input: z.object({ residentId: id('居民编号'), itemCode: itemCode.optional(), values: values.optional(), means: meansInputSchema.optional() }).strict(),
    run: (ctx, input) => {
      const item = input.itemCode === undefined ? null : assertItemSelectable(ctx.db, input.itemCode);
      // Values are checked loosely here: a half-filled form must still give its warnings.
      const known: FormValues | undefined = item
        ? Object.fromEntries(
            Object.entries(input.values ?? {}).filter(
              (e): e is [string, FormValue] => item.fields.some((f) => f.key === e[0]) && ['string', 'number', 'boolean'].includes(typeof e[1]),
            ),
          )
        : undefined;
      const result = runPrecheck(ctx.db, { residentId: input.residentId, item, values: known, today: today(ctx), means: input.means });
      refuseOpenCase(result);
      return result;
    },
  }),

  'cases.intake': handler({
    summary: '窗口受理：受理、容缺受理、一次性告知（补正）或不予受理，生成办件编号',
    kind: 'write',
    roles: ['clerk'],
    input: z
      .object({
        residentId: id('居民编号'),
        itemCode,
        values: values.default({}),
        materials: materials.default([]),
        decision: z.enum(DECISIONS, { error: '受理决定应为 accept、accept_deferred、notify_missing 或 refuse' }),
        deferred: deferred.optional(),
        commitment: commitment.optional(),
        refusal: z.object({ reason: text('不予受理理由', 500), referTo: freeText('建议办理途径', { max: 200 }).optional() }).strict().optional(),
        idempotencyKey: freeText('请求编号', { min: 8, max: 100 }),
        windowNo: freeText('窗口号', { min: 1, max: 20 }).optional(),
        confirmDuplicate: z.object({ reason: text('仍予受理的理由', 500) }).strict().optional(),
        means: meansInputSchema.optional(),
      })
      .strict(),
    run: (ctx, input) => {
      const out = intake(ctx, input);
      if (!out.replayed) {
        ctx.audit({
          action: 'intake',
          recordType: 'case',
          recordId: out.row.id,
          after: { ...auditState(out.row), materials: materialsAudit(ctx, out.row.id), ...(input.means ? { means: meansOf(ctx.db, out.row.id) } : {}) },
          detail: {
            idempotencyKey: input.idempotencyKey,
            warnings: out.warnings.map((w) => w.kind),
            ...(out.duplicateConfirmed ? { duplicateConfirmed: out.duplicateConfirmed } : {}),
          },
        });
      }
      const shown = view(ctx, out.row);
      return {
        case: shown,
        replayed: out.replayed,
        warnings: out.warnings,
        hints: out.hints,
        dueDateProvisional: shown.dates.dueDateProvisional,
        dueDateWarning: shown.dates.dueDateWarning,
      };
    },
  }),

  'cases.supplyMaterials': handler({
    summary: '补交材料：补正后受理（开始计时），或登记容缺材料已补交',
    kind: 'write',
    roles: ['clerk'],
    input: z.object({ caseId: id('办件编号'), materials, deferred: deferred.optional(), commitment: commitment.optional(), means: meansInputSchema.optional() }).strict(),
    run: (ctx, input) => {
      const row = requireCase(ctx.db, { id: input.caseId });
      const materialsBefore = materialsAudit(ctx, row.id);
      const out = supplyMaterials(ctx, row, input);
      ctx.audit({
        action: 'supply_materials',
        recordType: 'case',
        recordId: row.id,
        before: { ...auditState(out.before), materials: materialsBefore },
        after: { ...auditState(out.after), materials: materialsAudit(ctx, row.id), ...(input.means ? { means: meansOf(ctx.db, row.id) } : {}) },
      });
      return { case: view(ctx, out.after), accepted: out.accepted };
    },
  }),

  'cases.transition': handler({
    summary: '办理环节：完成本环节、审批通过/不予批准、延期、撤回、终止（记录意见、人员、时间）',
    kind: 'write',
    roles: ['clerk', 'reviewer'],
    input: z
      .object({
        caseId: id('办件编号'),
        action: z.enum(ACTIONS, { error: `操作应为：${ACTIONS.join('、')}` }),
        opinion: text('意见', 1000),
        stage: z.string().trim().min(1).max(40).optional(),
        values: values.optional(),
        monthlyAmount: z
          .number()
          .nonnegative('金额不能为负数')
          .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, '金额最多保留两位小数')
          .optional(),
        startMonth: monthSchema.optional(),
      })
      .strict(),
    run: (ctx, input) => {
      const row = requireCase(ctx.db, { id: input.caseId });
      const item = getItemVersion(ctx.db, row.item_code, row.item_version);
      const out = applyTransition(ctx, row, item, input);
      ctx.audit({
        action: input.action,
        recordType: 'case',
        recordId: row.id,
        before: auditState(out.before),
        after: auditState(out.after),
        detail: { opinion: input.opinion },
      });
      const benefit = out.beneficiary ? beneficiaryView(ctx.db, out.beneficiary, today(ctx)) : null;
      if (benefit) ctx.audit({ action: 'start', recordType: 'beneficiary', recordId: benefit.id, after: benefit, detail: { caseNo: row.case_no } });
      return { case: view(ctx, out.after), beneficiary: benefit };
    },
  }),

  'cases.get': handler({
    summary: '办件详情：办件页与受理回执、告知书等打印文书所需的全部内容',
    kind: 'read',
    roles: ANY_ROLE,
    input: z
      .object({ id: id('办件编号').optional(), caseNo: z.string().trim().min(1).max(40).optional() })
      .strict()
      .refine((v) => (v.id === undefined) !== (v.caseNo === undefined), { message: '请给出办件 id 或办件编号（二选一）' }),
    run: (ctx, input) => view(ctx, requireCase(ctx.db, input)),
  }),

  'cases.publicStatus': handler({
    summary: '自助查询：凭办件编号和申请人身份证号后四位查询办理进度（只答事项、状态、环节和日期）',
    kind: 'read',
    roles: ['public'],
    kiosk: true,
    input: z
      .object({
        caseNo: z.string().trim().toUpperCase().regex(/^[0-9A-Z]{12,24}$/, '办件编号应为回执上的 12 到 24 位数字或字母'),
        idLast4: z.string().trim().toUpperCase().regex(/^\d{3}[\dX]$/, '请输入申请人身份证号的后四位（最后一位可以是 X）'),
      })
      .strict(),
    run: (ctx, input) => publicStatus(ctx.db, input.caseNo, input.idLast4),
  }),

  'cases.list': handler({
    summary: '办件列表：按状态、事项、类别、时限状态、受理日期、受理人、受理决定、窗口筛选，新的在前，按游标翻页',
    kind: 'read',
    roles: ANY_ROLE,
    input: z
      .object({
        status: z.union([z.enum(STATUSES), z.array(z.enum(STATUSES)).max(STATUSES.length)]).optional(),
        itemCode: itemCode.optional(),
        family: z.enum(FAMILIES).optional(),
        deadline: z.enum(DEADLINE_STATUSES).optional(),
        from: dateSchema.optional(),
        to: dateSchema.optional(),
        clerkId: z.union([id('受理人'), z.literal('me')]).optional(),
        residentId: id('居民编号').optional(),
        // the overview's links: a day's intakes by decision and by window
        decision: z.enum(DECISIONS, { error: '受理决定应为 accept、accept_deferred、notify_missing 或 refuse' }).optional(),
        windowNo: freeText('窗口', { min: 1, max: 20 }).optional(),
        cursor: z.string().regex(/^\d+$/, '翻页游标无效').optional(),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
    run: (ctx, input) => {
      if (input.from && input.to && input.from > input.to) throw validationError([{ path: 'to', message: '结束日期不能早于开始日期' }]);
      const { warningDays } = readSettings(ctx.db);
      return listCases(
        ctx.db,
        {
          ...input,
          status: input.status === undefined ? undefined : Array.isArray(input.status) ? input.status : [input.status],
          clerkId: input.clerkId === 'me' ? ctx.session!.userId : input.clerkId,
          cursor: input.cursor === undefined ? undefined : Number(input.cursor),
        },
        today(ctx),
        warningDays,
        workingCalendar(ctx.db),
      );
    },
  }),

  'cases.worklist': handler({
    summary: '待办：即将到期、已逾期、待补正、容缺材料到期、差评回访、区级逾期、待告知申请人（本人或全部）',
    kind: 'read',
    roles: ANY_ROLE,
    input: z
      .object({
        person: z.union([z.literal('me'), z.literal('all'), id('人员')]).default('me'),
        limit: z.number().int().min(1).max(500).default(50),
        // Only this group's cases (every group's total still comes): what one tab shows.
        group: z.enum(WORKLIST_GROUPS, { message: `待办分组应为 ${WORKLIST_GROUPS.join('、')} 之一` }).optional(),
      })
      .strict(),
    run: (ctx, input) => {
      const clerkId = input.person === 'all' ? null : input.person === 'me' ? ctx.session!.userId : input.person;
      return worklist(ctx.db, {
        group: input.group,
        clerkId,
        clerkName: userName(ctx.db, clerkId),
        today: today(ctx),
        warningDays: readSettings(ctx.db).warningDays,
        limit: input.limit,
        cal: workingCalendar(ctx.db),
      });
    },
  }),

  'cases.offerRating': handler({
    summary: '好差评：打印回执或通知书后，请本窗口评价屏上的办事群众评价这次办理（受理、补正/容缺递交、领取结果通知各评一次）',
    kind: 'write',
    roles: ['clerk', 'reviewer'],
    input: z
      .object({
        caseId: id('办件编号'),
        service: z.enum(SERVICE_KINDS, { error: '办理环节应为 intake（受理）、supply（补正/容缺递交）或 result_notice（领取结果通知）' }),
      })
      .strict(),
    run: (ctx, input) => {
      const row = requireCase(ctx.db, { id: input.caseId });
      const { service, before } = offerRating(ctx, row, input.service);
      ctx.audit({ action: 'offer_rating', recordType: 'case', recordId: row.id, ...(before ? { before: { service: before } } : {}), after: { service } });
      return { serviceId: service.id, service: SERVICE_LABELS[service.kind], windowNo: service.window_no!, offerEndsAt: service.offer_ends_at! };
    },
  }),

  'cases.ratingOffer': handler({
    summary: '评价屏：本窗口正在等待群众评价的办理（不显示群众姓名），没有则为空',
    kind: 'read',
    roles: ['public'],
    kiosk: true,
    input: z.object({ windowNo: freeText('窗口号', { min: 1, max: 20 }).optional() }).strict(),
    run: (ctx, input) => {
      // A paired screen belongs to its window whatever the page asks for.
      const windowNo = ctx.device?.windowNo ?? input.windowNo;
      if (!windowNo) throw validationError([{ path: 'windowNo', message: '请指明评价屏所属的窗口号' }]);
      return openOffer(ctx, windowNo);
    },
  }),

  'cases.rate': handler({
    summary: '好差评：办事群众在评价屏上评价一次办理（1 非常不满意 … 5 非常满意），每次办理一次；工作人员不能录入；1、2 分自动生成回访',
    kind: 'write',
    roles: ['public'],
    kiosk: true,
    input: z
      .object({
        serviceId: id('评价邀请编号'),
        score: z.number({ error: '评价应为 1 到 5 的整数' }).int('评价应为 1 到 5 的整数').min(1, '评价应为 1 到 5').max(5, '评价应为 1 到 5'),
        reasons: z.array(z.enum(LOW_RATING_REASONS, { error: `原因应为：${LOW_RATING_REASONS.join('、')}` })).max(LOW_RATING_REASONS.length).optional(),
        comment: freeText('评价内容', { max: 500, multiline: true }).optional(),
      })
      .strict(),
    run: (ctx, input) => {
      const out = rate(ctx, input);
      ctx.audit({ action: 'rate', recordType: 'case', recordId: out.row.id, after: { service: out.service, rating: out.rating, followUp: out.followUp } });
      // The screen says thank you; it learns nothing of the case.
      return { serviceId: out.service.id, score: out.rating.score, label: RATING_LABELS[out.rating.score]!, followUp: out.followUp !== null };
    },
  }),

  'cases.closeFollowUp': handler({
    summary: '差评回访办结：回访情况与整改情况（不能由被评价的工作人员本人回访）',
    kind: 'write',
    roles: ['clerk', 'reviewer', 'admin'],
    input: z
      .object({
        caseId: id('办件编号'),
        followUpId: id('回访编号').optional(),
        note: text('回访情况', 1000),
        rectification: text('整改情况', 1000),
      })
      .strict(),
    run: (ctx, input) => {
      const row = requireCase(ctx.db, { id: input.caseId });
      const out = closeFollowUp(ctx, row, input);
      ctx.audit({ action: 'close_follow_up', recordType: 'case', recordId: row.id, before: out.before, after: out.after });
      return view(ctx, row);
    },
  }),

  'cases.recordTold': handler({
    summary: '登记区级决定已告知申请人（打印办结通知或送达），办件移出“待告知申请人”',
    kind: 'write',
    roles: ['clerk', 'reviewer'],
    input: z
      .object({
        caseId: id('办件编号'),
        how: z.enum(TOLD_HOW, { error: '告知方式应为 notice_printed（打印办结通知）或 delivered（送达）' }),
        note: freeText('告知情况', { max: 500, multiline: true }).optional(),
      })
      .strict(),
    run: (ctx, input) => {
      const row = requireCase(ctx.db, { id: input.caseId });
      const after = recordTold(ctx, row, input.how, input.note || null);
      ctx.audit({
        action: 'record_told',
        recordType: 'case',
        recordId: row.id,
        before: { toldOn: row.applicant_told_on, toldHow: row.applicant_told_how },
        after: { toldOn: after.applicant_told_on, toldHow: after.applicant_told_how },
        detail: { how: input.how, decidedBy: row.decided_by, decisionNo: row.decision_no },
      });
      return view(ctx, after);
    },
  }),
};
