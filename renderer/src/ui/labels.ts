/** Chinese labels for the core's codes: the core's own (db/src/shared), so every screen and export says the same. */
import { FAMILY_LABELS as FAMILIES, ROLE_LABELS as ROLES, SEX_LABELS as SEXES } from '../../../db/src/shared/vocabulary';

// Looked up with codes the screens hold as plain strings.
export const ROLE_LABELS: Record<string, string> = ROLES;
export const FAMILY_LABELS: Record<string, string> = FAMILIES;
export const SEX_LABELS: Record<string, string> = SEXES;
