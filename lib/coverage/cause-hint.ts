/**
 * What to change so a cause goes away, in one or two sentences with the command to run. Causes
 * come from lib/coverage/causes.ts; placement fixes (tolerations, labels) stay in fix-hint.ts.
 * Undefined when the words of the cause give nothing to go on.
 */
import type { Cause } from './causes';

export interface CauseHintContext {
  namespace: string;
  agent: string;
  node: string;
  /** hostPorts the agent's pod template asks for. */
  hostPorts?: readonly number[];
}

const NOT_A_TOLERATION = 'a toleration is not the fix here';

/** "exceeded quota: q, requested: requests.cpu=100m, used: requests.cpu=200m, limited: requests.cpu=200m" */
function quotaHint(message: string, ns: string): string {
  const m = /exceeded quota: ([^,]+), requested: ([^,]+(?:,[^,:]+=[^,]+)*), used: (.+?), limited: (.+?)(?:$|\s*\(|")/i.exec(message);
  if (!m) return `raise the ResourceQuota in namespace ${ns} (kubectl describe resourcequota -n ${ns} shows what is used), or lower the agent's requests`;
  const [, name, requested, used, limited] = m;
  const parse = (s: string) => new Map(s.split(',').map((kv) => kv.trim().split('=') as [string, string]));
  const u = parse(used!);
  const l = parse(limited!);
  const figures = [...parse(requested!).entries()].map(([k, v]) => `${k} used ${u.get(k) ?? '?'}/${l.get(k) ?? '?'}, each pod asks ${v}`).join('; ');
  return `raise the quota ${name} in ns ${ns}: ${figures} (kubectl edit resourcequota ${name} -n ${ns}), or lower the agent's requests`;
}

function podSecurityHint(message: string, ns: string): string {
  const level = /violates PodSecurity "([a-z]+)/i.exec(message)?.[1] ?? 'restricted';
  const drops = [/hostPath/i.test(message) && 'hostPath', /hostNetwork|host namespaces/i.test(message) && 'hostNetwork', /privileged/i.test(message) && 'privileged'].filter(Boolean);
  const alt = drops.length > 0 ? `drop ${drops.join(' and ')} from the agent` : `make the pod template meet "${level}"`;
  return `label the namespace pod-security.kubernetes.io/enforce=privileged (kubectl label ns ${ns} pod-security.kubernetes.io/enforce=privileged --overwrite) — or ${alt}; node agents usually need a privileged namespace of their own`;
}

export function causeHint(cause: Pick<Cause, 'category' | 'message'>, ctx: CauseHintContext): string | undefined {
  const { namespace: ns, agent, node } = ctx;
  const [kind, detail] = cause.category.split(/:(.*)/s);
  switch (kind) {
    case 'quota':
      return quotaHint(cause.message, ns);
    case 'pod-security':
      return podSecurityHint(cause.message, ns);
    case 'webhook': {
      const hook = /admission webhook "([^"]+)"/i.exec(cause.message)?.[1];
      return `the admission webhook${hook ? ` ${hook}` : ''} refuses the pod: change what it objects to in the DaemonSet, or its configuration (kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations)`;
    }
    case 'service-account': {
      const sa = /serviceaccount "([^"]+)"/i.exec(cause.message)?.[1];
      return sa ? `create the ServiceAccount: kubectl create serviceaccount ${sa} -n ${ns}` : `create the agent's ServiceAccount in ns ${ns}`;
    }
    case 'limit-range':
      return `the LimitRange of ns ${ns} refuses the pod's requests/limits: change the agent's resources to fit it (kubectl describe limitrange -n ${ns})`;
    case 'priority-class': {
      const pc = /PriorityClass with name (\S+)/i.exec(cause.message)?.[1];
      return pc ? `create the PriorityClass ${pc} (system-node-critical suits node agents) or fix spec.template.spec.priorityClassName` : 'create the PriorityClass the agent names, or fix spec.template.spec.priorityClassName';
    }
    case 'cannot-fit':
      return `node ${node} has not enough ${detail} free for the pod: lower the agent's ${detail} request, or free ${detail} on ${node}; give the agent a high priorityClassName (system-node-critical) so it may preempt — ${NOT_A_TOLERATION}`;
    case 'host-port': {
      const ports = ctx.hostPorts && ctx.hostPorts.length > 0 ? `port ${ctx.hostPorts.join(', ')}` : 'the host port';
      return `free ${ports} on node ${node} (another pod holds it: kubectl get pods -A --field-selector spec.nodeName=${node}) or change the agent's hostPort — ${NOT_A_TOLERATION}`;
    }
    case 'volume-affinity':
      return `a volume of the agent is bound to other nodes or zones than ${node}: node agents need volumes every node can mount (hostPath, emptyDir, configMap)`;
    case 'node-refused':
      return detail?.startsWith('OutOf')
        ? `the kubelet on ${node} had no ${detail.slice(5)} left for the pod (pods the scheduler does not count, e.g. static pods, use it): free ${detail.slice(5)} on ${node} or lower the agent's request; the controller deletes and recreates the pod with growing backoff meanwhile — ${NOT_A_TOLERATION}`
        : `the kubelet on ${node} refused the pod (${detail ?? 'see the message'}); the controller deletes and recreates it with growing backoff meanwhile`;
    case 'namespace-terminating':
      return `namespace ${ns} is being deleted: ${agent} cannot create pods there any more`;
    default:
      return undefined;
  }
}
