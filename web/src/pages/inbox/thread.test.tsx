import { render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { Message } from "../../api/types";
import { Markdown } from "../../lib/markdown";
import { MessageView } from "./MessageView";
import { EMPTY_REPLY, foldReply, mergeMessages } from "./thread";

function message(position: number, overrides: Partial<Message> = {}): Message {
  return {
    id: `m${position}`,
    conversation_id: "c1",
    position,
    role: "user",
    agent_id: null,
    content: `message ${position}`,
    structured: null,
    tool_calls: null,
    tool_call_id: null,
    task_id: null,
    checkpoint_id: null,
    prompt_tokens: 0,
    completion_tokens: 0,
    cost_usd: 0,
    created_at: "2026-11-21T08:00:00Z",
    updated_at: `2026-11-21T08:00:0${position % 10}Z`,
    ...overrides,
  } as Message;
}

describe("thread order", () => {
  it("merges live and paged messages by id, ordered by position, without duplicates", () => {
    const page = [message(3), message(4)];
    const live = mergeMessages(page, [message(5), message(4)]);
    expect(live.map((m) => m.position)).toEqual([3, 4, 5]);
    const older = mergeMessages(live, [message(1), message(2)]);
    expect(older.map((m) => m.id)).toEqual(["m1", "m2", "m3", "m4", "m5"]);
    const updated = mergeMessages(older, [message(4, { content: "edited", updated_at: "2026-11-21T09:00:00Z" })]);
    expect(updated.find((m) => m.id === "m4")?.content).toBe("edited");
    expect(mergeMessages(updated, [message(5)])).toBe(updated); // nothing new: same array
  });

  it("renders user text, Flux's markdown, task progress and checkpoint cards in thread order", () => {
    const thread = [
      message(1, { content: "Email the summary" }),
      message(2, { role: "assistant", content: "On it: **starting** a task." }),
      message(3, { role: "event", content: "progress", structured: { type: "task_progress", task_id: "t1", goal: "Email the summary", status: "executing", settled: 1, total: 2 } }),
      message(4, {
        role: "event",
        content: "needs approval",
        structured: { type: "checkpoint", checkpoint_id: "cp1", task_id: "t1", kind: "approval", status: "pending", reason: "sends email", risk_kind: "send", preview: { summary: "Send the email", inputs: {} }, questions: [], alternatives: [], expiry_outcome: "reject" },
      }),
    ];
    const { container } = render(
      <QueryClientProvider client={new QueryClient()}>
        <MemoryRouter>
          {thread.map((m) => <MessageView key={m.id} message={m} />)}
        </MemoryRouter>
      </QueryClientProvider>,
    );
    const roles = Array.from(container.querySelectorAll("[data-role]")).map((e) => (e as HTMLElement).dataset.role);
    expect(roles).toEqual(["user", "assistant", "event", "event"]);
    expect(screen.getByText("starting").tagName).toBe("STRONG");
    expect(screen.getByText("1 of 2 steps")).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Send the email" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Approve" })).toBeTruthy();
  });
});

describe("streamed reply", () => {
  it("folds tokens, tool activity and completion", () => {
    let reply = EMPTY_REPLY;
    reply = foldReply(reply, "token", { delta: "Hel" });
    reply = foldReply(reply, "tool_call.started", { id: "c1", name: "create_task" });
    reply = foldReply(reply, "token", { delta: "lo" });
    expect(reply.text).toBe("Hello");
    expect(reply.tools).toEqual([{ id: "c1", name: "create_task", state: "running" }]);
    reply = foldReply(reply, "tool_call.finished", { id: "c1", ok: true, result: "task started" });
    expect(reply.tools[0]).toMatchObject({ state: "ok", detail: "task started" });
    reply = foldReply(reply, "message.completed", { message_id: "m9", content: "Hello!" });
    expect(reply).toMatchObject({ text: "Hello!", messageId: "m9", done: true });
    expect(foldReply(EMPTY_REPLY, "error", { error: "LLMUnavailable", detail: "the model is down" })).toMatchObject({ error: "the model is down", done: true });
  });
});

describe("Markdown", () => {
  it("renders code blocks with highlighting and never raw HTML", () => {
    const { container } = render(<Markdown text={"Hi <b>there</b>\n\n```python\ndef f():\n    return 'x'  # done\n```\n\n- [link](https://example.com)\n- [bad](javascript:alert(1))"} />);
    expect(container.querySelector("b")).toBeNull();
    expect(container.textContent).toContain("<b>there</b>");
    expect(container.querySelector("pre.code .tok-keyword")?.textContent).toBe("def");
    expect(container.querySelector("pre.code .tok-string")?.textContent).toBe("'x'");
    expect(container.querySelector("pre.code .tok-comment")?.textContent).toBe("# done");
    const links = Array.from(container.querySelectorAll("a"));
    expect(links.map((a) => a.getAttribute("href"))).toEqual(["https://example.com"]);
  });
});
