'use client';

import { RefreshCcw } from 'lucide-react';
import type { ActionResponse, Permission } from '@/lib/api/dto';
import { postAction } from '@/lib/queries/http';
import { apiPaths } from '@/lib/queries/paths';
import { ActionButton } from './action-button';
import { recreateSummary } from './describe';

export function RecreateAction({
  ctx,
  node,
  namespace,
  name,
  podName,
  permission,
  onDone,
}: {
  ctx: string;
  node: string;
  namespace: string;
  name: string;
  podName?: string;
  permission: Permission | undefined;
  onDone?: (res: ActionResponse) => void;
}) {
  return (
    <ActionButton
      ctx={ctx}
      permission={permission}
      testId={`recreate-${namespace}-${name}`}
      size="sm"
      label="Recreate pod"
      icon={<RefreshCcw aria-hidden className="size-3.5" />}
      title={`Recreate the ${name} pod on ${node}?`}
      summary={recreateSummary(name, node, podName)}
      confirmLabel="Delete and recreate"
      danger
      run={() => postAction(apiPaths.recreate(ctx, node, namespace, name))}
      onDone={onDone}
    />
  );
}
