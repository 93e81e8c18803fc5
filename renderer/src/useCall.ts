import { useCallback, useEffect, useState } from 'react';
import type { InputOf, MethodName, OutputOf } from '../../shared/contract';
import { call, errorMessage } from './api';

/**
 * Loads one API result for a screen and keeps it current: `reload` asks again, `set`
 * replaces it with what a write returned. Only the latest answer is kept.
 */
export function useCall<M extends MethodName>(method: M, input: InputOf<M>, key: string, enabled = true) {
  const [data, setData] = useState<OutputOf<M> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    // A screen asks only for what the signed-in role may read.
    if (!enabled) return;
    let latest = true;
    call(method, input)
      .then((v) => {
        if (!latest) return;
        setData(v);
        setError(null);
      })
      .catch((err: unknown) => latest && setError(errorMessage(err)));
    return () => {
      latest = false;
    };
    // `key` stands for the input: the caller says when it changes.
  }, [method, key, version, enabled]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, reload, set: setData };
}
