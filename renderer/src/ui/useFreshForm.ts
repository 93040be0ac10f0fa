import { useEffect, useState } from 'react';

/**
 * A modal form's values, blank again each time the modal opens, with the mutation's last
 * result (or error) forgotten too: a person reopening it never sees the previous attempt.
 */
export function useFreshForm<T>(opened: boolean, empty: T, reset: () => void) {
  const [values, setValues] = useState(empty);
  useEffect(() => {
    if (opened) {
      setValues(empty);
      reset();
    }
    // Only `opened`: `empty` is a new object each render, and reset is stable
  }, [opened]);
  return [values, setValues] as const;
}
