"""The inbox and Flux end to end, black box: ``fluxos up`` with the scripted LLM, HTTP only.

A person asks Flux to email the weekly summary. Flux's reply streams back token by token with
its ``create_task`` tool call; the task reports into the same thread on the person's inbox
stream: its progress card, the drafted summary, then the email step's checkpoint as an
interactive message. Approving it through the API resumes the task: the checkpoint message
shows its outcome, the real Mimic worker delivers the email to the dev mail catcher, and the
completion summary arrives. A second inbox stream opened with ``Last-Event-ID`` from the middle
of the first replays exactly what came after it.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
from scripted_llm import ScriptedLLM

T = TypeVar("T")

FLUX_PROMPT = "You are Flux, the assistant of fluxos"
COMPOSE_PROMPT = "You write clear, friendly, concise messages"
TIMEOUT = 120.0


@dataclass(frozen=True)
class Frame:
    """One server-sent event (``id`` is None for frames without one, like ``ready``)."""

    id: str | None
    event: str
    data: str

    def json(self) -> Any:
        return json.loads(self.data)


def sse_frames(lines: Iterator[str]) -> Iterator[Frame]:
    """Parse a ``text/event-stream`` into frames (comments, i.e. heartbeats, are skipped)."""
    event_id: str | None = None
    event = "message"
    data: list[str] = []
    for line in lines:
        if line == "":
            if data:
                yield Frame(event_id, event, "\n".join(data))
            event_id, event, data = None, "message", []
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "id":
            event_id = value
        elif name == "event":
            event = value
        elif name == "data":
            data.append(value)


@dataclass
class InboxStream:
    """The person's inbox SSE, read by a background thread into ``frames``."""

    url: str
    headers: dict[str, str]
    frames: list[Frame] = field(default_factory=list)
    ready: threading.Event = field(default_factory=threading.Event)
    ready_data: dict[str, Any] = field(default_factory=dict)
    replayed: list[Frame] = field(default_factory=list)
    """The frames that came before ``ready`` (the replay of a resumed stream)."""
    error: BaseException | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _thread: threading.Thread | None = None
    _response: httpx.Response | None = None

    def start(self) -> InboxStream:
        self._thread = threading.Thread(target=self._read, daemon=True, name="inbox-sse")
        self._thread.start()
        assert self.ready.wait(TIMEOUT), f"the inbox stream never became ready: {self.error!r}"
        return self

    def _read(self) -> None:
        try:
            timeout = httpx.Timeout(10.0, read=None)
            with (
                httpx.Client(timeout=timeout) as client,
                client.stream("GET", self.url, headers=self.headers) as response,
            ):
                self._response = response
                assert response.status_code == 200, response.read().decode()
                assert response.headers["content-type"].startswith("text/event-stream")
                for frame in sse_frames(response.iter_lines()):
                    if self._stop.is_set():
                        return
                    if frame.event == "ready":
                        self.ready_data = frame.json()
                        with self._lock:
                            self.replayed = list(self.frames)
                        self.ready.set()
                    elif frame.id is not None:
                        with self._lock:
                            self.frames.append(frame)
        except BaseException as exc:  # surfaced by the test through ``error``
            if not self._stop.is_set():
                self.error = exc
        finally:
            self.ready.set()

    def snapshot(self) -> list[Frame]:
        with self._lock:
            return list(self.frames)

    def stop(self) -> None:
        self._stop.set()
        if self._response is not None:
            self._response.close()
        if self._thread is not None:
            self._thread.join(timeout=10)


def _eventually(probe: Callable[[], T | None], what: str, timeout: float = TIMEOUT) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"{what}: not within {timeout:g}s")


def _messages(frames: list[Frame], conversation_id: str) -> list[tuple[Frame, dict[str, Any]]]:
    """The message events of one conversation, with their message."""
    out = []
    for frame in frames:
        if frame.event not in ("message.created", "message.updated"):
            continue
        data = frame.json()
        if data["conversation_id"] == conversation_id:
            out.append((frame, data["payload"]["message"]))
    return out


def _structured_type(message: dict[str, Any]) -> str | None:
    structured = message.get("structured") or {}
    return structured.get("type")


def _script(llm: ScriptedLLM, goal: str, recipient: str, body: str) -> None:
    """Flux starts a task and then answers; the planner drafts then sends; compose writes."""

    def has_tool_result(request: dict[str, Any]) -> bool:
        return any(m.get("role") == "tool" for m in request.get("messages", []))

    llm.reply(
        "Done: the task is running and will ask you before the email goes out.",
        system_contains=FLUX_PROMPT,
        when=lambda request: bool(request.get("tools")) and has_tool_result(request),
        any_contains=goal,
    )
    llm.reply(
        "I'll start a task for that.",
        tool_calls=[
            {
                "name": "create_task",
                "arguments": {"goal": goal, "constraints": {"recipients": [recipient]}},
            }
        ],
        system_contains=FLUX_PROMPT,
        user_contains=goal,
        when=lambda request: bool(request.get("tools")) and not has_tool_result(request),
    )
    llm.reply(
        json={
            "summary": "Draft the weekly summary, then email it",
            "steps": [
                {
                    "id": "draft",
                    "title": "Draft the weekly summary",
                    "agent_type": "compose",
                    "inputs": {
                        "instructions": "Write the weekly operations summary email",
                        "format": "email",
                        "recipient": recipient,
                    },
                    "depends_on": [],
                },
                {
                    "id": "send",
                    "title": "Email the summary",
                    "agent_type": "notify",
                    "inputs": {
                        "to": [recipient],
                        "subject": "{{steps.draft.outputs.subject}}",
                        "text": "{{steps.draft.outputs.body}}",
                    },
                    "depends_on": ["draft"],
                },
            ],
        },
        schema_name="plan",
        any_contains=goal,
    )
    llm.reply(
        json={"subject": "Weekly operations summary", "body": body},
        schema_name="compose",
        system_contains=COMPOSE_PROMPT,
        any_contains="weekly operations summary",
    )


def _wait_for_mail(client: httpx.Client, recipient: str) -> dict[str, Any]:
    def caught() -> dict[str, Any] | None:
        for message in client.get("/api/v1/notifications/dev/mail/messages").json():
            if recipient in message["to"]:
                return client.get(  # type: ignore[no-any-return]
                    f"/api/v1/notifications/dev/mail/messages/{message['id']}"
                ).json()
        return None

    return _eventually(caught, f"the email to {recipient}")


def _stack_logs(stack: Any) -> str:
    return "\n".join(
        f"--- {name}\n{stack.log(name)}" for name in ("tentacle-worker.log", "mimic-worker.log")
    )


def test_chat_task_checkpoint_and_replay_in_one_thread(
    llm_stack: Any, scripted_llm_server: ScriptedLLM
) -> None:
    stack, llm = llm_stack, scripted_llm_server
    started = time.monotonic()
    recipient = f"ops-{uuid.uuid4().hex[:6]}@example.com"
    goal = f"Email {recipient} the weekly summary"
    body = "All 14 deploys went out green; one incident (cache warm-up) was closed on Tuesday."
    _script(llm, goal, recipient, body)

    login = httpx.post(
        f"{stack.url}/api/v1/auth/login",
        json={"email": stack.admin_email, "password": stack.admin_password},
        timeout=30,
    )
    assert login.status_code == 200, login.text
    auth = {"Authorization": f"Bearer {login.json()['access_token']}"}
    inbox = InboxStream(f"{stack.url}/api/v1/inbox/events", auth).start()
    assert inbox.error is None, repr(inbox.error)

    try:
        with httpx.Client(base_url=stack.url, headers=auth, timeout=30) as client:
            # -- the chat turn, as the person's browser reads it ------------------------------
            chat: list[Frame] = []
            with client.stream(
                "POST",
                "/api/v1/inbox/messages",
                json={"content": goal},
                timeout=httpx.Timeout(30.0, read=TIMEOUT),
            ) as response:
                assert response.status_code == 200, response.read().decode()
                chat.extend(sse_frames(response.iter_lines()))
            chat_done = time.monotonic()
            kinds = [frame.event for frame in chat]
            assert kinds[0] == "message.started", kinds
            assert kinds[-1] == "message.completed", [f.data for f in chat]
            assert "error" not in kinds, [f.data for f in chat]
            first = chat[0].json()
            conversation_id = first["conversation_id"]
            assert first["conversation_created"] is True
            tool_started = kinds.index("tool_call.started")
            tool_finished = kinds.index("tool_call.finished")
            assert 0 < tool_started < tool_finished < len(kinds) - 1
            assert "token" in kinds[:tool_started] and "token" in kinds[tool_finished:]
            call = chat[tool_started].json()
            assert call["name"] == "create_task" and call["arguments"]["goal"] == goal
            finished = chat[tool_finished].json()
            assert finished["id"] == call["id"] and finished["ok"] is True, finished
            tokens = "".join(f.json()["delta"] for f in chat if f.event == "token")
            assert kinds.count("token") >= 5, "the reply did not stream token by token"
            completed = chat[-1].json()
            assert completed["content"] == (
                "Done: the task is running and will ask you before the email goes out."
            )
            assert tokens == "I'll start a task for that." + completed["content"]
            assert completed["conversation_id"] == conversation_id
            assert completed["usage"]["total_tokens"] > 0

            # -- the same thread on the inbox stream: the card, then the checkpoint ----------
            def checkpoint_message() -> dict[str, Any] | None:
                for frame, message in _messages(inbox.snapshot(), conversation_id):
                    if frame.event == "message.created" and (
                        _structured_type(message) == "checkpoint"
                    ):
                        return message
                return None

            try:
                pending = _eventually(checkpoint_message, "the checkpoint message")
                marks = {"reply": chat_done - started, "checkpoint": time.monotonic() - started}
            except AssertionError as exc:
                raise AssertionError(f"{exc}\n{_stack_logs(stack)}") from None
            card = pending["structured"]
            assert card["status"] == "pending" and card["kind"] == "approval"
            assert card["agent_type"] == "notify" and card["risk_kind"] == "send"
            assert card["step_title"] == "Email the summary"
            assert set(card["actions"]) == {"approve", "reject"}
            # The preview holds the inputs as they will run: the draft is already in them.
            assert card["inputs"]["to"] == [recipient]
            assert card["inputs"]["subject"] == "Weekly operations summary"
            assert card["inputs"]["text"] == body
            assert pending["checkpoint_id"] == card["checkpoint_id"]
            listed = client.get("/api/v1/inbox/conversations", params={"priority": "attention"})
            assert [c["id"] for c in listed.json()["items"]] == [conversation_id]
            caught = client.get("/api/v1/notifications/dev/mail/messages").json()
            assert all(recipient not in m["to"] for m in caught), "sent before the approval"

            approved = client.post(card["endpoints"]["approve"], json={"remember": False})
            assert approved.status_code == 200, approved.text
            assert approved.json()["status"] == "approved"
            again = client.post(card["endpoints"]["approve"])
            assert again.status_code == 409, again.text

            # -- resumed: the checkpoint shows its outcome, the email goes out, the summary --
            def summary() -> dict[str, Any] | None:
                for frame, message in _messages(inbox.snapshot(), conversation_id):
                    if frame.event == "message.created" and (
                        _structured_type(message) == "task_completed"
                    ):
                        return message
                return None

            try:
                done = _eventually(summary, "the completion summary")
            except AssertionError as exc:
                task = client.get(f"/api/v1/tasks/{card['task_id']}").json()
                thread = [
                    (f.event, m["role"], m["content"][:200])
                    for f, m in _messages(inbox.snapshot(), conversation_id)
                ]
                raise AssertionError(
                    f"{exc}\ntask: {json.dumps(task, indent=1)}\nthread: {thread}\n"
                    f"{_stack_logs(stack)}"
                ) from None
            marks["completed"] = time.monotonic() - started
            mail = _wait_for_mail(client, recipient)
            assert mail["subject"] == "Weekly operations summary"
            assert body in mail["text"]
            # The summary carries the task's result: the notification that delivered the email.
            notification_id = mail["headers"]["X-Fluxos-Notification-Id"]
            assert done["structured"]["output"]["send"]["notification_id"] == notification_id
            assert notification_id in done["content"], done
            assert done["structured"]["task_id"] == card["task_id"]
            assert done["agent_id"] == "orchestrator"

            # Let the stream settle (the card's last refresh, the priority going back).
            def settled() -> list[Frame] | None:
                before = inbox.snapshot()
                time.sleep(1.5)
                after = inbox.snapshot()
                return after if len(after) == len(before) else None

            frames = _eventually(settled, "a quiet inbox stream")
            assert inbox.error is None, repr(inbox.error)

            ids = [int(frame.id or 0) for frame in frames]
            assert ids == sorted(set(ids)), "the inbox stream repeated or reordered events"
            thread = _messages(frames, conversation_id)
            created = [(f, m) for f, m in thread if f.event == "message.created"]
            roles = [(m["role"], m.get("agent_id"), _structured_type(m)) for _, m in created]
            assert roles[0] == ("user", None, None)
            assert created[0][1]["content"] == goal

            def position(match: Callable[[str, dict[str, Any]], bool]) -> int:
                hits = [i for i, (f, m) in enumerate(thread) if match(f.event, m)]
                assert len(hits) >= 1, roles
                return hits[0]

            flux_call = position(
                lambda e, m: e == "message.created" and m["role"] == "assistant" and m["tool_calls"]
            )
            tool_result = position(
                lambda e, m: e == "message.created" and m["agent_id"] == "tool:create_task"
            )
            flux_reply = position(
                lambda e, m: (
                    e == "message.created"
                    and m["role"] == "assistant"
                    and m["content"] == completed["content"]
                )
            )
            progress = position(
                lambda e, m: e == "message.created" and _structured_type(m) == "task_progress"
            )
            drafted = position(
                lambda e, m: (
                    e == "message.created"
                    and _structured_type(m) == "step_completed"
                    and m["structured"]["key"] == "draft"
                )
            )
            asked = position(
                lambda e, m: e == "message.created" and _structured_type(m) == "checkpoint"
            )
            outcome = position(
                lambda e, m: (
                    e == "message.updated"
                    and _structured_type(m) == "checkpoint"
                    and m["structured"]["status"] == "approved"
                )
            )
            sent = position(
                lambda e, m: (
                    e == "message.created"
                    and _structured_type(m) == "step_completed"
                    and m["structured"]["key"] == "send"
                )
            )
            finale = position(
                lambda e, m: e == "message.created" and _structured_type(m) == "task_completed"
            )
            assert 0 < flux_call < tool_result < flux_reply
            assert flux_call < progress < drafted < asked < outcome < sent < finale
            assert thread[tool_result][1]["task_id"] == card["task_id"]
            assert thread[progress][1]["task_id"] == card["task_id"]
            resolved = thread[outcome][1]
            assert resolved["id"] == pending["id"] and resolved["structured"]["actions"] == []
            assert resolved["structured"]["resolved_via"]
            last_card = [m for _, m in thread if _structured_type(m) == "task_progress"][-1]
            assert last_card["structured"]["status"] == "completed"
            assert last_card["structured"]["settled"] == last_card["structured"]["total"] == 2
            # The task's own lifecycle events travel on the same stream, tagged with the thread.
            task_events = [f.json() for f in frames if f.event.startswith(("task.", "step."))]
            assert task_events and all(e["conversation_id"] == conversation_id for e in task_events)
            assert any(
                e["type"] == "task.status" and e["payload"]["to"] == "completed"
                for e in task_events
            )

            # The thread as stored is what the stream showed, in order.
            page = client.get(f"/api/v1/inbox/conversations/{conversation_id}/messages").json()
            assert [m["id"] for m in page["items"]] == [m["id"] for _, m in created]
            shown = client.get(f"/api/v1/inbox/conversations/{conversation_id}").json()
            assert shown["priority"] == "normal"

        # -- reconnect: replay exactly what came after an id from the middle ---------------
        middle = frames[len(frames) // 2]
        assert middle.id is not None
        replay = InboxStream(
            f"{stack.url}/api/v1/inbox/events", {**auth, "Last-Event-ID": middle.id}
        ).start()
        try:
            assert replay.error is None, repr(replay.error)
            replayed = replay.replayed
            expected = [frame for frame in inbox.snapshot() if int(frame.id or 0) > int(middle.id)]
            assert replay.ready_data["last_event_id"] == int(expected[-1].id or 0)
            assert [f.id for f in replayed] == [f.id for f in expected]
            assert [f.event for f in replayed] == [f.event for f in expected]
            assert [f.json() for f in replayed] == [f.json() for f in expected]
        finally:
            replay.stop()
    finally:
        inbox.stop()
    elapsed = time.monotonic() - started
    timings = ", ".join(f"{name} at {at:.1f}s" for name, at in marks.items())
    print(f"inbox chat end to end: {len(frames)} inbox events; {timings}; all in {elapsed:.1f}s")
