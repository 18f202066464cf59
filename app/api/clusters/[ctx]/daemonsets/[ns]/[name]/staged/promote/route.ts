import { stagedControlPost } from '@/lib/http/staged-control-route';

export const dynamic = 'force-dynamic';

/** Promotes a staged rollout: every remaining node follows without gates (failures still pause it). */
export const POST = stagedControlPost('promote');
