import type { ErrorCode } from '../../../db/src/contract';

/** A fallback sentence per error code, for errors whose message says nothing more useful. */
export const ERROR_TITLES: Record<ErrorCode | 'NETWORK', string> = {
  VALIDATION: '输入有误',
  NOT_FOUND: '未找到',
  CONFLICT: '与现有记录冲突',
  FORBIDDEN: '无权操作',
  UNAUTHENTICATED: '请先登录',
  RATE_LIMITED: '尝试过于频繁，请稍后再试',
  RECOVERY_MODE: '数据库无法打开，程序处于恢复模式',
  NOT_IN_RECOVERY: '数据库工作正常，无需恢复',
  DEVICE_UNKNOWN: '本设备尚未与中心服务器配对',
  DEVICE_REVOKED: '本设备已被管理员停用',
  INTERNAL: '系统内部错误',
  NETWORK: '无法连接到本机服务',
};
