// Staff roles (DESIGN.md "Roles"). One concept, one name, in UI, backend and tests.
export const roles = ['inside_sales', 'credit_controller', 'credit_manager', 'manager', 'admin'] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
  inside_sales: 'Inside sales',
  credit_controller: 'Credit controller',
  credit_manager: 'Credit manager',
  manager: 'Manager',
  admin: 'Admin',
};
