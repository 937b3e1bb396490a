import { authFetch } from "./client";
import { ApiError } from "./errors";
import { SseParser, type SseMessage } from "./sse";

/** POST a JSON body and read the answer as server-sent events (Flux's streamed reply). */
export async function postEventStream(
  url: string,
  body: unknown,
  onMessage: (message: SseMessage) => void,
  signal?: AbortSignal,
): Promise<void> {
  const request = new Request(new URL(url, window.location.origin), {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
    body: JSON.stringify(body),
    signal,
  });
  const response = await authFetch(request);
  if (!response.ok || !response.body) throw await ApiError.fromResponse(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    for (const message of parser.push(value)) onMessage(message);
  }
}
