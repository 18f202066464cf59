import 'server-only';
import { Observable, PatchStrategy, type ConfigurationOptions, type ObservableMiddleware, type RequestContext } from '@kubernetes/client-node';

/**
 * client-node picks JSON Patch as the default PATCH content type; kubectl's restart and undo
 * send strategic merge patches, so say so explicitly.
 *
 * Not `setHeaderOptions`: it calls setHeaderParam after authentication, and the impersonating
 * client of lib/kube/contexts.ts freezes the header list at authentication time (to repeat
 * Impersonate-Group), so the content type set later is lost and the API server answers 400
 * "cannot unmarshal object into []jsonPatchOp". Overriding what getHeaders returns works for
 * both header shapes (a map, or the list of pairs the impersonating client uses).
 */
export function strategicMergePatch(): ConfigurationOptions<ObservableMiddleware> {
  return { middleware: [contentType(PatchStrategy.StrategicMergePatch)], middlewareMergeStrategy: 'append' };
}

function contentType(value: string): ObservableMiddleware {
  return {
    pre: (request: RequestContext) => {
      request.setHeaderParam('Content-Type', value);
      const original = request.getHeaders.bind(request) as () => unknown;
      (request as unknown as { getHeaders: () => unknown }).getHeaders = () => {
        const headers = original();
        if (Array.isArray(headers)) {
          return [...(headers as [string, string][]).filter(([k]) => k.toLowerCase() !== 'content-type'), ['Content-Type', value]];
        }
        return headers;
      };
      return new Observable(Promise.resolve(request));
    },
    post: (response) => new Observable(Promise.resolve(response)),
  };
}
