"""The data_scientist sandbox: code runs with its data, and cannot reach the network, files
outside its work directory, other processes, or unbounded CPU and memory."""

from __future__ import annotations

import asyncio
import socket
import sys
import textwrap
from pathlib import Path

import pytest
from executor_kit import context
from scripted_llm import ScriptedLLM

from fluxkit.llm import LLMClient
from tentacle.executors import (
    PermanentStepError,
    SandboxLimits,
    TransientStepError,
    get_executor,
)
from tentacle.executors.sandbox import _preexec, run_python

LIMITS = SandboxLimits(cpu_seconds=2, memory_mb=256, wall_seconds=5)


@pytest.fixture
def listening_port() -> int:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    yield server.getsockname()[1]
    server.close()


async def run(code: str, tmp_path: Path, data: object = None) -> tuple[int, str, object]:
    outcome = await run_python(textwrap.dedent(code), tmp_path / "box", limits=LIMITS, data=data)
    return outcome.returncode, outcome.stderr, outcome.result


async def test_code_reads_its_data_and_writes_its_result(tmp_path: Path) -> None:
    code = """
        import json, statistics
        numbers = json.load(open("data.json"))
        print("mean computed")
        json.dump({"mean": statistics.mean(numbers)}, open("result.json", "w"))
    """
    outcome = await run_python(
        textwrap.dedent(code), tmp_path / "box", limits=LIMITS, data=[1, 2, 6]
    )
    assert outcome.ok and outcome.result == {"mean": 3} and outcome.stdout == "mean computed\n"


async def test_no_network_even_to_a_listening_local_port(
    tmp_path: Path, listening_port: int
) -> None:
    code = f"""
        import socket
        socket.create_connection(("127.0.0.1", {listening_port}), timeout=2)
        print("connected")
    """
    returncode, stderr, _ = await run(code, tmp_path)
    assert returncode != 0 and "does not allow socket" in stderr


async def test_the_network_namespace_isolates_even_without_the_audit_hook(
    tmp_path: Path, listening_port: int
) -> None:
    # The kernel layer on its own: a plain interpreter in the sandbox's namespace.
    code = f"import socket; socket.create_connection(('127.0.0.1', {listening_port}), timeout=2)"
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-c", code, stderr=asyncio.subprocess.PIPE, preexec_fn=_preexec(LIMITS)
    )
    _, stderr = await process.communicate()
    assert process.returncode != 0
    assert b"Network is unreachable" in stderr or b"Connection refused" in stderr


@pytest.mark.parametrize(
    "code",
    [
        "print(open('/etc/hostname').read())",
        "open('{outside}/escaped.txt', 'w').write('x')",
        "import os; print(os.listdir('/'))",
        "import os; os.symlink('/etc', 'etc'); print(open('etc/hostname').read())",
        "open('../escaped.txt', 'w').write('x')",
    ],
)
async def test_files_outside_the_work_directory_are_refused(tmp_path: Path, code: str) -> None:
    returncode, stderr, _ = await run(code.format(outside=tmp_path), tmp_path)
    assert returncode != 0 and "work directory only" in stderr
    assert not (tmp_path / "escaped.txt").exists()


@pytest.mark.parametrize(
    "code",
    [
        "import subprocess; subprocess.run(['id'])",
        "import os; os.system('id')",
        "import os; os.fork()",
        "import ctypes",
    ],
)
async def test_processes_and_native_calls_are_refused(tmp_path: Path, code: str) -> None:
    returncode, stderr, _ = await run(code, tmp_path)
    assert returncode != 0 and "PermissionError: the sandbox does not allow" in stderr


async def test_the_workers_environment_does_not_leak_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TENTACLE_LLM_API_KEY", "sk-secret")
    returncode, _, result = await run(
        "import os, json; json.dump(dict(os.environ), open('result.json', 'w'))", tmp_path
    )
    # Python itself sets LC_CTYPE when it coerces the C locale to UTF-8.
    assert returncode == 0 and isinstance(result, dict) and set(result) <= {"LC_CTYPE"}


async def test_cpu_memory_and_wall_time_are_limited(tmp_path: Path) -> None:
    returncode, _, _ = await run("while True: pass", tmp_path)
    assert returncode < 0  # killed by the CPU limit

    returncode, stderr, _ = await run("x = bytearray(1024 * 1024 * 1024)", tmp_path)
    assert returncode != 0 and "MemoryError" in stderr

    outcome = await run_python(
        "import time; time.sleep(30)", tmp_path / "box", limits=SandboxLimits(wall_seconds=0.5)
    )
    assert outcome.timed_out and not outcome.ok


async def test_given_code_runs_without_a_model(tmp_path: Path) -> None:
    code = "import json; d = json.load(open('data.json')); print(len(d)); json.dump(sum(d), open('result.json','w'))"
    ctx = context(
        "data_scientist", {"question": "total?", "data": [1, 2, 3], "code": code}, tmp_path
    )
    result = await get_executor(ctx.agent).run(ctx)
    assert result.outputs["result"] == 6 and result.outputs["stdout"] == "3\n"
    assert ctx.agent.output_errors(result.outputs) == []

    failing = context("data_scientist", {"question": "q", "code": "1/0"}, tmp_path)
    with pytest.raises(PermanentStepError, match="ZeroDivisionError"):
        await get_executor(failing.agent).run(failing)


async def test_written_code_is_repaired_once_from_its_error(
    tmp_path: Path, scripted: ScriptedLLM, llm: LLMClient
) -> None:
    fixed = "import json; json.dump(max(json.load(open('data.json'))), open('result.json', 'w'))"
    scripted.reply(
        json={"code": fixed, "answer": "The largest is the result."}, user_contains="NameError"
    )
    scripted.reply(json={"code": "print(undefined_name)", "answer": "?"}, times=1)
    ctx = context("data_scientist", {"question": "largest?", "data": [4, 9, 2]}, tmp_path, llm=llm)
    result = await get_executor(ctx.agent).run(ctx)

    assert result.outputs["result"] == 9 and result.outputs["code"] == fixed
    assert result.outputs["answer"] == "The largest is the result."
    assert len(scripted.chat_requests()) == 2 and result.cost_usd > 0
    assert scripted.chat_requests()[0].body["model"] == "scripted-reasoning"


async def test_code_that_keeps_failing_fails_the_step(
    tmp_path: Path, scripted: ScriptedLLM, llm: LLMClient
) -> None:
    scripted.reply(json={"code": "import socket; socket.socket()", "answer": "?"})
    ctx = context("data_scientist", {"question": "q"}, tmp_path, llm=llm)
    with pytest.raises(TransientStepError, match="did not run") as failure:
        await get_executor(ctx.agent).run(ctx)
    assert len(scripted.chat_requests()) == 2
    assert failure.value.usage is not None and failure.value.usage.cost_usd > 0
