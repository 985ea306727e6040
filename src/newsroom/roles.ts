// Roles and what each may do, in one table. Routes name a permission (`Route.need`); the request pipeline asks
// the signed-in person's role through `can`. A new permission is one row here, never a check spread over routes.

export const ROLES = ['contributor', 'author', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Which roles hold each permission. The later parts (editor, workflow, API) add their rows here. */
export const PERMISSIONS = {
  /** One's own sessions, password, second factors and signing out (all a person must enrol may do). */
  'account.security': ['contributor', 'author', 'editor', 'admin'],
  /** The staff area itself: the dashboard. */
  'newsroom.enter': ['contributor', 'author', 'editor', 'admin'],
  /** Write drafts and submit them for review. */
  'articles.write': ['contributor', 'author', 'editor', 'admin'],
  /** Publish one's own articles. */
  'articles.publish-own': ['author', 'editor', 'admin'],
  /** Every article: review, schedule, correct, withdraw; entities, lexicon. */
  'articles.edit-any': ['editor', 'admin'],
  /** The standing pages: Impressum, Datenschutz, Kontakt, Über uns. */
  'pages.edit': ['editor', 'admin'],
  /** Invite people, change roles, disable accounts. */
  'staff.manage': ['admin'],
  /** Site settings (2FA for all staff, …). */
  'settings.manage': ['admin'],
  /** API tokens and webhooks (/redaktion/api). */
  'api.manage': ['admin'],
  /** Read the audit log. */
  'audit.read': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleCan(role: Role, permission: string): boolean {
  const roles = (PERMISSIONS as Record<string, readonly Role[] | undefined>)[permission];
  return roles?.includes(role) ?? false;
}
