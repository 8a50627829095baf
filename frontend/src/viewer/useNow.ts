import { useEffect, useState } from "react";

/** The current time, ticking every `ms` while `running` (durations of what still runs). */
export function useNow(running: boolean, ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(timer);
  }, [running, ms]);
  return now;
}
