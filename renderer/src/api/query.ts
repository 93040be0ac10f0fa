/**
 * The renderer's one data layer: every read and write of the core goes through TanStack
 * Query, typed from the contract. Keys are the handler name plus its input, so two screens
 * asking the same question share one answer, and a write refreshes what it may have changed.
 */
import {
  QueryClient,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryKey,
  type UseMutationOptions,
  type UseQueryOptions,
} from '@tanstack/react-query';
import type { HandlerInput, HandlerName, HandlerOutput } from '../../../db/src/contract';
import { ApiError, call } from './client';
import { trackWrite } from './own-writes';

export const queryClient = new QueryClient({
  defaultOptions: {
    // A refused call (validation, permission) answers the same the second time; the clerk
    // sees the error at once instead of after three silent retries.
    queries: { retry: false, refetchOnWindowFocus: false },
    mutations: { retry: false },
  },
});

/** The cache key of one call: the handler name, then its input. */
export function apiKey<K extends HandlerName>(name: K, input?: HandlerInput<K>): QueryKey {
  return input === undefined ? [name] : [name, input];
}

/** The feature a handler belongs to (`cases.intake` → `cases`), the unit a write invalidates. */
export function featureOf(name: HandlerName): string {
  return name.slice(0, name.indexOf('.'));
}

type QueryOptions<K extends HandlerName> = Omit<UseQueryOptions<HandlerOutput<K>, ApiError, HandlerOutput<K>>, 'queryKey' | 'queryFn'>;

export function useApiQuery<K extends HandlerName>(name: K, input: HandlerInput<K>, options?: QueryOptions<K>) {
  return useQuery<HandlerOutput<K>, ApiError, HandlerOutput<K>>({
    queryKey: apiKey(name, input),
    queryFn: () => call(name, input),
    ...options,
  });
}

type MutationOptions<K extends HandlerName> = Omit<UseMutationOptions<HandlerOutput<K>, ApiError, HandlerInput<K>>, 'mutationFn'> & {
  /**
   * Features whose cached reads this write may change, besides its own (e.g. an intake
   * changes `residents` too); `'all'` for writes that touch everything (settings, sign-in);
   * `'none'` for calls that only log (revealing a value).
   */
  invalidates?: readonly string[] | 'all' | 'none';
  /**
   * false: the screen goes on at once (a dialog closes) and the invalidated reads refresh
   * behind it, instead of onSuccess waiting until they have been read again.
   */
  awaitRefresh?: boolean;
};

export function useApiMutation<K extends HandlerName>(name: K, options: MutationOptions<K> = {}) {
  const client = useQueryClient();
  const { invalidates, awaitRefresh = true, onSuccess, ...rest } = options;
  return useMutation<HandlerOutput<K>, ApiError, HandlerInput<K>>({
    // tracked: the change event of this write coming back is this window's own (live.ts)
    mutationFn: (input) => trackWrite(name, () => call(name, input)),
    ...rest,
    onSuccess: async (...args) => {
      const refresh = invalidateAfter(client, name, invalidates);
      if (awaitRefresh) await refresh;
      await onSuccess?.(...args);
    },
  });
}

async function invalidateAfter(client: QueryClient, name: HandlerName, invalidates: MutationOptions<HandlerName>['invalidates']): Promise<void> {
  if (invalidates === 'none') return;
  if (invalidates === 'all') return client.invalidateQueries();
  const features = new Set([featureOf(name), ...(invalidates ?? [])]);
  await client.invalidateQueries({
    predicate: (q) => typeof q.queryKey[0] === 'string' && features.has(featureOf(q.queryKey[0] as HandlerName)),
  });
}

/** For the few places that call outside a hook (a key press, a loop): the same cache. */
export function fetchApi<K extends HandlerName>(name: K, input: HandlerInput<K>): Promise<HandlerOutput<K>> {
  return queryClient.fetchQuery({ queryKey: apiKey(name, input), queryFn: () => call(name, input), staleTime: 0 });
}
