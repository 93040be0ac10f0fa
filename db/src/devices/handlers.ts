import { z } from '../kernel/zod-zh';
import { handler, type Ctx } from '../kernel/handler';
import { conflict, notFound, validationError } from '../kernel/errors';
import { unknownWindow } from '../settings/settings';
import { freeText } from '../validation/free-text';
import { auditState, deviceById, listDevices, type DeviceRow } from './devices';
import { PAIRING_CODE_MINUTES, newPairingCode, sha256 } from './pairing';

/** Only a centre server pairs devices: on one computer there is nobody to pair. */
function centreOf(ctx: Ctx) {
  if (!ctx.centre) throw conflict('本机以单机方式运行，不是中心服务器：设为中心服务器后才能配对设备', { standalone: true });
  return ctx.centre;
}

const deviceName = freeText('设备名称', { min: 1, max: 40 });

export const devicesHandlers = {
  'devices.createPairingCode': handler({
    summary: '中心服务器：为一台新设备（窗口、后台或自助查询机）生成一次性配对码（8 位数字，10 分钟内有效）',
    kind: 'write',
    roles: ['admin'],
    // the code is kept only as a hash: never in the table of answered requests
    secretAnswer: true,
    input: z
      .object({
        name: deviceName,
        kind: z.enum(['workstation', 'kiosk'], { error: '设备类型只能是 workstation（工作站）或 kiosk（自助查询机）' }).default('workstation'),
        windowNo: freeText('窗口号', { min: 1, max: 20 }).optional(),
      })
      .strict(),
    run: (ctx, input) => {
      const centre = centreOf(ctx);
      const now = ctx.now();
      const badWindow = input.windowNo === undefined ? null : unknownWindow(ctx.db, input.windowNo);
      if (badWindow) throw validationError([{ path: 'windowNo', message: badWindow }]);
      const existing = ctx.db.prepare('SELECT * FROM devices WHERE name = ? AND revoked_at IS NULL').get(input.name) as DeviceRow | undefined;
      if (existing?.paired_at) throw conflict(`已有名为“${input.name}”的已配对设备：请换一个名称，或先停用原设备`, { field: 'name', deviceId: existing.id });
      const code = newPairingCode(ctx.db, now);
      const expiresAt = new Date(now.getTime() + PAIRING_CODE_MINUTES * 60_000).toISOString();
      const values = { name: input.name, kind: input.kind, windowNo: input.windowNo ?? null, hash: sha256(code), expiresAt, at: now.toISOString(), by: ctx.session!.userId };
      // A device not yet paired (its code expired, or was lost) gets a new code: the old one stops working.
      const id = existing
        ? (ctx.db
            .prepare('UPDATE devices SET kind = @kind, window_no = @windowNo, pairing_code_hash = @hash, pairing_expires_at = @expiresAt WHERE id = @id')
            .run({ ...values, id: existing.id }),
          existing.id)
        : Number(
            ctx.db
              .prepare(
                `INSERT INTO devices (name, kind, window_no, pairing_code_hash, pairing_expires_at, created_at, created_by)
                 VALUES (@name, @kind, @windowNo, @hash, @expiresAt, @at, @by)`,
              )
              .run(values).lastInsertRowid,
          );
      ctx.audit({
        action: existing ? 'new-pairing-code' : 'create',
        recordType: 'device',
        recordId: id,
        ...(existing ? { before: auditState(existing, now) } : {}),
        after: { ...auditState(deviceById(ctx.db, id)!, now), expiresAt },
      });
      return { deviceId: id, code, expiresAt, fingerprint: centre.fingerprint, caFingerprint: centre.caFingerprint };
    },
  }),
  'devices.list': handler({
    summary: '中心服务器：已配对、待配对和已停用的设备',
    kind: 'read',
    roles: ['admin'],
    input: z.object({}).strict(),
    run: (ctx) => listDevices(ctx.db, ctx.now()),
  }),
  'devices.revoke': handler({
    summary: '中心服务器：停用一台设备，它的下一次调用即被拒绝',
    kind: 'write',
    roles: ['admin'],
    input: z.object({ deviceId: z.number().int().positive() }).strict(),
    run: (ctx, input) => {
      const now = ctx.now();
      const before = deviceById(ctx.db, input.deviceId);
      if (!before) throw notFound('没有这台设备', { deviceId: input.deviceId });
      if (before.revoked_at) throw conflict(`设备“${before.name}”已于 ${before.revoked_at} 停用`, { deviceId: input.deviceId });
      ctx.db
        .prepare('UPDATE devices SET revoked_at = ?, revoked_by = ?, pairing_code_hash = NULL WHERE id = ?')
        .run(now.toISOString(), ctx.session!.userId, input.deviceId);
      const after = deviceById(ctx.db, input.deviceId)!;
      ctx.sessions.endAllOnDevice(input.deviceId);
      ctx.audit({ action: 'revoke', recordType: 'device', recordId: input.deviceId, before: auditState(before, now), after: auditState(after, now) });
      return { deviceId: input.deviceId, revokedAt: after.revoked_at! };
    },
  }),
};
