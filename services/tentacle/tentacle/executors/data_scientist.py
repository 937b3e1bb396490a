"""The data_scientist agent: the model writes Python, the sandbox runs it, failures go back to
the model for a bounded number of repairs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from tentacle.executors.base import (
    AgentExecutor,
    PermanentStepError,
    StepContext,
    StepResult,
    TransientStepError,
    charged_on_failure,
)
from tentacle.executors.llm_agent import answer_as_json, system_prompt, user_message
from tentacle.executors.llm_calls import Message
from tentacle.executors.registry import register_executor
from tentacle.executors.sandbox import SandboxRun, SandboxUnavailable, run_python

CODE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"code": {"type": "string"}, "answer": {"type": "string"}},
    "required": ["code", "answer"],
    "additionalProperties": False,
}


def _failure(run: SandboxRun) -> str:
    if run.timed_out:
        return "the program ran out of time"
    if run.returncode < 0:
        return f"the program was killed (signal {-run.returncode}: a CPU or memory limit)"
    tail = "\n".join(run.stderr.strip().splitlines()[-15:])
    return f"the program failed (exit {run.returncode}):\n{tail}"


@register_executor
class DataScientistExecutor(AgentExecutor):
    kind = "data_scientist"

    async def run(self, ctx: StepContext) -> StepResult:
        config = ctx.agent.config
        limits = replace(
            ctx.resources.sandbox,
            cpu_seconds=int(config.get("cpu_seconds", ctx.resources.sandbox.cpu_seconds)),
            memory_mb=int(config.get("memory_mb", ctx.resources.sandbox.memory_mb)),
            wall_seconds=min(
                float(config.get("wall_seconds", ctx.resources.sandbox.wall_seconds)),
                max(1.0, ctx.remaining()),
            ),
            max_file_mb=int(config.get("max_file_mb", ctx.resources.sandbox.max_file_mb)),
        )
        result = StepResult(outputs={})
        data = ctx.inputs.get("data")
        sandbox_dir = ctx.work_dir / "sandbox"

        async def execute(code: str) -> SandboxRun:
            try:
                return await run_python(
                    code, sandbox_dir, limits=limits, data=data, python=ctx.resources.sandbox_python
                )
            except SandboxUnavailable as exc:
                raise PermanentStepError(str(exc)) from exc

        given = ctx.inputs.get("code")
        if given:
            run = await execute(str(given))
            if not run.ok:
                raise PermanentStepError(_failure(run), details={"stdout": run.stdout[-2000:]})
            result.outputs = self._outputs(str(given), run, answer=run.stdout.strip()[-500:])
            return result

        messages: list[Message] = [
            {"role": "system", "content": system_prompt(ctx, CODE_SCHEMA)},
            {"role": "user", "content": user_message(ctx)},
        ]
        repairs_left = int(config.get("repair_attempts", 1))
        with charged_on_failure(result):
            return await self._write_and_run(ctx, result, messages, execute, repairs_left)

    async def _write_and_run(
        self,
        ctx: StepContext,
        result: StepResult,
        messages: list[Message],
        execute: Callable[[str], Awaitable[SandboxRun]],
        repairs_left: int,
    ) -> StepResult:
        while True:
            written = await answer_as_json(
                ctx, result, messages, CODE_SCHEMA, schema_name="data_scientist_code"
            )
            code = str(written["code"])
            run = await execute(code)
            if run.ok:
                result.outputs = self._outputs(code, run, answer=str(written["answer"]))
                return result
            if repairs_left <= 0:
                raise TransientStepError(
                    f"the written program did not run: {_failure(run)}",
                    details={"code": code[-4000:]},
                )
            repairs_left -= 1
            messages = [
                *messages,
                {"role": "assistant", "content": code},
                {
                    "role": "user",
                    "content": f"{_failure(run)}\nFix the program and answer with the whole "
                    "corrected program as JSON again.",
                },
            ]

    @staticmethod
    def _outputs(code: str, run: SandboxRun, *, answer: str) -> dict[str, Any]:
        return {"code": code, "stdout": run.stdout, "result": run.result, "answer": answer}
