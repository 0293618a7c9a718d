import { useEffect, useState } from 'react';

/** The current time, refreshed every `everyMs`, so "today shows the time only" rolls over at midnight. */
export function useNow(everyMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const handle = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(handle);
  }, [everyMs]);
  return now;
}
