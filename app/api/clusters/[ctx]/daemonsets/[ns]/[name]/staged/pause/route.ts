import { stagedControlPost } from '@/lib/http/staged-control-route';

export const dynamic = 'force-dynamic';

/** Pauses the agent's staged rollout (the driver deletes no more pods until resumed), as the signed-in person. */
export const POST = stagedControlPost('pause');
