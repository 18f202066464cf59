import 'server-only';
import { Observable, type ConfigurationOptions, type ObservableMiddleware, type RequestContext, type ResponseContext } from '@kubernetes/client-node';

/**
 * Per-request client-node options that keep the response body text as the API server sent it.
 * Rollback compares a DaemonSet's template with a ControllerRevision's stored patch; going
 * through client-node's typed models would drop fields its generated models do not know, so it
 * needs the server's own JSON.
 */
export function captureRawJson(): { options: ConfigurationOptions<ObservableMiddleware>; json: () => unknown } {
  let text: string | undefined;
  const middleware: ObservableMiddleware = {
    pre: (request: RequestContext) => new Observable(Promise.resolve(request)),
    post: (response: ResponseContext) =>
      new Observable(
        (async () => {
          const body = await response.body.text();
          text = body;
          // The body stream is consumed: hand the deserializer a replayable copy.
          response.body = { text: async () => body, binary: async () => Buffer.from(body) };
          return response;
        })(),
      ),
  };
  return {
    options: { middleware: [middleware], middlewareMergeStrategy: 'append' },
    json: () => (text === undefined ? undefined : JSON.parse(text)),
  };
}
