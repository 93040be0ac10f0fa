/** Chinese labels for the core's codes, in one place so every screen says the same. */
export const ROLE_LABELS: Record<string, string> = { clerk: '窗口受理', reviewer: '审核审批', admin: '管理' };
export const FAMILY_LABELS: Record<string, string> = { subsidy: '社会救助与补贴', elderly_care: '养老服务', employment: '就业援助' };
export const SEX_LABELS: Record<string, string> = { male: '男', female: '女' };
