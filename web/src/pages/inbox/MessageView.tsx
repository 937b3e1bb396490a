import { memo } from "react";
import { Link } from "react-router";
import type { Checkpoint, Message } from "../../api/types";
import { CheckpointCard } from "../../components/CheckpointCard";
import { StatusBadge, Time } from "../../components/ui";
import { Markdown } from "../../lib/markdown";
import type { StreamingReply } from "./thread";

type Structured = Record<string, unknown>;

function ProgressCard({ card }: { card: Structured }) {
  const total = Number(card.total ?? 0);
  const settled = Number(card.settled ?? 0);
  const percent = total ? Math.round((settled / total) * 100) : 0;
  return (
    <div className="card task-card" data-card="task_progress">
      <div className="row spread">
        <strong className="truncate grow">{String(card.goal ?? "Task")}</strong>
        <StatusBadge status={String(card.status ?? "planning")} />
      </div>
      <div className="progress" role="progressbar" aria-label="Task progress" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100} style={{ margin: ".5rem 0" }}>
        <span style={{ width: `${percent}%` }} />
      </div>
      <div className="row spread small muted">
        <span>{total ? `${settled} of ${total} steps` : "Planning…"}{card.note ? ` · ${String(card.note)}` : ""}</span>
        <Link to={`/tasks/${String(card.task_id)}`}>Details</Link>
      </div>
      {typeof card.result_summary === "string" && card.result_summary && <div style={{ marginTop: ".5rem" }}><Markdown text={card.result_summary} /></div>}
    </div>
  );
}

function checkpointFromCard(card: Structured, message: Message): Checkpoint {
  return {
    id: String(card.checkpoint_id),
    task_id: String(card.task_id),
    step_id: (card.step_id as string | null) ?? null,
    kind: String(card.kind ?? "approval"),
    status: String(card.status ?? "pending"),
    risk_kind: String(card.risk_kind ?? "action"),
    reason: String(card.reason ?? ""),
    explicit: Boolean(card.explicit),
    agent_type: (card.agent_type as string | null) ?? null,
    preview: (card.preview as Record<string, unknown>) ?? { inputs: card.inputs },
    questions: (card.questions as Record<string, unknown>[]) ?? [],
    alternatives: (card.alternatives as Record<string, unknown>[]) ?? [],
    input_schema: (card.input_schema as Record<string, unknown> | null) ?? null,
    expires_at: (card.expires_at as string | null) ?? null,
    expiry_outcome: String(card.expiry_outcome ?? ""),
    resolution: (card.resolution as Record<string, unknown>) ?? {},
    resolved_at: (card.resolved_at as string | null) ?? (card.status !== "pending" ? message.updated_at : null),
    resolved_by_user_id: null,
    resolved_via: (card.resolved_via as string | null) ?? null,
    preference_id: null,
    created_at: message.created_at,
  } as Checkpoint;
}

function toolSummary(message: Message): string {
  const calls = (message.tool_calls ?? []) as { name?: string; function?: { name?: string } }[];
  const names = calls.map((c) => c.name ?? c.function?.name ?? "a tool");
  return names.length ? `Flux used ${names.join(", ")}` : "Flux used a tool";
}

/** A tool's result as one readable line (results are JSON documents or plain text). */
export function toolResult(content: string): string {
  let text = content.trim();
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
      const record = parsed as Record<string, unknown>;
      const pick = record.summary ?? record.message ?? record.detail ?? record.error ?? record.status;
      text = typeof pick === "string" ? pick : Object.keys(record).length ? `returned ${Object.keys(record).slice(0, 4).join(", ")}` : "done";
    }
  } catch {
    /* plain text */
  }
  if (!text) return "Tool finished";
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

export const MessageView = memo(function MessageView({ message }: { message: Message }) {
  const structured = (message.structured ?? null) as Structured | null;
  if (message.role === "user") {
    return (
      <div className="msg user" data-role="user">
        <div className="bubble"><Markdown text={message.content} /></div>
        <div className="meta"><Time iso={message.created_at} /></div>
      </div>
    );
  }
  if (message.role === "assistant") {
    if (!message.content.trim() && message.tool_calls?.length) {
      return <div className="msg activity" data-role="tool">{toolSummary(message)}</div>;
    }
    const failed = structured?.kind === "error";
    return (
      <div className="msg assistant" data-role="assistant">
        <div className="avatar" aria-hidden="true">F</div>
        <div className={`bubble ${failed ? "failed" : ""}`}>
          <Markdown text={message.content} />
        </div>
      </div>
    );
  }
  if (message.role === "tool") {
    return <div className="msg activity" data-role="tool">↳ {toolResult(message.content)}</div>;
  }
  if (structured?.type === "task_progress") {
    return <div className="msg card-row" data-role="event"><ProgressCard card={structured} /></div>;
  }
  if (structured?.type === "checkpoint") {
    return <div className="msg card-row" data-role="event"><CheckpointCard checkpoint={checkpointFromCard(structured, message)} /></div>;
  }
  return (
    <div className="msg event" data-role="event">
      <Markdown text={message.content} />
    </div>
  );
});

export function StreamingView({ reply }: { reply: StreamingReply }) {
  return (
    <div className="msg assistant streaming" data-role="assistant" aria-live="polite" aria-busy={!reply.done}>
      <div className="avatar" aria-hidden="true">F</div>
      <div className={`bubble ${reply.error ? "failed" : ""}`}>
        {reply.tools.map((tool) => (
          <div key={tool.id} className="tool-activity small" data-tool-state={tool.state}>
            {tool.state === "running" ? <span className="spinner" aria-hidden="true" /> : tool.state === "ok" ? "✓" : "✗"} {tool.name}
            {tool.detail ? <span className="muted"> — {tool.detail.length > 120 ? `${tool.detail.slice(0, 119)}…` : tool.detail}</span> : null}
          </div>
        ))}
        {reply.text ? <Markdown text={reply.text} /> : !reply.error && <span className="typing" aria-label="Flux is typing"><i /><i /><i /></span>}
        {reply.error && <div className="alert error">{reply.error}</div>}
      </div>
    </div>
  );
}
