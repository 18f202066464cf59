import { ScrollText } from 'lucide-react';
import type { Permission } from '@/lib/api/dto';
import { Button } from '@/components/ui/button';

/** Opens an agent's log; hidden when Kubernetes says the person may not get pods/log. */
export function LogsButton({ agent, permission, onOpen }: { agent: string; permission: Permission | undefined; onOpen: () => void }) {
  if (permission && !permission.allowed) return null;
  return (
    <Button size="sm" onClick={onOpen} aria-label={`Logs of ${agent}`} data-testid="open-logs">
      <ScrollText aria-hidden className="size-3.5" /> Logs
    </Button>
  );
}
