import { describe, expect, it } from "vitest";
import { layoutPlan } from "./layout";

describe("layoutPlan", () => {
  it("puts each step one column right of its deepest dependency", () => {
    const layout = layoutPlan([
      { id: "a", key: "fetch", depends_on: [] },
      { id: "b", key: "summarise", depends_on: ["fetch"] },
      { id: "c", key: "chart", depends_on: ["fetch"] },
      { id: "d", key: "report", depends_on: ["summarise", "chart", "fetch"] },
    ]);
    expect(layout.nodes.get("a")).toMatchObject({ column: 0, row: 0 });
    expect(layout.nodes.get("b")).toMatchObject({ column: 1, row: 0 });
    expect(layout.nodes.get("c")).toMatchObject({ column: 1, row: 1 });
    expect(layout.nodes.get("d")).toMatchObject({ column: 2, row: 0 });
    expect(layout.columns).toBe(3);
    expect(layout.rows).toBe(2);
    expect(layout.edges).toHaveLength(5);
  });

  it("survives a cycle and unknown references", () => {
    const layout = layoutPlan([
      { id: "a", key: "a", depends_on: ["b", "missing"] },
      { id: "b", key: "b", depends_on: ["a"] },
    ]);
    expect(layout.nodes.size).toBe(2);
  });
});
