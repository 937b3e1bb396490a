import type { KeyboardEvent } from "react";
import type { StepView } from "../../api/types";
import { layoutPlan } from "./layout";

const W = 190;
const H = 54;
const GAP_X = 56;
const GAP_Y = 18;

export function PlanGraph({ steps, selected, onSelect }: { steps: StepView[]; selected: string | null; onSelect: (id: string) => void }) {
  const layout = layoutPlan(steps);
  const width = Math.max(1, layout.columns) * (W + GAP_X) - GAP_X + 8;
  const height = Math.max(1, layout.rows) * (H + GAP_Y) - GAP_Y + 8;
  const pos = (id: string) => {
    const node = layout.nodes.get(id)!;
    return { x: 4 + node.column * (W + GAP_X), y: 4 + node.row * (H + GAP_Y) };
  };
  const key = (event: KeyboardEvent, id: string) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onSelect(id);
    }
  };
  return (
    <div className="graph-wrap">
      <svg width={width} height={height} role="list" aria-label="Plan steps">
        {layout.edges.map((edge) => {
          const a = pos(edge.from);
          const b = pos(edge.to);
          const x1 = a.x + W;
          const y1 = a.y + H / 2;
          const x2 = b.x;
          const y2 = b.y + H / 2;
          const mid = (x1 + x2) / 2;
          return <path key={`${edge.from}-${edge.to}`} className="graph-edge" d={`M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`} markerEnd="url(#arrow)" />;
        })}
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" fill="currentColor" opacity=".5" />
          </marker>
        </defs>
        {steps.map((step) => {
          const { x, y } = pos(step.id);
          const title = step.title || step.key;
          return (
            <g
              key={step.id}
              className={`graph-node ${step.status} ${selected === step.id ? "selected" : ""}`}
              transform={`translate(${x},${y})`}
              role="listitem"
              tabIndex={0}
              aria-label={`${title}: ${step.status}`}
              aria-current={selected === step.id ? "true" : undefined}
              onClick={() => onSelect(step.id)}
              onKeyDown={(e) => key(e, step.id)}
              data-step-status={step.status}
            >
              <rect width={W} height={H} rx={8} />
              <text x={12} y={22}>{title.length > 24 ? `${title.slice(0, 23)}…` : title}</text>
              <text x={12} y={40} className="sub">{step.agent_type} · {step.status.replace(/_/g, " ")}</text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
