import { useCallback, useEffect, useState } from "react";

/** Loads something when its inputs change; `reload` asks again. The error is kept to be shown, never dropped. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): { value: T | undefined; error: unknown; reload: () => void } {
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    load().then(
      (v) => {
        if (!live) return;
        setValue(v);
        setError(null);
      },
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { value, error, reload };
}

/** Calls `tick` every `ms` while the page shows it. */
export function useInterval(tick: () => void, ms: number | null): void {
  useEffect(() => {
    if (ms === null) return;
    const id = setInterval(tick, ms);
    return () => clearInterval(id);
  }, [tick, ms]);
}
