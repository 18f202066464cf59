import 'server-only';
import { PatchStrategy, setHeaderOptions, type ConfigurationOptions, type ObservableMiddleware } from '@kubernetes/client-node';

/**
 * client-node picks JSON Patch as the default PATCH content type; kubectl's restart and undo
 * send strategic merge patches, so say so explicitly.
 */
export const strategicMergePatch = (opt?: ConfigurationOptions<ObservableMiddleware>) => setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch, opt);

/** A JSON merge patch (RFC 7386): what a node change sends (see lib/change/node/apply.ts). */
export const mergePatch = () => setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
