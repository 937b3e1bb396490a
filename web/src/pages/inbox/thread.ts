import type { Message } from "../../api/types";

/** Insert or replace messages by id, keeping the thread ordered by position. */
export function mergeMessages(current: Message[], incoming: Message[]): Message[] {
  if (incoming.length === 0) return current;
  const byId = new Map(current.map((m) => [m.id, m]));
  let changed = false;
  for (const message of incoming) {
    const existing = byId.get(message.id);
    if (existing && existing.updated_at >= message.updated_at && existing.content === message.content) continue;
    byId.set(message.id, message);
    changed = true;
  }
  if (!changed) return current;
  return Array.from(byId.values()).sort((a, b) => a.position - b.position);
}

export interface ToolActivity {
  id: string;
  name: string;
  state: "running" | "ok" | "failed";
  detail?: string;
}

export interface StreamingReply {
  text: string;
  tools: ToolActivity[];
  messageId: string | null;
  error: string | null;
  done: boolean;
}

export const EMPTY_REPLY: StreamingReply = { text: "", tools: [], messageId: null, error: null, done: false };

/** Fold one event of Flux's reply stream into the reply being shown. */
export function foldReply(reply: StreamingReply, event: string, data: Record<string, unknown>): StreamingReply {
  switch (event) {
    case "token":
      return { ...reply, text: reply.text + String(data.delta ?? "") };
    case "tool_call.started":
      return { ...reply, tools: [...reply.tools, { id: String(data.id), name: String(data.name), state: "running" }] };
    case "tool_call.finished":
      return {
        ...reply,
        tools: reply.tools.map((t) =>
          t.id === String(data.id)
            ? { ...t, state: data.ok ? "ok" : "failed", detail: String((data.ok ? data.result : data.error) ?? "") }
            : t,
        ),
      };
    case "message.completed":
      return { ...reply, text: String(data.content ?? reply.text), messageId: String(data.message_id ?? ""), done: true };
    case "error":
      return { ...reply, error: String(data.detail ?? data.error ?? "Flux could not answer."), messageId: data.message_id ? String(data.message_id) : null, done: true };
    default:
      return reply;
  }
}
