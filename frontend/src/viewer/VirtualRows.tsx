// A list of fixed-height rows in its own scroller, virtualised with @tanstack/react-virtual: only the rows in view
// (and `overscan` more) are in the DOM, so the table's 10,000 visits, the events view's 25,000 events and a step's
// thousands of events scroll smoothly. The table, the events view and the step panel share it.
import { useVirtualizer } from "@tanstack/react-virtual";
import { Fragment, useCallback, useLayoutEffect, useRef, type CSSProperties, type Key, type ReactNode } from "react";

/** What a row element must carry: spread it onto the row (with class "virtual-row", which positions it). */
export interface VirtualRowProps {
  "data-index": number;
  style: CSSProperties;
  /** Only on the measured row: the list learns its real height from it. */
  ref?: (element: Element | null) => void;
}

interface VirtualRowsProps {
  count: number;
  rowHeight: number;
  overscan: number;
  className: string;
  rowKey: (index: number) => Key;
  /** The one row that may be taller than `rowHeight` (an opened event), or null. Rows have one height and only
   *  this one is measured: measuring every row as it appeared (getBoundingClientRect per row) made opening the
   *  events view a long task. It is re-measured when it changes; a row no longer measured is forgotten. */
  measuredIndex?: number | null;
  role?: string;
  "aria-label"?: string;
  "data-testid"?: string;
  children: (index: number, rowProps: VirtualRowProps) => ReactNode;
}

export function VirtualRows({
  count, rowHeight, overscan, className, rowKey, measuredIndex = null, children, ...attributes
}: VirtualRowsProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan,
  });
  // The measured row's element: after a change of measured row (another row opened, or the open one moved as the
  // filter changed), every size is forgotten and this one measured again. (Its ref is attached before layout
  // effects run; a ResizeObserver alone would not report a row that kept its size but changed index.)
  const measuredElement = useRef<Element | null>(null);
  const measureRef = useCallback((element: Element | null) => {
    measuredElement.current = element;
    virtualizer.measureElement(element);
  }, [virtualizer]);
  useLayoutEffect(() => {
    virtualizer.measure();
    if (measuredElement.current) virtualizer.measureElement(measuredElement.current);
  }, [measuredIndex, virtualizer]);

  return (
    <div className={className} ref={scroller} {...attributes}>
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {virtualizer.getVirtualItems().map((item) => (
          <Fragment key={rowKey(item.index)}>
            {children(item.index, {
              "data-index": item.index,
              style: { transform: `translateY(${item.start}px)` },
              ref: item.index === measuredIndex ? measureRef : undefined,
            })}
          </Fragment>
        ))}
      </div>
    </div>
  );
}
