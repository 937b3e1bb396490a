import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { authFetch } from "../../api/client";
import { EventStream, type StreamState } from "../../api/sse";

export interface TaskEvent {
  sequence: number;
  type: string;
  payload: Record<string, unknown>;
  created_at: string | null;
}

/** Live events of a task over SSE, resuming with Last-Event-ID after a dropped connection. */
export function useTaskEvents(taskId: string, generation: number) {
  const queryClient = useQueryClient();
  const [events, setEvents] = useState<TaskEvent[]>([]);
  const [state, setState] = useState<StreamState>("connecting");
  const lastId = useRef<string | null>(null);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const checkpointsDirty = useRef(false);

  useEffect(() => {
    const stream = new EventStream({
      url: `/api/v1/tasks/${taskId}/events`,
      lastEventId: lastId.current,
      fetch: authFetch,
      reconnectOnEnd: () => false, // the server ends the stream once the task is finished
      onState: (next) => setState(next),
      onMessage: (message) => {
        lastId.current = message.id;
        let parsed: TaskEvent;
        try {
          parsed = JSON.parse(message.data) as TaskEvent;
        } catch {
          return;
        }
        setEvents((previous) => (previous.some((e) => e.sequence === parsed.sequence) ? previous : [...previous, parsed]));
        // Coalesce bursts of events into one refetch of the task (and of its checkpoints when
        // any event of the burst was about one).
        if (parsed.type.startsWith("checkpoint.")) checkpointsDirty.current = true;
        if (refreshTimer.current) clearTimeout(refreshTimer.current);
        refreshTimer.current = setTimeout(() => {
          void queryClient.invalidateQueries({ queryKey: ["task", taskId] });
          if (checkpointsDirty.current) {
            checkpointsDirty.current = false;
            void queryClient.invalidateQueries({ queryKey: ["checkpoints"] });
          }
        }, 150);
      },
    }).start();
    const online = () => stream.reconnectNow();
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("online", online);
      stream.close();
      if (refreshTimer.current) clearTimeout(refreshTimer.current);
    };
  }, [taskId, generation, queryClient]);

  return { events, state };
}
