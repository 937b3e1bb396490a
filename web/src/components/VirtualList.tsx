/**
 * Windowed list of variable-height rows: only the rows in (and near) the viewport are in the
 * DOM. Heights start as an estimate and are replaced by measurements (ResizeObserver) as rows
 * render. `stickToBottom` keeps a chat pinned to the newest message while the user is there.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode, type UIEvent } from "react";

export interface VirtualListProps<T> {
  items: T[];
  getKey: (item: T, index: number) => string;
  render: (item: T, index: number) => ReactNode;
  estimate?: number;
  overscan?: number;
  stickToBottom?: boolean;
  onReachTop?: () => void;
  className?: string;
  label?: string;
}

/** Index of the last offset <= target in an ascending array (binary search). */
export function findStart(offsets: number[], target: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid] <= target) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}

export function VirtualList<T>({ items, getKey, render, estimate = 80, overscan = 600, stickToBottom = false, onReachTop, className, label }: VirtualListProps<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const heights = useRef(new Map<string, number>());
  const [version, setVersion] = useState(0);
  const [viewport, setViewport] = useState({ top: 0, height: 800 });
  const atBottom = useRef(true);
  const firstKey = items.length ? getKey(items[0], 0) : "";
  const previousFirst = useRef(firstKey);
  const previousTotal = useRef(0);

  const keys = useMemo(() => items.map((item, i) => getKey(item, i)), [items, getKey]);
  const offsets = useMemo(() => {
    const out = new Array<number>(keys.length + 1);
    out[0] = 0;
    for (let i = 0; i < keys.length; i++) out[i + 1] = out[i] + (heights.current.get(keys[i]) ?? estimate);
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [keys, estimate, version]);
  const total = offsets[keys.length];

  const observer = useMemo(
    () =>
      typeof ResizeObserver === "undefined"
        ? null
        : new ResizeObserver((entries) => {
            let changed = false;
            for (const entry of entries) {
              const key = (entry.target as HTMLElement).dataset.key;
              if (!key) continue;
              const h = Math.ceil(entry.borderBoxSize?.[0]?.blockSize ?? (entry.target as HTMLElement).offsetHeight);
              if (h > 0 && heights.current.get(key) !== h) {
                heights.current.set(key, h);
                changed = true;
              }
            }
            if (changed) setVersion((v) => v + 1);
          }),
    [],
  );
  useEffect(() => () => observer?.disconnect(), [observer]);

  const measure = useCallback(
    (node: HTMLDivElement | null) => {
      if (node && observer) observer.observe(node);
    },
    [observer],
  );

  // Keep the view anchored: pinned to the bottom, or steady when older rows load above.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (firstKey !== previousFirst.current && previousTotal.current > 0 && !atBottom.current) {
      const oldIndex = keys.indexOf(previousFirst.current);
      if (oldIndex > 0) el.scrollTop += offsets[oldIndex];
    } else if (stickToBottom && atBottom.current) {
      el.scrollTop = el.scrollHeight;
    }
    previousFirst.current = firstKey;
    previousTotal.current = total;
  }, [firstKey, total, keys, offsets, stickToBottom]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const resize = () => setViewport({ top: el.scrollTop, height: el.clientHeight });
    resize();
    const ro = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(resize);
    ro?.observe(el);
    return () => ro?.disconnect();
  }, []);

  const onScroll = (event: UIEvent<HTMLDivElement>) => {
    const el = event.currentTarget;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
    setViewport({ top: el.scrollTop, height: el.clientHeight });
    if (el.scrollTop < 200) onReachTop?.();
  };

  const start = findStart(offsets, Math.max(0, viewport.top - overscan));
  let end = start;
  const bottom = viewport.top + viewport.height + overscan;
  while (end < keys.length && offsets[end] < bottom) end += 1;

  const rows: ReactNode[] = [];
  for (let i = start; i < end; i++) {
    rows.push(
      <div key={keys[i]} data-key={keys[i]} ref={measure} style={{ position: "absolute", top: offsets[i], left: 0, right: 0 }} role="listitem">
        {render(items[i], i)}
      </div>,
    );
  }
  return (
    <div ref={scroller} className={className} onScroll={onScroll} style={{ overflowY: "auto", position: "relative" }}>
      <div role="list" aria-label={label} style={{ position: "relative", height: total }}>
        {rows}
      </div>
    </div>
  );
}
