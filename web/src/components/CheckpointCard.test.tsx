import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { describe, expect, it, vi } from "vitest";
import type { Checkpoint } from "../api/types";
import { CheckpointCard, type Decision } from "./CheckpointCard";

function checkpoint(overrides: Partial<Checkpoint> = {}): Checkpoint {
  return {
    id: "cp-1",
    task_id: "task-1",
    step_id: "step-1",
    kind: "approval",
    status: "pending",
    risk_kind: "external_write",
    reason: "sends an email to a customer",
    explicit: true,
    agent_type: "notify",
    preview: { summary: "Email the customer", action: "Send an email", inputs: { to: "c@example.com" }, estimated_cost_usd: 0.002 },
    questions: [],
    alternatives: [],
    input_schema: null,
    expires_at: new Date(Date.now() + 3600_000).toISOString(),
    expiry_outcome: "reject",
    resolution: {},
    resolved_at: null,
    resolved_by_user_id: null,
    resolved_via: null,
    preference_id: null,
    created_at: new Date().toISOString(),
    ...overrides,
  } as Checkpoint;
}

function renderCard(cp: Checkpoint) {
  const decide = vi.fn(async (_id: string, decision: Decision) => ({ ...cp, status: decision.action === "reject" ? "rejected" : "approved" }) as Checkpoint);
  const onDecided = vi.fn();
  render(
    <QueryClientProvider client={new QueryClient()}>
      <MemoryRouter>
        <CheckpointCard checkpoint={cp} decide={decide} onDecided={onDecided} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { decide, onDecided };
}

describe("CheckpointCard", () => {
  it("shows the preview and expiry, and approves remembering the choice", async () => {
    const { decide, onDecided } = renderCard(checkpoint());
    expect(screen.getByRole("heading", { name: "Email the customer" })).toBeTruthy();
    expect(screen.getByText("Send an email")).toBeTruthy();
    expect(screen.getByText(/Expires/).textContent).toContain("then rejected");
    await userEvent.click(screen.getByRole("button", { name: "Approve" }));
    await waitFor(() => expect(onDecided).toHaveBeenCalled());
    expect(decide).toHaveBeenCalledWith("cp-1", { action: "approve", remember: true });
  });

  it("rejects only with a reason, and can opt out of remembering", async () => {
    const { decide } = renderCard(checkpoint());
    await userEvent.click(screen.getByRole("button", { name: "Reject…" }));
    const reject = screen.getByRole("button", { name: "Reject" }) as HTMLButtonElement;
    expect(reject.disabled).toBe(true);
    await userEvent.type(screen.getByLabelText("Why are you rejecting this?"), "wrong customer");
    await userEvent.click(screen.getByLabelText(/Remember this choice/));
    await userEvent.click(reject);
    await waitFor(() => expect(decide).toHaveBeenCalled());
    expect(decide).toHaveBeenCalledWith("cp-1", { action: "reject", reason: "wrong customer", remember: false });
  });

  it("requires every required answer before resolving an input checkpoint", async () => {
    const { decide } = renderCard(
      checkpoint({
        kind: "input",
        questions: [
          { id: "budget", prompt: "What's the budget?", required: true },
          { id: "note", prompt: "Anything else?", required: false },
        ],
      }),
    );
    const approve = screen.getByRole("button", { name: "Approve and continue" }) as HTMLButtonElement;
    expect(approve.disabled).toBe(true);
    await userEvent.type(screen.getByLabelText("What's the budget?"), "500");
    expect(approve.disabled).toBe(false);
    await userEvent.click(approve);
    await waitFor(() => expect(decide).toHaveBeenCalled());
    expect(decide).toHaveBeenCalledWith("cp-1", { action: "resolve", remember: true, answers: { budget: "500" } });
  });

  it("sends the chosen alternative of a select checkpoint", async () => {
    const { decide } = renderCard(
      checkpoint({ kind: "select", alternatives: [{ id: "cheap", label: "Economy flight" }, { id: "fast", label: "Direct flight" }] }),
    );
    await userEvent.click(screen.getByLabelText("Direct flight"));
    await userEvent.click(screen.getByRole("button", { name: "Approve and continue" }));
    await waitFor(() => expect(decide).toHaveBeenCalled());
    expect(decide).toHaveBeenCalledWith("cp-1", { action: "resolve", remember: true, choice: "fast" });
  });

  it("refuses edited inputs that are not a JSON object, and sends valid ones", async () => {
    const { decide } = renderCard(checkpoint({ kind: "modify" }));
    const editor = screen.getByLabelText(/Inputs \(JSON\)/);
    fireEvent.change(editor, { target: { value: "{not json" } });
    await userEvent.click(screen.getByRole("button", { name: "Approve and continue" }));
    expect(screen.getByRole("alert").textContent).toContain("valid JSON");
    expect(decide).not.toHaveBeenCalled();
    fireEvent.change(editor, { target: { value: '{"to": "other@example.com"}' } });
    await userEvent.click(screen.getByRole("button", { name: "Approve and continue" }));
    await waitFor(() => expect(decide).toHaveBeenCalled());
    expect(decide).toHaveBeenCalledWith("cp-1", { action: "resolve", remember: true, modified_inputs: { to: "other@example.com" } });
  });

  it("shows a decided checkpoint without actions", () => {
    renderCard(checkpoint({ status: "rejected", resolved_at: new Date().toISOString(), resolution: { reason: "not now" }, resolved_via: "web" }));
    expect(screen.queryByRole("button", { name: "Approve" })).toBeNull();
    expect(screen.getByText(/not now/)).toBeTruthy();
  });
});
