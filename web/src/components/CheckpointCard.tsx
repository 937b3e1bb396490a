import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { tentacle, unwrap } from "../api/client";
import type { Checkpoint } from "../api/types";
import { FormError, StatusBadge, Time, formatCost } from "./ui";

interface Question {
  id: string;
  prompt: string;
  required?: boolean;
}

interface Alternative {
  id: string;
  label: string;
  inputs?: Record<string, unknown>;
}

export type Decision =
  | { action: "approve"; remember: boolean }
  | { action: "reject"; reason: string; remember: boolean }
  | {
      action: "resolve";
      remember: boolean;
      answers?: Record<string, string>;
      modified_inputs?: Record<string, unknown>;
      choice?: string;
    };

/** Sends a decision to the checkpoint API; the card uses it unless a test passes its own. */
export async function sendDecision(checkpointId: string, decision: Decision): Promise<Checkpoint> {
  const path = { checkpoint_id: checkpointId };
  if (decision.action === "approve") {
    return unwrap(
      tentacle.POST("/api/v1/checkpoints/{checkpoint_id}/approve", {
        params: { path },
        body: { remember: decision.remember },
      }),
    );
  }
  if (decision.action === "reject") {
    return unwrap(
      tentacle.POST("/api/v1/checkpoints/{checkpoint_id}/reject", {
        params: { path },
        body: { reason: decision.reason, remember: decision.remember },
      }),
    );
  }
  const { action: _action, ...body } = decision;
  void _action;
  return unwrap(tentacle.POST("/api/v1/checkpoints/{checkpoint_id}/resolve", { params: { path }, body }));
}

function previewInputs(checkpoint: Checkpoint): Record<string, unknown> {
  const inputs = (checkpoint.preview as { inputs?: unknown }).inputs;
  return inputs && typeof inputs === "object" ? (inputs as Record<string, unknown>) : {};
}

function expiresLabel(checkpoint: Checkpoint) {
  if (!checkpoint.expires_at) return null;
  const outcome = checkpoint.expiry_outcome === "approve" ? "approved" : checkpoint.expiry_outcome === "reject" ? "rejected" : checkpoint.expiry_outcome;
  return (
    <span className="small muted">
      Expires <Time iso={checkpoint.expires_at} /> {outcome ? `(then ${outcome})` : ""}
    </span>
  );
}

export interface CheckpointCardProps {
  checkpoint: Checkpoint;
  /** Show a link to the task (off inside the task's own page). */
  showTaskLink?: boolean;
  decide?: (checkpointId: string, decision: Decision) => Promise<Checkpoint>;
  onDecided?: (checkpoint: Checkpoint) => void;
}

export function CheckpointCard({ checkpoint, showTaskLink = true, decide = sendDecision, onDecided }: CheckpointCardProps) {
  const queryClient = useQueryClient();
  const ids = useId();
  const pending = checkpoint.status === "pending";
  const preview = checkpoint.preview as { summary?: string; action?: string; estimated_cost_usd?: number | null; risk?: string };
  const questions = (checkpoint.questions ?? []) as unknown as Question[];
  const alternatives = (checkpoint.alternatives ?? []) as unknown as Alternative[];
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [choice, setChoice] = useState<string>("");
  const [inputsText, setInputsText] = useState(() => JSON.stringify(previewInputs(checkpoint), null, 2));
  const [inputsError, setInputsError] = useState<string | null>(null);
  const [remember, setRemember] = useState(true);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");

  const mutation = useMutation({
    mutationFn: (decision: Decision) => decide(checkpoint.id, decision),
    onSuccess: (updated) => {
      void queryClient.invalidateQueries({ queryKey: ["checkpoints"] });
      void queryClient.invalidateQueries({ queryKey: ["task", checkpoint.task_id] });
      onDecided?.(updated);
    },
  });

  function approve(event: FormEvent) {
    event.preventDefault();
    if (checkpoint.kind === "input") {
      mutation.mutate({ action: "resolve", remember, answers });
    } else if (checkpoint.kind === "select") {
      mutation.mutate({ action: "resolve", remember, choice });
    } else if (checkpoint.kind === "modify") {
      let parsed: unknown;
      try {
        parsed = JSON.parse(inputsText);
      } catch {
        setInputsError("The inputs must be valid JSON.");
        return;
      }
      if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
        setInputsError("The inputs must be a JSON object.");
        return;
      }
      setInputsError(null);
      mutation.mutate({ action: "resolve", remember, modified_inputs: parsed as Record<string, unknown> });
    } else {
      mutation.mutate({ action: "approve", remember });
    }
  }

  function reject(event: FormEvent) {
    event.preventDefault();
    if (!reason.trim()) return;
    mutation.mutate({ action: "reject", reason: reason.trim(), remember });
  }

  const missingAnswer = checkpoint.kind === "input" && questions.some((q) => q.required !== false && !answers[q.id]?.trim());
  const missingChoice = checkpoint.kind === "select" && !choice;
  const title = preview.summary ?? checkpoint.reason;

  return (
    <article className={`card checkpoint ${pending ? "" : "resolved"}`} aria-labelledby={`${ids}-title`} data-checkpoint-id={checkpoint.id}>
      <div className="row spread" style={{ marginBottom: ".5rem" }}>
        <div className="row">
          <span className="badge warn">{checkpoint.kind === "approval" ? "Needs approval" : checkpoint.kind === "input" ? "Needs answers" : checkpoint.kind === "select" ? "Choose an option" : checkpoint.kind === "modify" ? "Review inputs" : checkpoint.kind}</span>
          <span className="badge">{checkpoint.risk_kind.replace(/_/g, " ")}</span>
          {!pending && <StatusBadge status={checkpoint.status} />}
        </div>
        {pending && expiresLabel(checkpoint)}
      </div>
      <h3 id={`${ids}-title`}>{title}</h3>
      {checkpoint.reason && !title.includes(checkpoint.reason) && <p className="muted small">{checkpoint.reason}</p>}
      <div className="preview stack" style={{ gap: ".4rem" }}>
        <div className="kv">
          {preview.action && (<><dt>Action</dt><dd>{preview.action}</dd></>)}
          {checkpoint.agent_type && (<><dt>Agent</dt><dd className="mono">{checkpoint.agent_type}</dd></>)}
          {preview.estimated_cost_usd != null && (<><dt>Estimated cost</dt><dd>{formatCost(preview.estimated_cost_usd)}</dd></>)}
        </div>
        {checkpoint.kind !== "modify" && Object.keys(previewInputs(checkpoint)).length > 0 && (
          <details>
            <summary className="small">What it will use</summary>
            <pre>{JSON.stringify(previewInputs(checkpoint), null, 2)}</pre>
          </details>
        )}
      </div>
      {showTaskLink && (
        <p className="small" style={{ marginTop: ".5rem" }}>
          <Link to={`/tasks/${checkpoint.task_id}`}>Open the task</Link>
        </p>
      )}

      {pending && !rejecting && (
        <form className="stack" style={{ marginTop: ".75rem" }} onSubmit={approve} aria-label="Decide">
          {checkpoint.kind === "input" &&
            questions.map((q) => (
              <div className="field" key={q.id}>
                <label htmlFor={`${ids}-q-${q.id}`}>{q.prompt}{q.required === false ? " (optional)" : ""}</label>
                <input id={`${ids}-q-${q.id}`} value={answers[q.id] ?? ""} onChange={(e) => setAnswers({ ...answers, [q.id]: e.target.value })} required={q.required !== false} />
              </div>
            ))}
          {checkpoint.kind === "select" && (
            <fieldset className="alternatives" style={{ border: 0, padding: 0, margin: 0 }}>
              <legend className="label" style={{ marginBottom: ".35rem" }}>Options</legend>
              {alternatives.map((alt) => (
                <label className="alternative" key={alt.id}>
                  <input type="radio" name={`${ids}-choice`} value={alt.id} checked={choice === alt.id} onChange={() => setChoice(alt.id)} />
                  <span>{alt.label}</span>
                </label>
              ))}
            </fieldset>
          )}
          {checkpoint.kind === "modify" && (
            <div className="field">
              <label htmlFor={`${ids}-inputs`}>Inputs (JSON) — edit before approving</label>
              <textarea id={`${ids}-inputs`} className="mono" rows={8} value={inputsText} onChange={(e) => setInputsText(e.target.value)} aria-invalid={inputsError ? true : undefined} />
              {inputsError && <div className="alert error" role="alert">{inputsError}</div>}
            </div>
          )}
          <label className="checkbox">
            <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
            Remember this choice for similar requests
          </label>
          <FormError error={mutation.error} />
          <div className="row">
            <button type="submit" className="btn primary" disabled={mutation.isPending || missingAnswer || missingChoice}>
              {mutation.isPending ? "Sending…" : checkpoint.kind === "approval" || checkpoint.kind === "budget" ? "Approve" : "Approve and continue"}
            </button>
            <button type="button" className="btn danger" disabled={mutation.isPending} onClick={() => setRejecting(true)}>
              Reject…
            </button>
          </div>
        </form>
      )}
      {pending && rejecting && (
        <form className="stack" style={{ marginTop: ".75rem" }} onSubmit={reject} aria-label="Reject">
          <div className="field">
            <label htmlFor={`${ids}-reason`}>Why are you rejecting this?</label>
            <textarea id={`${ids}-reason`} rows={2} value={reason} autoFocus onChange={(e) => setReason(e.target.value)} required maxLength={2000} />
          </div>
          <label className="checkbox">
            <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
            Remember this choice for similar requests
          </label>
          <FormError error={mutation.error} />
          <div className="row">
            <button type="submit" className="btn danger" disabled={mutation.isPending || !reason.trim()}>
              {mutation.isPending ? "Sending…" : "Reject"}
            </button>
            <button type="button" className="btn ghost" onClick={() => setRejecting(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {!pending && checkpoint.resolved_at && (
        <p className="small muted" style={{ marginTop: ".5rem" }}>
          {checkpoint.status.replace(/_/g, " ")} <Time iso={checkpoint.resolved_at} />
          {checkpoint.resolved_via ? ` via ${checkpoint.resolved_via}` : ""}
          {typeof (checkpoint.resolution as { reason?: string }).reason === "string" ? ` — “${(checkpoint.resolution as { reason?: string }).reason}”` : ""}
        </p>
      )}
    </article>
  );
}
