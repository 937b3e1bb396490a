"""Markdown and PDF composers."""

from __future__ import annotations

import base64
import re
from pathlib import Path

from executor_kit import context

from tentacle.executors import get_executor


async def test_markdown_composer_builds_sections_lists_and_tables(tmp_path: Path) -> None:
    ctx = context(
        "markdown_composer",
        {
            "title": "Weekly report",
            "intro": "All good.",
            "sections": [
                {"heading": "Done", "items": ["ship", "test"]},
                {"heading": "Sales", "table": [{"region": "EU", "total": 3}, {"region": "US|CA"}]},
            ],
        },
        tmp_path,
    )
    markdown = (await get_executor(ctx.agent).run(ctx)).outputs["markdown"]
    assert markdown.startswith("# Weekly report\n\nAll good.\n\n## Done\n\n- ship\n- test\n")
    assert "| region | total |\n|---|---|\n| EU | 3 |\n| US\\|CA |  |" in markdown


def _objects(pdf: bytes) -> dict[int, int]:
    return {int(m.group(1)): m.start() for m in re.finditer(rb"(\d+) 0 obj", pdf)}


async def test_pdf_composer_writes_a_well_formed_paginated_pdf(tmp_path: Path) -> None:
    body = "## Findings\n\n- **Revenue** grew (a lot)\n" + "\n".join(
        f"line {n}" for n in range(120)
    )
    ctx = context("pdf_composer", {"title": "Q3 review", "markdown": body}, tmp_path)
    result = await get_executor(ctx.agent).run(ctx)
    pdf = base64.b64decode(result.outputs["content_base64"])

    assert ctx.agent.output_errors(result.outputs) == []
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    assert result.outputs["size"] == len(pdf) and result.outputs["pages"] == 3
    assert b"/Count 3" in pdf
    # Every xref entry points at the object it names.
    startxref = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    xref = pdf[startxref:].split(b"trailer")[0].splitlines()[3:]
    offsets = [int(line.split()[0]) for line in xref]
    assert offsets == [start for _, start in sorted(_objects(pdf).items())]
    # Text is there, markdown markers are not, parentheses are escaped.
    assert b"(Q3 review) Tj" in pdf and b"Revenue grew \\(a lot\\)" in pdf and b"**" not in pdf
