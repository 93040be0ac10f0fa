/** The administrator reads the code out in groups (1234 5678): spaces and dashes do not count. */
export function normalizePairingCode(raw: string): string {
  return raw.replace(/[\s-]/g, '');
}

/** Why a typed pairing code cannot be right (checked before it costs one of the limited attempts), or null. */
export function pairingCodeProblem(raw: string): string | null {
  const code = normalizePairingCode(raw);
  if (code === '') return '请输入管理员提供的 8 位配对码';
  if (!/^\d+$/.test(code)) return '配对码只含数字';
  if (code.length !== 8) return `配对码为 8 位数字（已输入 ${code.length} 位）`;
  return null;
}

/** The code as the administrator's screen shows it: two groups of four, easier to read out. */
export const groupedPairingCode = (code: string) => `${code.slice(0, 4)} ${code.slice(4)}`;
