"""Document composers without a model call: Markdown assembly and a small PDF writer."""

from __future__ import annotations

import base64
import re
import textwrap
from typing import Any

from tentacle.executors.base import AgentExecutor, StepContext, StepResult
from tentacle.executors.registry import register_executor


def _table(rows: list[dict[str, Any]]) -> str:
    columns: list[str] = []
    for row in rows:
        columns.extend(key for key in row if key not in columns)
    if not columns:
        return ""

    def cell(value: Any) -> str:
        return str("" if value is None else value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(row.get(c)) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def compose_markdown(inputs: dict[str, Any]) -> str:
    parts: list[str] = []
    if inputs.get("title"):
        parts.append(f"# {inputs['title']}")
    if inputs.get("intro"):
        parts.append(str(inputs["intro"]).strip())
    for section in inputs.get("sections") or []:
        parts.append(f"## {section['heading']}")
        if section.get("body"):
            parts.append(str(section["body"]).strip())
        if section.get("items"):
            parts.append("\n".join(f"- {item}" for item in section["items"]))
        if section.get("table"):
            parts.append(_table(section["table"]))
    return "\n\n".join(part for part in parts if part) + "\n"


@register_executor
class MarkdownComposerExecutor(AgentExecutor):
    kind = "markdown_composer"

    async def run(self, ctx: StepContext) -> StepResult:
        return StepResult(outputs={"markdown": compose_markdown(ctx.inputs)})


# -- PDF ---------------------------------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = 595, 842, 56  # A4 in points
STYLES = {"h1": ("F2", 18, 26), "h2": ("F2", 14, 20), "h3": ("F2", 12, 17), "p": ("F1", 10.5, 14)}
CHARS_PER_POINT = 1 / 0.5  # Helvetica averages about half an em per character


def _plain(text: str) -> str:
    text = re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda m: m.group(1) or m.group(2), text)
    text = re.sub(r"(?<!\w)[*_](.+?)[*_](?!\w)", r"\1", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    return re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1 (\2)", text)


def _lines(markdown: str, title: str | None) -> list[tuple[str, str]]:
    """(style, text) lines, wrapped to the page width."""
    styled: list[tuple[str, str]] = []
    if title:
        styled.append(("h1", title))
    for raw in markdown.splitlines():
        line = raw.rstrip()
        heading = re.match(r"^(#{1,6})\s+(.*)$", line)
        if heading:
            style = f"h{min(len(heading.group(1)), 3)}"
            styled.append((style, _plain(heading.group(2))))
            continue
        if not line.strip():
            styled.append(("p", ""))
            continue
        bullet = re.match(r"^\s*[-*+]\s+(.*)$", line)
        text = "• " + _plain(bullet.group(1)) if bullet else _plain(line)
        styled.append(("p", text))
    wrapped: list[tuple[str, str]] = []
    for style, text in styled:
        size = STYLES[style][1]
        width = int((PAGE_WIDTH - 2 * MARGIN) / size * CHARS_PER_POINT)
        for piece in textwrap.wrap(text, width=max(20, width)) or [""]:
            wrapped.append((style, piece))
    return wrapped


def _escape(text: str) -> bytes:
    encoded = text.encode("cp1252", errors="replace")
    return encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def render_pdf(markdown: str, title: str | None = None) -> tuple[bytes, int]:
    """A paginated A4 PDF of the text (Helvetica, headings in bold); (bytes, page count)."""
    pages: list[list[tuple[str, str]]] = [[]]
    used = 0.0
    for style, text in _lines(markdown, title):
        leading = STYLES[style][2]
        if used + leading > PAGE_HEIGHT - 2 * MARGIN and pages[-1]:
            pages.append([])
            used = 0.0
        pages[-1].append((style, text))
        used += leading
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # pages, filled in below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
    ]
    page_ids: list[int] = []
    for lines in pages:
        stream = bytearray(b"BT\n")
        y = PAGE_HEIGHT - MARGIN
        for style, text in lines:
            font, size, leading = STYLES[style]
            y -= leading
            stream += f"/{font} {size} Tf 1 0 0 1 {MARGIN} {y:.1f} Tm (".encode()
            stream += _escape(text) + b") Tj\n"
        stream += b"ET"
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + bytes(stream) + b"\nendstream")
        content_id = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
            b"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>"
            % (PAGE_WIDTH, PAGE_HEIGHT, content_id)
        )
        page_ids.append(len(objects))
    kids = b" ".join(b"%d 0 R" % page for page in page_ids)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: list[int] = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out), len(page_ids)


@register_executor
class PdfComposerExecutor(AgentExecutor):
    kind = "pdf_composer"

    async def run(self, ctx: StepContext) -> StepResult:
        document, pages = render_pdf(str(ctx.inputs["markdown"]), ctx.inputs.get("title"))
        return StepResult(
            outputs={
                "content_base64": base64.b64encode(document).decode(),
                "content_type": "application/pdf",
                "pages": pages,
                "size": len(document),
            }
        )
