/** The seven roles of api.md "Auth". */
export const ROLES = ['registrar', 'credit-office', 'subject', 'discipline', 'supervisor', 'auditor', 'approver'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/** The verified identity of a caller. `uscc` is set for `subject` tokens: the institution it speaks for. */
export interface Principal {
  sub: string;
  role: Role;
  uscc?: string;
}
