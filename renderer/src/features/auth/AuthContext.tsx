import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError, onRecovery, onUnauthenticated, setSessionToken } from '../../api/client';
import { fetchApi, queryClient, useApiMutation, useApiQuery } from '../../api/query';
import type { HandlerOutput } from '../../../../db/src/contract';

export type Account = HandlerOutput<'accounts.me'>;
type SignedIn = HandlerOutput<'accounts.login'>;
/** needsStaffId: signed in with an account that must record its holder's ID number first */
type Status = 'loading' | 'setup' | 'signedOut' | 'needsStaffId' | 'signedIn' | 'recovery';

interface AuthState {
  status: Status;
  account: Account | null;
  /** the screen is covered until the same person types the password again */
  locked: boolean;
  lockReason: string | null;
  /** what `accounts.login` answered (see useSignIn): that account's session starts */
  startSession(signedIn: SignedIn): void;
  /** what `accounts.setStaffIdNumber` answered: the account may go on */
  staffIdRecorded(account: Account): void;
  signOut(): void;
  lock(reason?: string): void;
  refreshStatus(): Promise<void>;
  hasRole(...roles: Account['roles']): boolean;
}

const AuthContext = createContext<AuthState | null>(null);
const STORAGE_KEY = 'onewindow.session';

export function AuthProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>('loading');
  const [account, setAccount] = useState<Account | null>(null);
  const [locked, setLocked] = useState(false);
  const [lockReason, setLockReason] = useState<string | null>(null);
  const accountRef = useRef<Account | null>(null);
  accountRef.current = account;

  const refreshStatus = useCallback(async () => {
    // A reload keeps the session of this tab (sessionStorage dies with the tab).
    const saved = sessionStorage.getItem(STORAGE_KEY);
    if (saved) {
      setSessionToken(saved);
      try {
        const me = await fetchApi('accounts.me', {});
        setAccount(me);
        setStatus('signedIn');
        return;
      } catch {
        setSessionToken(null);
        sessionStorage.removeItem(STORAGE_KEY);
      }
    }
    try {
      const { initialized } = await fetchApi('accounts.status', {});
      setStatus(initialized ? 'signedOut' : 'setup');
    } catch (err) {
      // The host could not open the database and serves only its recovery handlers.
      if (err instanceof ApiError && err.code === 'RECOVERY_MODE') setStatus('recovery');
      else throw err;
    }
  }, []);

  useEffect(() => {
    void refreshStatus();
  }, [refreshStatus]);

  const lock = useCallback((reason?: string) => {
    if (!accountRef.current) return;
    setLockReason(reason ?? null);
    setLocked(true);
  }, []);

  useEffect(
    () =>
      onUnauthenticated((error) => {
        if (accountRef.current) lock(error.message);
      }),
    [lock],
  );

  // The host checks the whole file in the background after start: the sign-in screen asks
  // again now and then, so that a damage found then shows the recovery screen by itself.
  // (A refused call reports recovery mode to the listener below; the answer itself is not used.)
  useApiQuery('accounts.status', {}, { enabled: status === 'signedOut' || status === 'setup', refetchInterval: 2000, refetchIntervalInBackground: true });

  useEffect(
    () =>
      onRecovery(() => {
        setSessionToken(null);
        sessionStorage.removeItem(STORAGE_KEY);
        queryClient.clear();
        setAccount(null);
        setLocked(false);
        setStatus('recovery');
      }),
    [],
  );

  const startSession = useCallback(({ token, account: acc, needsStaffIdNumber }: SignedIn) => {
    // What one account read must not show to the next one at this counter; the same
    // account coming back (unlock) has every read asked again under its new session.
    const sameAccount = accountRef.current?.id === acc.id;
    if (!sameAccount) queryClient.clear();
    setSessionToken(token);
    sessionStorage.setItem(STORAGE_KEY, token);
    if (sameAccount) void queryClient.invalidateQueries();
    setAccount(acc);
    setStatus(needsStaffIdNumber ? 'needsStaffId' : 'signedIn');
    setLocked(false);
    setLockReason(null);
  }, []);

  const staffIdRecorded = useCallback((acc: Account) => {
    setAccount(acc);
    setStatus('signedIn');
  }, []);

  // Signed out whatever the core answers: the counter is left without a session either way.
  const logout = useApiMutation('accounts.logout', {
    invalidates: 'none',
    onSettled: () => {
      setSessionToken(null);
      sessionStorage.removeItem(STORAGE_KEY);
      queryClient.clear();
      setAccount(null);
      setLocked(false);
      setStatus('signedOut');
    },
  });
  const { mutate: logoutNow } = logout;
  const signOut = useCallback(() => logoutNow({}), [logoutNow]);

  const value = useMemo<AuthState>(
    () => ({
      status,
      account,
      locked,
      lockReason,
      startSession,
      staffIdRecorded,
      signOut,
      lock,
      refreshStatus,
      hasRole: (...roles) => !!account && roles.some((r) => account.roles.includes(r)),
    }),
    [status, account, locked, lockReason, startSession, staffIdRecorded, signOut, lock, refreshStatus],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/**
 * Signing in (or unlocking: the same account's name and its password again). A wrong
 * password, a locked account and too many tries (RATE_LIMITED) come back as the
 * mutation's error, in the core's words.
 */
export function useSignIn(options: { onError?: () => void } = {}) {
  const { startSession } = useAuth();
  return useApiMutation('accounts.login', { invalidates: 'none', onSuccess: startSession, ...(options.onError ? { onError: options.onError } : {}) });
}
