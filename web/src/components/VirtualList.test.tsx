import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { findStart, VirtualList } from "./VirtualList";

describe("VirtualList", () => {
  it("finds the first row at an offset", () => {
    expect(findStart([0, 10, 20, 30], 0)).toBe(0);
    expect(findStart([0, 10, 20, 30], 15)).toBe(1);
    expect(findStart([0, 10, 20, 30], 99)).toBe(3);
  });

  it("renders only the rows near the viewport of a 10,000-row list", () => {
    const items = Array.from({ length: 10_000 }, (_, i) => i);
    const { container } = render(
      <VirtualList items={items} getKey={(i) => String(i)} render={(i) => <div>row {i}</div>} estimate={50} overscan={200} />,
    );
    const rows = container.querySelectorAll("[data-key]");
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(40);
    const list = container.querySelector("[role=list]") as HTMLElement;
    expect(list.style.height).toBe(`${10_000 * 50}px`);
  });
});
