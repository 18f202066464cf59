import { isServer, QueryClient } from '@tanstack/react-query';

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Fresh data arrives by SSE invalidation; without it, refetch after 10 s of staleness.
        staleTime: 10_000,
        refetchOnWindowFocus: true,
        retry: (count, err) => count < 2 && !(err instanceof Error && 'status' in err && (err as { status: number }).status === 404),
      },
    },
  });
}

let browserClient: QueryClient | undefined;

/** A new client per server request (no data shared between users), one for the browser's lifetime. */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserClient ??= makeQueryClient();
  return browserClient;
}
