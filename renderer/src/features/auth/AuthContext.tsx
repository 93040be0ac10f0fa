import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError, call, onRecovery, onUnauthenticated, setSessionToken } from '../../api/client';
import { queryClient } from '../../api/query';
import type { HandlerOutput } from '../../../../db/src/contract';

export type Account = HandlerOutput<'accounts.me'>;
/** needsStaffId: signed in with an account that must record its holder's ID number first */
type Status = 'loading' | 'setup' | 'signedOut' | 'needsStaffId' | 'signedIn' | 'recovery';

interface AuthState {
  status: Status;
  account: Account | null;
  /** the screen is covered until the same person types the password again */
  locked: boolean;
  lockReason: string | null;
  signIn(username: string, password: string): Promise<void>;
  unlock(password: string): Promise<void>;
  signOut(): Promise<void>;
  recordStaffIdNumber(staffIdNumber: string): Promise<void>;
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
        const me = await call('accounts.me', {});
        setAccount(me);
        setStatus('signedIn');
        return;
      } catch {
        setSessionToken(null);
        sessionStorage.removeItem(STORAGE_KEY);
      }
    }
    try {
      const { initialized } = await call('accounts.status', {});
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
  useEffect(() => {
    if (status !== 'signedOut' && status !== 'setup') return;
    const timer = setInterval(() => void call('accounts.status', {}).catch(() => {}), 2000);
    return () => clearInterval(timer);
  }, [status]);

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

  const startSession = (token: string, acc: Account, needsStaffIdNumber: boolean) => {
    // What one account read must not show to the next one at this counter.
    if (accountRef.current?.id !== acc.id) queryClient.clear();
    setSessionToken(token);
    sessionStorage.setItem(STORAGE_KEY, token);
    setAccount(acc);
    setStatus(needsStaffIdNumber ? 'needsStaffId' : 'signedIn');
    setLocked(false);
    setLockReason(null);
  };

  const signIn = useCallback(async (username: string, password: string) => {
    const { token, account: acc, needsStaffIdNumber } = await call('accounts.login', { username, password });
    startSession(token, acc, needsStaffIdNumber);
  }, []);

  const unlock = useCallback(async (password: string) => {
    const current = accountRef.current;
    if (!current) return;
    const { token, account: acc, needsStaffIdNumber } = await call('accounts.login', { username: current.username, password });
    startSession(token, acc, needsStaffIdNumber);
  }, []);

  const recordStaffIdNumber = useCallback(async (staffIdNumber: string) => {
    const acc = await call('accounts.setStaffIdNumber', { staffIdNumber });
    setAccount(acc);
    setStatus('signedIn');
  }, []);

  const signOut = useCallback(async () => {
    try {
      await call('accounts.logout', {});
    } finally {
      setSessionToken(null);
      sessionStorage.removeItem(STORAGE_KEY);
      queryClient.clear();
      setAccount(null);
      setLocked(false);
      setStatus('signedOut');
    }
  }, []);

  const value = useMemo<AuthState>(
    () => ({
      status,
      account,
      locked,
      lockReason,
      signIn,
      unlock,
      signOut,
      recordStaffIdNumber,
      lock,
      refreshStatus,
      hasRole: (...roles) => !!account && roles.some((r) => account.roles.includes(r)),
    }),
    [status, account, locked, lockReason, signIn, unlock, signOut, recordStaffIdNumber, lock, refreshStatus],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
