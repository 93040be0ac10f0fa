import { z } from '../kernel/zod-zh';
import { handler, type Ctx } from '../kernel/handler';
import { notFound } from '../kernel/errors';
import { shanghaiDate } from '../shared/china-time';
import { requireResidentRow } from '../residents/residents';
import { clearable, addressSchema } from '../residents/fields';
import {
  addHouseholdMember,
  createHousehold,
  currentMembership,
  householdView,
  RELATIONS,
  removeHouseholdMember,
} from './households';

const positiveId = (label: string) => z.number({ error: `请给出${label}` }).int().positive(`${label}应为正整数`);
const relation = z.enum(RELATIONS, { error: `与户主关系应为：${RELATIONS.join('、')}` });

// Membership dates are the day the change is recorded, in Shanghai.
const stamp = (ctx: Ctx) => ({ date: shanghaiDate(ctx.now()), nowIso: ctx.now().toISOString() });

export const householdsHandlers = {
  'households.create': handler({
    summary: '立户：指定户主（已在其他户的居民随之迁出）',
    kind: 'write',
    roles: ['clerk', 'admin'],
    input: z.object({ headResidentId: positiveId('户主的居民编号'), address: clearable(addressSchema) }).strict(),
    run: (ctx, input) => {
      const id = createHousehold(ctx.db, { headResidentId: input.headResidentId, address: input.address ?? null, ...stamp(ctx) });
      ctx.audit({ action: 'create', recordType: 'household', recordId: id, detail: input });
      return householdView(ctx.db, id, stamp(ctx).date);
    },
  }),

  'households.addMember': handler({
    summary: '加入户成员（在其他户的居民将迁入本户，原户记录保留）',
    kind: 'write',
    roles: ['clerk', 'admin'],
    input: z
      .object({ householdId: positiveId('户号'), residentId: positiveId('居民编号'), relation })
      .strict(),
    run: (ctx, input) => {
      addHouseholdMember(ctx.db, { ...input, ...stamp(ctx) });
      ctx.audit({ action: 'addMember', recordType: 'household', recordId: input.householdId, detail: input });
      return householdView(ctx.db, input.householdId, stamp(ctx).date);
    },
  }),

  'households.removeMember': handler({
    summary: '移出户成员（移出户主须同时指定新户主）',
    kind: 'write',
    roles: ['clerk', 'admin'],
    input: z
      .object({
        householdId: positiveId('户号'),
        residentId: positiveId('居民编号'),
        newHeadResidentId: positiveId('新户主的居民编号').optional(),
        relations: z.array(z.object({ residentId: positiveId('居民编号'), relation }).strict()).max(50).optional(),
      })
      .strict(),
    run: (ctx, input) => {
      removeHouseholdMember(ctx.db, { ...input, ...stamp(ctx) });
      ctx.audit({ action: 'removeMember', recordType: 'household', recordId: input.householdId, detail: input });
      return householdView(ctx.db, input.householdId, stamp(ctx).date);
    },
  }),

  'households.get': handler({
    summary: '查看户：户主、现有成员及与户主关系、成员变动历史',
    kind: 'read',
    roles: ['clerk', 'reviewer', 'admin'],
    input: z
      .object({ id: positiveId('户号').optional(), residentId: positiveId('居民编号').optional() })
      .strict()
      .refine((v) => (v.id === undefined) !== (v.residentId === undefined), { message: '请给出户号 id 或居民编号 residentId，二者选一' }),
    run: (ctx, input) => {
      let id = input.id;
      if (id === undefined) {
        requireResidentRow(ctx.db, input.residentId!);
        const membership = currentMembership(ctx.db, input.residentId!);
        if (!membership) throw notFound('该居民目前不属于任何户', { residentId: input.residentId });
        id = membership.household_id;
      }
      return householdView(ctx.db, id, stamp(ctx).date);
    },
  }),
};
