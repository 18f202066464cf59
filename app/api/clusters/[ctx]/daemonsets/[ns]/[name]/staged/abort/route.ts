import { stagedControlPost } from '@/lib/http/staged-control-route';

export const dynamic = 'force-dynamic';

/** Aborts a staged rollout: previous template and update strategy restored, as the signed-in person. */
export const POST = stagedControlPost('abort');
