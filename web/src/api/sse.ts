/**
 * Server-sent events over fetch (EventSource cannot send an Authorization header), with
 * reconnection that resumes from the last event id: nothing is lost and nothing repeats.
 *
 * `SseParser` is a pure incremental parser of the text/event-stream format; `EventStream`
 * drives a connection loop over any `fetch` so both can be tested without a network.
 */

export interface SseMessage {
  id: string | null;
  event: string;
  data: string;
  retry: number | null;
}

export class SseParser {
  private buffer = "";
  private data: string[] = [];
  private event = "";
  private id: string | null = null;
  private retry: number | null = null;

  /** Feed a chunk of text; returns the complete messages it finished. */
  push(chunk: string): SseMessage[] {
    this.buffer += chunk;
    const out: SseMessage[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      if (!match) break;
      // A lone "\r" at the very end may be the first half of "\r\n": wait for more.
      if (match[0] === "\r" && match.index === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const message = this.line(line);
      if (message) out.push(message);
    }
    return out;
  }

  private line(line: string): SseMessage | null {
    if (line === "") {
      if (this.data.length === 0) {
        // Per the spec, no data means no event (an id-only block still moves the id on).
        this.event = "";
        this.retry = null;
        return null;
      }
      const message: SseMessage = {
        id: this.id,
        event: this.event || "message",
        data: this.data.join("\n"),
        retry: this.retry,
      };
      this.data = [];
      this.event = "";
      this.retry = null;
      return message;
    }
    if (line.startsWith(":")) return null; // comment / heartbeat
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.event = value;
    else if (field === "id") {
      if (!value.includes("\0")) this.id = value;
    } else if (field === "retry") {
      const n = Number(value);
      if (/^\d+$/.test(value) && Number.isFinite(n)) this.retry = n;
    }
    return null;
  }
}

export type StreamState = "connecting" | "open" | "reconnecting" | "closed";

export interface EventStreamOptions {
  url: string;
  /** Resume after this id (e.g. the last one already shown). */
  lastEventId?: string | null;
  fetch?: (input: Request) => Promise<Response>;
  onMessage: (message: SseMessage) => void;
  onState?: (state: StreamState, error?: unknown) => void;
  /** Whether to reconnect after the server ends the stream normally (default true). */
  reconnectOnEnd?: (lastEventId: string | null) => boolean;
  /** Backoff in ms for the nth consecutive failure (default 0.5 s doubling to 15 s). */
  backoff?: (attempt: number) => number;
  /** Give up for good on these statuses (default 401, 403, 404). */
  fatalStatuses?: number[];
}

export class EventStream {
  lastEventId: string | null;
  private controller: AbortController | null = null;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private readonly seen = new Set<string>();
  private readonly options: EventStreamOptions;

  constructor(options: EventStreamOptions) {
    this.options = options;
    this.lastEventId = options.lastEventId ?? null;
  }

  start(): this {
    void this.connect();
    return this;
  }

  close(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.controller?.abort();
    this.options.onState?.("closed");
  }

  /** Drop the current connection and reconnect now (e.g. when the browser comes back online). */
  reconnectNow(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.failures = 0;
    this.controller?.abort();
  }

  private backoff(): number {
    const custom = this.options.backoff;
    const attempt = this.failures;
    return custom ? custom(attempt) : Math.min(15000, 500 * 2 ** Math.max(0, attempt - 1));
  }

  private later(): void {
    if (this.stopped) return;
    this.options.onState?.("reconnecting");
    this.timer = setTimeout(() => void this.connect(), this.backoff());
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.options.onState?.(this.failures === 0 && !this.lastEventId ? "connecting" : "reconnecting");
    const controller = new AbortController();
    this.controller = controller;
    const headers = new Headers({ Accept: "text/event-stream", "Cache-Control": "no-cache" });
    if (this.lastEventId) headers.set("Last-Event-ID", this.lastEventId);
    const doFetch = this.options.fetch ?? ((r: Request) => fetch(r));
    let ended = false;
    try {
      const response = await doFetch(
        new Request(this.options.url, { headers, signal: controller.signal }),
      );
      const fatal = this.options.fatalStatuses ?? [401, 403, 404];
      if (fatal.includes(response.status)) {
        this.stopped = true;
        this.options.onState?.("closed", new Error(`HTTP ${response.status}`));
        return;
      }
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
      this.options.onState?.("open");
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new SseParser();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        this.failures = 0;
        for (const message of parser.push(value)) this.deliver(message);
      }
      ended = true;
    } catch (error) {
      if (this.stopped) return;
      this.failures += 1;
      this.options.onState?.("reconnecting", error);
    }
    if (this.stopped) return;
    if (ended) {
      const again = this.options.reconnectOnEnd ? this.options.reconnectOnEnd(this.lastEventId) : true;
      if (!again) {
        this.stopped = true;
        this.options.onState?.("closed");
        return;
      }
      this.failures = Math.max(this.failures, 1);
    }
    this.later();
  }

  private deliver(message: SseMessage): void {
    if (message.id !== null) {
      if (this.seen.has(message.id)) return; // never deliver the same event twice
      this.seen.add(message.id);
      this.lastEventId = message.id;
    }
    try {
      this.options.onMessage(message);
    } catch (error) {
      // A consumer's bug must not drop the connection (and, with it, the events after this one).
      console.error("event handler failed", error);
    }
  }
}
