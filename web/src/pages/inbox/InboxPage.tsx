import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useNavigate, useParams } from "react-router";
import { tentacle, unwrap } from "../../api/client";
import { errorMessage } from "../../api/errors";
import { postEventStream } from "../../api/postStream";
import type { Conversation, Message } from "../../api/types";
import { Empty, ErrorState, Loading, Time } from "../../components/ui";
import { VirtualList } from "../../components/VirtualList";
import { MessageView, StreamingView } from "./MessageView";
import { EMPTY_REPLY, foldReply, mergeMessages, type StreamingReply } from "./thread";
import { useInboxEvents } from "./useInboxEvents";

type Filter = "all" | "unread" | "attention" | "archived";
const FILTERS: { value: Filter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "unread", label: "Unread" },
  { value: "attention", label: "Needs attention" },
  { value: "archived", label: "Archived" },
];
const PAGE = 100;

function useDebounced<T>(value: T, ms: number): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return current;
}

function ConversationList({ selected, onOpen }: { selected: string | null; onOpen: (id: string) => void }) {
  const [filter, setFilter] = useState<Filter>("all");
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim(), 250);
  const listRef = useRef<HTMLUListElement>(null);
  const conversations = useQuery({
    queryKey: ["inbox", "conversations", filter, q],
    queryFn: () =>
      unwrap(
        tentacle.GET("/api/v1/inbox/conversations", {
          params: {
            query: {
              limit: 100,
              q: q || undefined,
              read_status: filter === "unread" ? "unread" : filter === "archived" ? "archived" : undefined,
              priority: filter === "attention" ? "attention" : undefined,
            },
          },
        }),
      ),
  });
  const items = conversations.data?.items ?? [];
  const counts = conversations.data?.counts;

  function onKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    const keys = ["ArrowDown", "ArrowUp", "j", "k", "Home", "End"];
    if (!keys.includes(event.key) || items.length === 0) return;
    if ((event.target as HTMLElement).tagName === "INPUT") return;
    event.preventDefault();
    const buttons = Array.from(listRef.current?.querySelectorAll<HTMLButtonElement>("button[data-conversation]") ?? []);
    const current = buttons.findIndex((b) => b === document.activeElement);
    let next = current;
    if (event.key === "ArrowDown" || event.key === "j") next = Math.min(buttons.length - 1, current + 1);
    if (event.key === "ArrowUp" || event.key === "k") next = Math.max(0, current - 1);
    if (event.key === "Home") next = 0;
    if (event.key === "End") next = buttons.length - 1;
    const target = buttons[next < 0 ? 0 : next];
    target?.focus();
    if (target?.dataset.conversation) onOpen(target.dataset.conversation);
  }

  return (
    <section className="inbox-list" aria-label="Conversations">
      <div className="inbox-list-head">
        <label htmlFor="inbox-search" className="sr-only">Search conversations</label>
        <input id="inbox-search" type="search" placeholder="Search conversations" value={search} onChange={(e) => setSearch(e.target.value)} />
        <div className="filters" role="group" aria-label="Filter conversations" style={{ margin: ".5rem 0 0" }}>
          {FILTERS.map((f) => (
            <button key={f.value} type="button" className="chip" aria-pressed={filter === f.value} onClick={() => setFilter(f.value)}>
              {f.label}
              {f.value === "unread" && counts?.unread ? ` ${counts.unread}` : ""}
              {f.value === "attention" && counts?.attention ? ` ${counts.attention}` : ""}
            </button>
          ))}
        </div>
      </div>
      {conversations.isPending ? <Loading /> : conversations.isError ? <div style={{ padding: ".75rem" }}><ErrorState error={conversations.error} onRetry={() => void conversations.refetch()} /></div> : items.length === 0 ? (
        <Empty title={q ? "No matches" : filter === "all" ? "No conversations yet" : "Nothing here"}>{filter === "all" && !q ? "Start one and tell Flux what you need." : null}</Empty>
      ) : (
        <ul ref={listRef} className="conv-items" onKeyDown={onKeyDown} aria-label="Conversation list">
          {items.map((c: Conversation) => (
            <li key={c.id}>
              <button
                type="button"
                data-conversation={c.id}
                className={`conv ${selected === c.id ? "active" : ""} ${c.read_status === "unread" ? "unread" : ""}`}
                aria-current={selected === c.id ? "true" : undefined}
                onClick={() => onOpen(c.id)}
              >
                <span className="row spread" style={{ flexWrap: "nowrap" }}>
                  <span className="truncate conv-title">{c.title || "New conversation"}</span>
                  <span className="small muted" style={{ flex: "none" }}><Time iso={c.last_message_at ?? c.updated_at} /></span>
                </span>
                <span className="row spread" style={{ flexWrap: "nowrap" }}>
                  <span className="truncate small muted">{c.last_message_preview || "No messages yet"}</span>
                  {c.priority === "attention" && <span className="badge warn">needs you</span>}
                  {c.unread_count > 0 && <span className="count-pill" aria-label={`${c.unread_count} unread`}>{c.unread_count}</span>}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Composer({ onSend, disabled }: { onSend: (text: string) => void; disabled: boolean }) {
  const [text, setText] = useState("");
  const ref = useRef<HTMLTextAreaElement>(null);
  function send(event?: FormEvent) {
    event?.preventDefault();
    if (!text.trim() || disabled) return;
    onSend(text.trim());
    setText("");
    ref.current?.focus();
  }
  return (
    <form className="composer" onSubmit={send} aria-label="Write to Flux">
      <label htmlFor="composer-input" className="sr-only">Message Flux</label>
      <textarea
        id="composer-input"
        ref={ref}
        rows={1}
        placeholder="Message Flux…  (Enter to send, Shift+Enter for a new line)"
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            send();
          }
        }}
      />
      <button type="submit" className="btn primary" disabled={disabled || !text.trim()}>Send</button>
    </form>
  );
}

export interface ThreadState {
  messages: Message[];
  hasBefore: boolean;
  loading: boolean;
  error: unknown;
}

function Thread({ conversationId, threadRef }: { conversationId: string; threadRef: React.MutableRefObject<((m: Message) => void) | null> }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [state, setState] = useState<ThreadState>({ messages: [], hasBefore: false, loading: true, error: null });
  const [reply, setReply] = useState<StreamingReply | null>(null);
  const [sendError, setSendError] = useState<unknown>(null);
  const loadingOlder = useRef(false);
  const stateRef = useRef(state);
  stateRef.current = state;
  const conversation = useQuery({
    queryKey: ["inbox", "conversation", conversationId],
    queryFn: () => unwrap(tentacle.GET("/api/v1/inbox/conversations/{conversation_id}", { params: { path: { conversation_id: conversationId } } })),
  });

  const load = useCallback(async () => {
    setState({ messages: [], hasBefore: false, loading: true, error: null });
    try {
      const page = await unwrap(
        tentacle.GET("/api/v1/inbox/conversations/{conversation_id}/messages", {
          params: { path: { conversation_id: conversationId }, query: { limit: PAGE } },
        }),
      );
      setState({ messages: page.items, hasBefore: page.has_before, loading: false, error: null });
      await tentacle.POST("/api/v1/inbox/conversations/{conversation_id}/read", { params: { path: { conversation_id: conversationId } } });
      void queryClient.invalidateQueries({ queryKey: ["inbox", "conversations"] });
    } catch (error) {
      setState((s) => ({ ...s, loading: false, error }));
    }
  }, [conversationId, queryClient]);

  useEffect(() => {
    setReply(null);
    void load();
  }, [load]);

  // Live messages of this thread from the inbox stream.
  useEffect(() => {
    threadRef.current = (message: Message) => {
      if (message.conversation_id !== conversationId) return;
      setState((s) => ({ ...s, messages: mergeMessages(s.messages, [message]) }));
    };
    return () => {
      threadRef.current = null;
    };
  }, [conversationId, threadRef]);

  const loadOlder = useCallback(async () => {
    if (loadingOlder.current || !state.hasBefore || state.messages.length === 0) return;
    loadingOlder.current = true;
    try {
      const page = await unwrap(
        tentacle.GET("/api/v1/inbox/conversations/{conversation_id}/messages", {
          params: { path: { conversation_id: conversationId }, query: { limit: 200, before: state.messages[0].position } },
        }),
      );
      setState((s) => ({ ...s, messages: mergeMessages(s.messages, page.items), hasBefore: page.has_before }));
    } finally {
      loadingOlder.current = false;
    }
  }, [conversationId, state.hasBefore, state.messages]);

  const send = useCallback(
    async (text: string) => {
      setSendError(null);
      setReply(EMPTY_REPLY);
      try {
        await postEventStream(`/api/v1/inbox/conversations/${conversationId}/messages`, { content: text }, (event) => {
          let data: Record<string, unknown> = {};
          try {
            data = JSON.parse(event.data) as Record<string, unknown>;
          } catch {
            return;
          }
          if (event.event === "message.started" && typeof data.user_message_id === "string") {
            // Show the person's message at once; the stored one (same id) replaces it.
            const now = new Date().toISOString();
            const mine = {
              id: data.user_message_id,
              conversation_id: conversationId,
              position: 0,
              role: "user",
              agent_id: null,
              content: text,
              structured: null,
              tool_calls: null,
              tool_call_id: null,
              task_id: null,
              checkpoint_id: null,
              prompt_tokens: 0,
              completion_tokens: 0,
              cost_usd: 0,
              created_at: now,
              updated_at: "",
            } as Message;
            setState((s) => {
              if (s.messages.some((m) => m.id === mine.id)) return s;
              const last = s.messages.length ? s.messages[s.messages.length - 1].position : 0;
              return { ...s, messages: mergeMessages(s.messages, [{ ...mine, position: last + 0.5 }]) };
            });
          }
          setReply((r) => foldReply(r ?? EMPTY_REPLY, event.event, data));
        });
        // Catch up with anything the live stream has not delivered yet (e.g. while reconnecting).
        const last = stateRef.current.messages.filter((m) => Number.isInteger(m.position)).pop()?.position ?? 0;
        const page = await unwrap(
          tentacle.GET("/api/v1/inbox/conversations/{conversation_id}/messages", {
            params: { path: { conversation_id: conversationId }, query: { after: last, limit: 200 } },
          }),
        );
        setState((s) => ({ ...s, messages: mergeMessages(s.messages, page.items) }));
      } catch (error) {
        setSendError(error);
        setReply(null);
      }
    },
    [conversationId],
  );

  const archive = useMutation({
    mutationFn: () => unwrap(tentacle.POST("/api/v1/inbox/conversations/{conversation_id}/archive", { params: { path: { conversation_id: conversationId } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["inbox", "conversations"] });
      navigate("/inbox");
    },
  });

  const stored = reply?.messageId ? state.messages.some((m) => m.id === reply.messageId) : false;
  const showReply = reply && !(reply.done && stored);
  const rows: (Message | "reply")[] = showReply ? [...state.messages, "reply"] : state.messages;
  const streaming = !!reply && !reply.done;

  return (
    <section className="thread" aria-label="Thread" data-loaded={state.messages.length} data-complete={!state.loading && !state.hasBefore}>
      <header className="thread-head">
        <button type="button" className="btn ghost small back-mobile" onClick={() => navigate("/inbox")}>← Inbox</button>
        <h1 className="truncate" style={{ fontSize: "1.05rem", margin: 0 }}>{conversation.data?.title || "Conversation"}</h1>
        <button type="button" className="btn small" onClick={() => archive.mutate()} disabled={archive.isPending}>Archive</button>
      </header>
      {state.loading ? <Loading /> : state.error ? <div style={{ padding: "1rem" }}><ErrorState error={state.error} onRetry={() => void load()} /></div> : rows.length === 0 ? (
        <div className="thread-body"><Empty title="Say hello to Flux">Ask a question, or describe something you want done.</Empty></div>
      ) : (
        <VirtualList
          className="thread-body"
          label="Messages"
          items={rows}
          getKey={(row) => (row === "reply" ? "streaming-reply" : row.id)}
          render={(row) => (row === "reply" ? <StreamingView reply={reply!} /> : <MessageView message={row} />)}
          stickToBottom
          onReachTop={() => void loadOlder()}
        />
      )}
      {sendError ? <div className="alert error" role="alert" style={{ margin: "0 1rem" }}>{errorMessage(sendError)}</div> : null}
      <Composer onSend={(t) => void send(t)} disabled={streaming} />
    </section>
  );
}

export default function InboxPage() {
  const { conversationId = null } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const threadRef = useRef<((m: Message) => void) | null>(null);
  const live = useInboxEvents((message) => threadRef.current?.(message));
  const create = useMutation({
    mutationFn: () => unwrap(tentacle.POST("/api/v1/inbox/conversations", { body: { title: null } })),
    onSuccess: (conversation) => {
      void queryClient.invalidateQueries({ queryKey: ["inbox", "conversations"] });
      navigate(`/inbox/${conversation.id}`);
    },
  });
  useEffect(() => {
    document.title = "Inbox · fluxos";
  }, []);
  return (
    <div className={`inbox ${conversationId ? "has-thread" : ""}`}>
      <div className="inbox-side">
        <div className="row spread inbox-top">
          <h1 style={{ margin: 0, fontSize: "1.25rem" }}>Inbox</h1>
          <div className="row">
            <span className={`badge ${live === "open" ? "ok" : live === "reconnecting" ? "warn" : ""}`} title="Live updates">
              <span className="dot" aria-hidden="true" />{live === "open" ? "Live" : live === "reconnecting" ? "Reconnecting…" : "Connecting…"}
            </span>
            <button type="button" className="btn primary small" onClick={() => create.mutate()} disabled={create.isPending}>New conversation</button>
          </div>
        </div>
        <ConversationList selected={conversationId} onOpen={(id) => navigate(`/inbox/${id}`)} />
      </div>
      {conversationId ? <Thread key={conversationId} conversationId={conversationId} threadRef={threadRef} /> : (
        <div className="thread empty-thread"><Empty title="Pick a conversation">Or start a new one — Flux answers, starts tasks, and brings you the decisions.</Empty></div>
      )}
    </div>
  );
}
