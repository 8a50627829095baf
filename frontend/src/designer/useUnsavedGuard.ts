// Unsaved changes: the browser asks before a reload, closing the tab or following a plain (non-router) link
// (beforeunload), and the app asks before any router navigation leaves the designer — Back, Forward, links,
// navigate() — through react-router's useBlocker.
import { useCallback, useEffect, useRef } from "react";
import { useBlocker, type BlockerFunction } from "react-router-dom";

export const LEAVE_MESSAGE = "You have unsaved changes. Leave the designer and lose them?";

type Place = { pathname: string; search: string };

/** Whether a navigation from `current` to `next` leaves the page (a hash change or the same URL does not). */
export function leavesPage(current: Place, next: Place): boolean {
  return current.pathname !== next.pathname || current.search !== next.search;
}

/** `isDirty` is asked at the moment of each navigation (not at the last render), so a navigation that
 * follows a save at once — Start execution saves, then opens the new execution — is let through. */
export function useUnsavedGuard(isDirty: () => boolean) {
  const isDirtyRef = useRef(isDirty);
  isDirtyRef.current = isDirty;

  const shouldBlock = useCallback<BlockerFunction>(
    ({ currentLocation, nextLocation }) => isDirtyRef.current() && leavesPage(currentLocation, nextLocation),
    [],
  );
  const blocker = useBlocker(shouldBlock);
  useEffect(() => {
    if (blocker.state !== "blocked") return;
    // The browser's own confirm, as for deleting a machine: modal, keyboard-accessible, no extra UI to keep.
    if (window.confirm(LEAVE_MESSAGE)) blocker.proceed();
    else blocker.reset();
  }, [blocker]);

  useEffect(() => {
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (!isDirtyRef.current()) return;
      event.preventDefault();
      event.returnValue = ""; // older browsers need this to show their prompt
    };
    window.addEventListener("beforeunload", beforeUnload);
    return () => window.removeEventListener("beforeunload", beforeUnload);
  }, []);
}
