import { Lock } from 'lucide-react';
import type { PermissionsResponse } from '@/lib/api/dto';

/** Visible reason actions are unavailable: read-only console, or RBAC denials. */
export function PermissionNote({ permissions }: { permissions: PermissionsResponse | undefined }) {
  if (!permissions) return null;
  const denied = [permissions.restart, permissions.rollback, permissions.recreate].find((p) => !p.allowed);
  if (!permissions.readOnly && !denied) return null;
  const text = permissions.readOnly ? 'Read-only console: actions are disabled' : (denied?.reason ?? 'Some actions are not allowed for you');
  return (
    <span data-testid="permission-note" className="inline-flex items-center gap-1.5 text-xs text-muted">
      <Lock aria-hidden className="size-3.5" />
      {text}
      {permissions.user ? ` (${permissions.user})` : ''}
    </span>
  );
}
