// Filtering and colouring history events (the events view).
import type { HistoryEvent } from "../core/summaries";

/** AWS's quota of history events per execution. */
export const HISTORY_LIMIT = 25_000;

export type EventTone = "failed" | "succeeded" | "started" | "neutral";

export function eventTone(type: string): EventTone {
  if (/(Failed|TimedOut|Aborted)$/.test(type)) return "failed";
  if (/(Succeeded|Exited)$/.test(type)) return "succeeded";
  if (/(Started|Entered|Scheduled|Submitted|Redriven)$/.test(type)) return "started";
  return "neutral";
}

/** Events whose type contains `text` (case-insensitive) and whose tone is `tone` (all when empty). */
export function filterEvents(events: HistoryEvent[], count: number, text: string, tone: EventTone | ""): HistoryEvent[] {
  const needle = text.trim().toLowerCase();
  const out: HistoryEvent[] = [];
  for (let i = 0; i < count; i++) {
    const event = events[i];
    if (needle && !event.type.toLowerCase().includes(needle)) continue;
    if (tone && eventTone(event.type) !== tone) continue;
    out.push(event);
  }
  return out;
}
