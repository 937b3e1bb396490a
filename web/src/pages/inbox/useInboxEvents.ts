import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { authFetch } from "../../api/client";
import { EventStream, type StreamState } from "../../api/sse";
import type { Message } from "../../api/types";

export interface InboxEvent {
  sequence: number;
  type: string;
  conversation_id: string | null;
  payload: { message?: Message; conversation?: Record<string, unknown>; change?: string };
}

/**
 * The person's live inbox stream (GET /api/v1/inbox/events): messages and conversation changes
 * of every thread, resumed with Last-Event-ID after any drop, so nothing is lost or repeated.
 */
export function useInboxEvents(onMessage: (message: Message) => void) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<StreamState>("connecting");
  const handler = useRef(onMessage);
  handler.current = onMessage;
  const listTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    const stream = new EventStream({
      url: "/api/v1/inbox/events",
      fetch: authFetch,
      reconnectOnEnd: () => true,
      onState: setState,
      onMessage: (raw) => {
        if (raw.id === null) return; // "ready" and other control frames carry no event
        let event: InboxEvent;
        try {
          event = JSON.parse(raw.data) as InboxEvent;
        } catch {
          return;
        }
        const type = typeof event.type === "string" ? event.type : raw.event;
        if (event.payload?.message) handler.current(event.payload.message);
        if (type.startsWith("checkpoint.")) void queryClient.invalidateQueries({ queryKey: ["checkpoints"] });
        if (event.payload?.conversation || type.startsWith("conversation.")) {
          if (listTimer.current) clearTimeout(listTimer.current);
          listTimer.current = setTimeout(() => void queryClient.invalidateQueries({ queryKey: ["inbox", "conversations"] }), 200);
        }
      },
    }).start();
    const online = () => stream.reconnectNow();
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("online", online);
      stream.close();
      if (listTimer.current) clearTimeout(listTimer.current);
    };
  }, [queryClient]);

  return state;
}
