/**
 * Typed errors with stable codes. The codes are part of the API contract: hosts and the
 * renderer switch on them, so never rename one. Messages are Chinese because they reach
 * the counter clerk as they are.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  /** too many sign-in attempts from one source in a short time (browser-mode host) */
  'RATE_LIMITED',
  /** the database could not be opened: only recovery.status and recovery.restore answer */
  'RECOVERY_MODE',
  /** recovery.* called while the database is open and working */
  'NOT_IN_RECOVERY',
  /** centre server: the call carries no device credential, or one the server does not know */
  'DEVICE_UNKNOWN',
  /** centre server: the device was revoked by the administrator */
  'DEVICE_REVOKED',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldIssue {
  /** dotted path of the offending field, e.g. `members.0.relation`; '' for the whole input */
  path: string;
  message: string;
}

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  fields?: FieldIssue[];
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: FieldIssue[];
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, extra: { fields?: FieldIssue[]; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    if (extra.fields) this.fields = extra.fields;
    if (extra.details) this.details = extra.details;
  }

  toBody(): ApiErrorBody {
    const body: ApiErrorBody = { code: this.code, message: this.message };
    if (this.fields) body.fields = this.fields;
    if (this.details) body.details = this.details;
    return body;
  }
}

export const validationError = (fields: FieldIssue[], message?: string) =>
  new AppError('VALIDATION', message ?? `输入有误：${fields.map((f) => (f.path ? `${f.path}：` : '') + f.message).join('；')}`, { fields });
export const notFound = (message: string, details?: Record<string, unknown>) =>
  new AppError('NOT_FOUND', message, details ? { details } : {});
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new AppError('CONFLICT', message, details ? { details } : {});
export const forbidden = (message: string, details?: Record<string, unknown>) =>
  new AppError('FORBIDDEN', message, details ? { details } : {});
