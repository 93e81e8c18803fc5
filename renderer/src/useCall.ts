import { useCallback, useEffect, useState } from 'react';
import type { InputOf, MethodName, OutputOf } from '../../shared/contract';
import { call, errorMessage } from './api';

/**
 * Loads one API result for a screen and keeps it current: `reload` asks again, `set`
 * replaces it with what a write returned. It asks again whenever the input changes (compared
 * as JSON, the form it crosses to the main process in), and only the latest answer is kept.
 * With `enabled` false it asks nothing: a screen asks only for what the signed-in role may read.
 */
export function useCall<M extends MethodName>(method: M, input: InputOf<M>, enabled = true) {
  const [data, setData] = useState<OutputOf<M> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const key = JSON.stringify(input);
  useEffect(() => {
    if (!enabled) return;
    let latest = true;
    call(method, JSON.parse(key) as InputOf<M>)
      .then((v) => {
        if (!latest) return;
        setData(v);
        setError(null);
      })
      .catch((err: unknown) => latest && setError(errorMessage(err)));
    return () => {
      latest = false;
    };
  }, [method, key, version, enabled]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, reload, set: setData };
}
