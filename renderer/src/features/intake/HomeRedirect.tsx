import { Navigate } from 'react-router';
import { useAuth } from '../auth/AuthContext';

/** The start page: 受理 for counter clerks, 办件 for everyone else. */
export function HomeRedirect() {
  const { hasRole } = useAuth();
  return <Navigate to={hasRole('clerk') ? '/intake' : '/cases'} replace />;
}
