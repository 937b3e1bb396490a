import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { tentacle, unwrap } from "../../api/client";
import type { StepView, TaskView } from "../../api/types";
import { CheckpointCard } from "../../components/CheckpointCard";
import { ErrorState, FormError, JsonView, Loading, PageTitle, StatusBadge, Time, formatCost } from "../../components/ui";
import { PlanGraph } from "./PlanGraph";
import { useTaskEvents, type TaskEvent } from "./useTaskEvents";

type Action = "pause" | "resume" | "cancel" | "retry";

function allowed(task: TaskView): Action[] {
  const s = task.status;
  const out: Action[] = [];
  if (["planning", "ready", "executing", "checkpoint"].includes(s)) out.push("pause");
  if (s === "paused") out.push("resume");
  if (!["completed", "cancelled", "superseded", "failed"].includes(s)) out.push("cancel");
  if (s === "failed") out.push("retry");
  return out;
}

function describe(event: TaskEvent): string {
  const p = event.payload as Record<string, unknown>;
  switch (event.type) {
    case "task.status":
      return `Task ${String(p.from ?? "")} → ${String(p.to ?? "")}${p.reason ? ` (${String(p.reason)})` : ""}`;
    case "step.status":
      return `Step ${String(p.key ?? p.step_key ?? p.step_id ?? "")} → ${String(p.to ?? p.status ?? "")}`;
    case "checkpoint.created":
      return "Waiting for your decision";
    case "checkpoint.resolved":
      return `Decision: ${String(p.status ?? p.outcome ?? "resolved")}`;
    case "task.progress":
      return `Progress ${String(p.settled ?? p.completed ?? "?")}/${String(p.total ?? "?")} steps`;
    case "task.created":
      return "Task created";
    case "planning.started":
      return "Planning…";
    case "planning.completed":
      return "Plan ready";
    case "planning.failed":
      return `Planning failed${p.reason ? `: ${String(p.reason)}` : ""}`;
    case "step.retry":
    case "recovery.retry":
      return `Retrying step ${String(p.key ?? p.step_key ?? "")}`.trim();
    default:
      return event.type;
  }
}

function StepDetail({ step }: { step: StepView }) {
  return (
    <div className="card stack" aria-label={`Step ${step.title || step.key}`}>
      <div className="row spread">
        <h2 style={{ margin: 0 }}>{step.title || step.key}</h2>
        <StatusBadge status={step.status} />
      </div>
      <dl className="kv">
        <dt>Agent</dt><dd className="mono">{step.agent_type}</dd>
        <dt>Attempt</dt><dd>{step.attempt} (retries {step.retry_count}/{step.max_retries})</dd>
        <dt>Cost</dt><dd>{formatCost(step.cost_usd)} · {step.prompt_tokens + step.completion_tokens} tokens</dd>
        <dt>Started</dt><dd><Time iso={step.started_at} /></dd>
        <dt>Finished</dt><dd><Time iso={step.finished_at} /></dd>
      </dl>
      {step.error && <div className="alert error">{step.error}</div>}
      <details open={!!step.output}>
        <summary>Output</summary>
        {step.output ? <JsonView value={step.output} /> : <p className="muted small">No output yet.</p>}
      </details>
      <details>
        <summary>Inputs</summary>
        <JsonView value={step.resolved_inputs ?? step.inputs} />
      </details>
    </div>
  );
}

export default function TaskDetailPage() {
  const { taskId = "" } = useParams();
  const queryClient = useQueryClient();
  const [generation, setGeneration] = useState(0);
  const [selected, setSelected] = useState<string | null>(null);
  const task = useQuery({
    queryKey: ["task", taskId],
    queryFn: () => unwrap(tentacle.GET("/api/v1/tasks/{task_id}", { params: { path: { task_id: taskId } } })),
  });
  const checkpoints = useQuery({
    queryKey: ["checkpoints", "task", taskId],
    queryFn: () =>
      unwrap(tentacle.GET("/api/v1/checkpoints", { params: { query: { task_id: taskId, status: "any" } } })),
  });
  const { events, state } = useTaskEvents(taskId, generation);
  const control = useMutation({
    mutationFn: (action: Action) => {
      const params = { params: { path: { task_id: taskId } } };
      if (action === "pause") return unwrap(tentacle.POST("/api/v1/tasks/{task_id}/pause", params));
      if (action === "resume") return unwrap(tentacle.POST("/api/v1/tasks/{task_id}/resume", params));
      if (action === "cancel") return unwrap(tentacle.POST("/api/v1/tasks/{task_id}/cancel", params));
      return unwrap(tentacle.POST("/api/v1/tasks/{task_id}/retry", params));
    },
    onSuccess: (view, action) => {
      queryClient.setQueryData(["task", taskId], view);
      void queryClient.invalidateQueries({ queryKey: ["tasks"] });
      if (action === "retry" || action === "resume") setGeneration((g) => g + 1);
    },
  });

  if (task.isPending) return <div className="page"><Loading /></div>;
  if (task.isError) return <div className="page"><ErrorState error={task.error} onRetry={() => void task.refetch()} /></div>;
  const view = task.data;
  const step = view.steps.find((s) => s.id === selected) ?? null;
  const pendingCheckpoints = (checkpoints.data?.items ?? []).filter((c) => c.status === "pending");
  const decided = (checkpoints.data?.items ?? []).filter((c) => c.status !== "pending");

  return (
    <div className="page">
      <p className="small"><Link to="/tasks">← All tasks</Link></p>
      <PageTitle title={view.goal.length > 80 ? `${view.goal.slice(0, 79)}…` : view.goal}>
        <div className="row" style={{ marginTop: ".25rem" }}>
          <StatusBadge status={view.status} />
          <span className={`badge ${state === "open" ? "ok live" : state === "reconnecting" ? "warn" : ""}`} aria-live="polite">
            <span className="dot" aria-hidden="true" />
            {state === "open" ? "Live" : state === "reconnecting" ? "Reconnecting…" : state === "connecting" ? "Connecting…" : "Up to date"}
          </span>
          {view.status_reason && <span className="small muted">{view.status_reason}</span>}
        </div>
      </PageTitle>
      <div className="row" style={{ marginBottom: "1rem" }}>
        {allowed(view).map((action) => (
          <button key={action} type="button" className={`btn small ${action === "cancel" ? "danger" : ""}`} disabled={control.isPending} onClick={() => control.mutate(action)}>
            {action[0].toUpperCase() + action.slice(1)}
          </button>
        ))}
      </div>
      <FormError error={control.error} />
      {pendingCheckpoints.map((c) => (
        <CheckpointCard key={c.id} checkpoint={c} showTaskLink={false} onDecided={() => void checkpoints.refetch()} />
      ))}
      <div className="task-grid" style={{ marginTop: "1rem" }}>
        <div className="stack">
          <section className="card" aria-labelledby="plan-h">
            <div className="row spread">
              <h2 id="plan-h">Plan{view.current_version > 1 ? ` (version ${view.current_version})` : ""}</h2>
              <span className="small muted">{view.progress.completed}/{view.progress.total} steps</span>
            </div>
            <div className="progress" role="progressbar" aria-label="Progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(view.progress.percent)} style={{ marginBottom: ".9rem" }}>
              <span style={{ width: `${view.progress.percent}%` }} />
            </div>
            {view.steps.length === 0 ? (
              <p className="muted">{view.status === "planning" ? "Planning…" : view.fast_path ? "Answered directly, no plan needed." : "No steps."}</p>
            ) : (
              <PlanGraph steps={view.steps} selected={selected} onSelect={setSelected} />
            )}
          </section>
          {step && <StepDetail step={step} />}
          {view.result && (
            <section className="card" aria-labelledby="result-h">
              <h2 id="result-h">Result</h2>
              <JsonView value={view.result} />
            </section>
          )}
          {decided.length > 0 && (
            <section aria-labelledby="decided-h">
              <h2 id="decided-h" style={{ marginTop: ".5rem" }}>Decisions</h2>
              {decided.map((c) => <CheckpointCard key={c.id} checkpoint={c} showTaskLink={false} />)}
            </section>
          )}
        </div>
        <aside className="stack">
          <section className="card">
            <h2>Cost</h2>
            <dl className="kv">
              <dt>Spent</dt><dd>{formatCost(view.cost_usd)}</dd>
              <dt>Tokens</dt><dd>{(view.prompt_tokens + view.completion_tokens).toLocaleString()}</dd>
              <dt>Started</dt><dd><Time iso={view.started_at ?? view.created_at} /></dd>
              <dt>Finished</dt><dd><Time iso={view.finished_at} /></dd>
              {view.replan_count > 0 && (<><dt>Replans</dt><dd>{view.replan_count}</dd></>)}
            </dl>
          </section>
          <section className="card" aria-labelledby="events-h">
            <h2 id="events-h">Activity</h2>
            {events.length === 0 ? (
              <p className="muted small">No events yet.</p>
            ) : (
              <ol className="events" aria-live="polite">
                {events.map((e) => (
                  <li key={e.sequence} data-event-type={e.type}>
                    <span className="muted mono">#{e.sequence}</span>
                    <span>{describe(e)}</span>
                  </li>
                ))}
              </ol>
            )}
          </section>
        </aside>
      </div>
    </div>
  );
}
