/**
 * The words of a case, as stored and as shown. Stored values are English and stable (the
 * ledger export and the renderer switch on them); labels are what the counter reads.
 */

export const DECISIONS = ['accept', 'accept_deferred', 'notify_missing', 'refuse'] as const;
export type Decision = (typeof DECISIONS)[number];
export const DECISION_LABELS: Record<Decision, string> = {
  accept: '受理',
  accept_deferred: '容缺受理',
  notify_missing: '一次性告知（补正）',
  refuse: '不予受理',
};

export const OPEN_STATUSES = ['waiting_materials', 'in_progress'] as const;
export const FINAL_STATUSES = ['approved', 'not_approved', 'withdrawn', 'terminated', 'refused'] as const;
export const STATUSES = [...OPEN_STATUSES, ...FINAL_STATUSES] as const;
export type CaseStatus = (typeof STATUSES)[number];
export const STATUS_LABELS: Record<CaseStatus, string> = {
  waiting_materials: '待补正',
  in_progress: '办理中',
  approved: '办结（准予）',
  not_approved: '办结（不予批准）',
  withdrawn: '已撤回',
  terminated: '已终止',
  refused: '不予受理',
};
export const isOpen = (s: CaseStatus) => (OPEN_STATUSES as readonly string[]).includes(s);

/**
 * What cases.transition can do. `advance` completes the current (non-approval) stage and
 * enters the next; `approve` / `reject` are the decision at the approval stage.
 */
export const ACTIONS = ['advance', 'approve', 'reject', 'extend', 'withdraw', 'terminate'] as const;
export type TransitionAction = (typeof ACTIONS)[number];
export const ACTION_LABELS: Record<TransitionAction, string> = {
  advance: '完成本环节',
  approve: '审批通过',
  reject: '不予批准',
  extend: '延期',
  withdraw: '撤回',
  terminate: '终止',
};

/** Timeline entries besides the transitions. */
export const EVENT_LABELS: Record<string, string> = {
  ...ACTION_LABELS,
  intake: '窗口受理',
  supply: '补交材料',
  rate: '评价',
  follow_up_closed: '差评回访办结',
  replan_due: '节假日调整办结日期',
  district_decision: '区级决定',
  applicant_told: '告知申请人',
  handoff: '移交区级审核确认',
};

export const DEADLINE_STATUSES = ['normal', 'warning', 'overdue', 'paused', 'done'] as const;
export type DeadlineStatus = (typeof DEADLINE_STATUSES)[number];
export const DEADLINE_LABELS: Record<DeadlineStatus, string> = {
  normal: '正常',
  warning: '预警',
  overdue: '逾期',
  paused: '暂停计时',
  done: '已办结',
};

export const RATING_LABELS: Record<number, string> = {
  1: '非常不满意',
  2: '不满意',
  3: '基本满意',
  4: '满意',
  5: '非常满意',
};

/** 好差评: the services of a case the resident rates one by one ('visit': a rating typed by staff before #19). */
export const SERVICE_LABELS = {
  visit: '办事评价',
  intake: '受理',
  supply: '补正/容缺材料递交',
  result_notice: '领取结果通知',
} as const;
export type ServiceKind = keyof typeof SERVICE_LABELS;
/** A window as said in a sentence: '3' → 3号窗口, a named one ('3号窗口') as it is. */
export const windowLabel = (windowNo: string) => (/窗口$/.test(windowNo) ? windowNo : `${windowNo}号窗口`);
/** What a resident may give as the reason of a 不满意 or 非常不满意 on the rating screen. */
export const LOW_RATING_REASONS = ['等候时间长', '服务态度不好', '告知不清楚', '办理时间长', '材料要求多', '多次跑腿', '其他'] as const;

export const FORM_LABELS = { original: '原件', copy: '复印件' } as const;

/** Item families of the catalogue (catalogue.save's `family`). */
export const FAMILIES = ['subsidy', 'elderly_care', 'employment'] as const;
export type Family = (typeof FAMILIES)[number];
export const FAMILY_LABELS: Record<Family, string> = {
  subsidy: '社会救助与补贴',
  elderly_care: '养老服务',
  employment: '就业援助',
};

/** The roles a person can hold, as the admin screens name them. */
export const ROLE_LABELS: Record<'clerk' | 'reviewer' | 'admin', string> = { clerk: '窗口受理', reviewer: '审核审批', admin: '管理' };

export const SEX_LABELS: Record<'male' | 'female', string> = { male: '男', female: '女' };

/** Relations of a household member to the head (households.addMember); the head's own row says 本人. */
export const RELATIONS = ['配偶', '子女', '父母', '兄弟姐妹', '孙子女', '祖父母', '儿媳', '女婿', '其他'] as const;
export type MemberRelation = (typeof RELATIONS)[number];
