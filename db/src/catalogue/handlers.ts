import { z } from '../kernel/zod-zh';
import { handler } from '../kernel/handler';
import { freeText } from '../validation/free-text';
import { FAMILIES, itemCodeSchema, itemDefinitionSchema } from './definition';
import { getItemStatus, getItemVersion, listItems, restoreItem, retireItem, saveItem } from './catalogue';

const codeInput = itemCodeSchema;

export const catalogueHandlers = {
  'catalogue.list': handler({
    summary: '事项目录：按类别筛选，按名称、简称、编码或拼音（全拼、首字母）查找',
    kind: 'read',
    roles: ['clerk', 'reviewer', 'admin'],
    input: z
      .object({
        family: z.enum(FAMILIES, { error: `事项类别应为 ${FAMILIES.join('、')} 之一` }).optional(),
        includeRetired: z.boolean().default(false),
        query: freeText('查找内容', { max: 40 }).optional(),
      })
      .strict(),
    // A bare array: the acceptance checks read the result as the list of items.
    run: (ctx, input) => listItems(ctx.db, input),
  }),
  'catalogue.get': handler({
    summary: '读取事项的完整定义（不给版本号则为当前版本）',
    kind: 'read',
    roles: ['clerk', 'reviewer', 'admin'],
    input: z
      .object({
        code: codeInput,
        version: z.number().int('版本号应为整数').positive('版本号从 1 开始').optional(),
      })
      .strict(),
    run: (ctx, { code, version }) => ({ ...getItemVersion(ctx.db, code, version), ...getItemStatus(ctx.db, code) }),
  }),
  'catalogue.save': handler({
    summary: '保存事项定义为新版本（新编码为第 1 版，已有编码为第 n+1 版）',
    kind: 'write',
    roles: ['admin'],
    input: z
      .object({
        definition: itemDefinitionSchema,
        /** the version the editor started from; 0 when creating a new item */
        expectedCurrentVersion: z.number().int('版本号应为整数').min(0, '版本号不能为负数').optional(),
      })
      .strict(),
    run: (ctx, { definition, expectedCurrentVersion }) => {
      const saved = saveItem(ctx.db, definition, ctx.now(), expectedCurrentVersion);
      ctx.audit({
        action: saved.created ? 'create' : 'new_version',
        recordType: 'catalogue_item',
        recordId: saved.code,
        before: saved.version > 1 ? { version: saved.version - 1 } : null,
        after: { version: saved.version, definition },
      });
      return saved;
    },
  }),
  'catalogue.retire': handler({
    summary: '停用事项：不能再受理新申请，已有办件和历史版本仍可查看',
    kind: 'write',
    roles: ['admin'],
    input: z
      .object({
        code: codeInput,
        reason: freeText('停用原因', { min: 1, max: 200, multiline: true, emptyMessage: '停用原因不能为空' }).optional(),
      })
      .strict(),
    run: (ctx, { code, reason }) => {
      const result = retireItem(ctx.db, code, reason, ctx.now());
      ctx.audit({ action: 'retire', recordType: 'catalogue_item', recordId: result.code, before: { retired: false }, after: result });
      return result;
    },
  }),
  'catalogue.restore': handler({
    summary: '恢复已停用的事项',
    kind: 'write',
    roles: ['admin'],
    input: z.object({ code: codeInput }).strict(),
    run: (ctx, { code }) => {
      const result = restoreItem(ctx.db, code);
      ctx.audit({ action: 'restore', recordType: 'catalogue_item', recordId: result.code, before: { retired: true }, after: result });
      return result;
    },
  }),
};
