import { describe, expect, it } from "vitest";
import { EventStream, SseParser, type SseMessage } from "./sse";

describe("SseParser", () => {
  it("parses events split across chunks, with CRLF, comments and multi-line data", () => {
    const parser = new SseParser();
    const out: SseMessage[] = [];
    out.push(...parser.push(": ping\r\n\r\nid: 7\r\nevent: task.status\r\nda"));
    out.push(...parser.push("ta: {\"a\":1}\r"));
    out.push(...parser.push("\ndata: second line\n\n"));
    out.push(...parser.push("data:no-space\n\n"));
    expect(out).toEqual([
      { id: "7", event: "task.status", data: '{"a":1}\nsecond line', retry: null },
      { id: "7", event: "message", data: "no-space", retry: null },
    ]);
  });

  it("ignores blocks without data and keeps the last id", () => {
    const parser = new SseParser();
    expect(parser.push("id: 3\n\n")).toEqual([]);
    expect(parser.push("data: x\n\n")).toEqual([{ id: "3", event: "message", data: "x", retry: null }]);
  });
});

function streamOf(chunks: string[], fail = false): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const queue = [...chunks];
  // Pull-based, so the chunks are read before the connection "drops".
  return new ReadableStream({
    pull(controller) {
      const next = queue.shift();
      if (next !== undefined) controller.enqueue(encoder.encode(next));
      else if (fail) controller.error(new TypeError("network connection lost"));
      else controller.close();
    },
  });
}

describe("EventStream", () => {
  it("reconnects with Last-Event-ID and never delivers an event twice", async () => {
    const seenHeaders: (string | null)[] = [];
    const responses = [
      // First connection: two events, then the connection drops.
      () => new Response(streamOf(["id: 1\ndata: one\n\n", "id: 2\ndata: two\n\n"], true), { status: 200 }),
      // Second: the server replays 2 (already seen), then 3, then ends.
      () => new Response(streamOf(["id: 2\ndata: two\n\n", "id: 3\ndata: three\n\n"]), { status: 200 }),
    ];
    const received: string[] = [];
    const states: string[] = [];
    await new Promise<void>((resolve) => {
      const stream = new EventStream({
        url: "http://test/api/v1/tasks/t/events",
        fetch: async (request) => {
          seenHeaders.push(request.headers.get("Last-Event-ID"));
          const next = responses.shift();
          if (!next) throw new Error("no more responses");
          return next();
        },
        backoff: () => 1,
        reconnectOnEnd: () => false,
        onMessage: (m) => received.push(`${m.id}:${m.data}`),
        onState: (state) => {
          states.push(state);
          if (state === "closed") resolve();
        },
      });
      stream.start();
    });
    expect(received).toEqual(["1:one", "2:two", "3:three"]);
    expect(seenHeaders).toEqual([null, "2"]);
    expect(states).toContain("reconnecting");
  });

  it("stops for good on 404 and sends the initial Last-Event-ID", async () => {
    const headers: (string | null)[] = [];
    let calls = 0;
    await new Promise<void>((resolve) => {
      new EventStream({
        url: "http://test/x",
        lastEventId: "41",
        fetch: async (request) => {
          calls += 1;
          headers.push(request.headers.get("Last-Event-ID"));
          return new Response('{"error":"NotFound"}', { status: 404 });
        },
        backoff: () => 1,
        onMessage: () => undefined,
        onState: (state) => state === "closed" && resolve(),
      }).start();
    });
    expect(calls).toBe(1);
    expect(headers).toEqual(["41"]);
  });

  it("backs off and retries after server errors", async () => {
    let calls = 0;
    const got: string[] = [];
    await new Promise<void>((resolve) => {
      new EventStream({
        url: "http://test/x",
        fetch: async () => {
          calls += 1;
          if (calls < 3) return new Response("busy", { status: 503 });
          return new Response(streamOf(["id: 9\ndata: ok\n\n"]), { status: 200 });
        },
        backoff: () => 1,
        reconnectOnEnd: () => false,
        onMessage: (m) => got.push(m.data),
        onState: (state) => state === "closed" && resolve(),
      }).start();
    });
    expect(calls).toBe(3);
    expect(got).toEqual(["ok"]);
  });
});
