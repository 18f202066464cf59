import 'server-only';
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';

/**
 * client-node picks JSON Patch as the default PATCH content type; kubectl's restart and undo
 * send strategic merge patches, so say so explicitly.
 */
export const strategicMergePatch = () => setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);

/** A JSON merge patch (RFC 7386): what a node change sends (see lib/change/node/apply.ts). */
export const mergePatch = () => setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
