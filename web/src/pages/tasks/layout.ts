/** Layered layout of a plan's steps: each step one column right of its deepest dependency. */

export interface GraphStep {
  id: string;
  key: string;
  depends_on: string[];
}

export interface Placed {
  id: string;
  column: number;
  row: number;
}

export interface GraphLayout {
  nodes: Map<string, Placed>;
  edges: { from: string; to: string }[];
  columns: number;
  rows: number;
}

export function layoutPlan(steps: GraphStep[]): GraphLayout {
  const byRef = new Map<string, GraphStep>();
  for (const step of steps) {
    byRef.set(step.key, step);
    byRef.set(step.id, step);
  }
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (step: GraphStep): number => {
    const known = depth.get(step.id);
    if (known !== undefined) return known;
    if (visiting.has(step.id)) return 0; // a cycle (never valid) must not hang the page
    visiting.add(step.id);
    let d = 0;
    for (const ref of step.depends_on) {
      const parent = byRef.get(ref);
      if (parent) d = Math.max(d, depthOf(parent) + 1);
    }
    visiting.delete(step.id);
    depth.set(step.id, d);
    return d;
  };
  const columns: string[][] = [];
  for (const step of steps) {
    const d = depthOf(step);
    (columns[d] ??= []).push(step.id);
  }
  const nodes = new Map<string, Placed>();
  columns.forEach((ids, column) => ids.forEach((id, row) => nodes.set(id, { id, column, row })));
  const edges: { from: string; to: string }[] = [];
  for (const step of steps) {
    for (const ref of step.depends_on) {
      const parent = byRef.get(ref);
      if (parent) edges.push({ from: parent.id, to: step.id });
    }
  }
  return {
    nodes,
    edges,
    columns: columns.length,
    rows: Math.max(0, ...columns.map((c) => c?.length ?? 0)),
  };
}
