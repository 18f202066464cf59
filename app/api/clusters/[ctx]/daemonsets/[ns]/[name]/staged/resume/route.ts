import { stagedControlPost } from '@/lib/http/staged-control-route';

export const dynamic = 'force-dynamic';

/** Resumes a paused staged rollout, as the signed-in person; the failing pods they saw no longer pause it. */
export const POST = stagedControlPost('resume');
