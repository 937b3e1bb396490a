/**
 * A small, safe Markdown renderer for chat: paragraphs, headings, lists, block quotes, fenced
 * code (with light syntax highlighting), inline code, bold, italics and links. It builds React
 * elements (never HTML strings), so message text cannot inject markup.
 */
import { Fragment, type ReactNode } from "react";

const KEYWORDS = new Set(
  "const let var function return if else for while do break continue class new import from export default async await try catch finally throw def lambda pass yield with as in is not and or None True False null true false undefined this self public private static struct enum impl fn pub use mut match type interface select insert update delete where join create table".split(" "),
);

const TOKEN = /(\/\/[^\n]*|#[^\n]*|\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`(?:\\.|[^`\\])*`|\b\d+(?:\.\d+)?\b|\b[A-Za-z_][A-Za-z0-9_]*\b)/g;

export function highlight(code: string, language: string): ReactNode[] {
  const hashComments = ["python", "py", "bash", "sh", "shell", "yaml", "yml", "ruby", "toml"].includes(language);
  const out: ReactNode[] = [];
  let last = 0;
  let i = 0;
  for (const match of code.matchAll(TOKEN)) {
    const text = match[0];
    const start = match.index ?? 0;
    if (start > last) out.push(code.slice(last, start));
    let kind: string | null = null;
    if (text.startsWith("//") || text.startsWith("/*")) kind = "comment";
    else if (text.startsWith("#")) kind = hashComments ? "comment" : null;
    else if (/^["'`]/.test(text)) kind = "string";
    else if (/^\d/.test(text)) kind = "number";
    else if (KEYWORDS.has(text)) kind = "keyword";
    if (kind === null && text.startsWith("#")) {
      // Not a comment in this language: highlight the rest normally.
      out.push("#");
      last = start + 1;
      TOKEN.lastIndex = start + 1;
      continue;
    }
    out.push(kind ? <span key={i++} className={`tok-${kind}`}>{text}</span> : text);
    last = start + text.length;
  }
  if (last < code.length) out.push(code.slice(last));
  return out;
}

const INLINE = /(`[^`\n]+`)|(\*\*[^*\n]+\*\*)|(\*[^*\n]+\*|_[^_\n]+_)|(\[[^\]\n]+\]\((?:https?:\/\/|\/)[^)\s]+\))|(https?:\/\/[^\s<)]+)/g;

function safeHref(href: string): string | null {
  return /^(https?:\/\/|\/)/.test(href) ? href : null;
}

export function inline(text: string, keyPrefix = "i"): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  let n = 0;
  for (const match of text.matchAll(INLINE)) {
    const start = match.index ?? 0;
    if (start > last) out.push(text.slice(last, start));
    const token = match[0];
    const key = `${keyPrefix}-${n++}`;
    if (match[1]) out.push(<code key={key}>{token.slice(1, -1)}</code>);
    else if (match[2]) out.push(<strong key={key}>{inline(token.slice(2, -2), key)}</strong>);
    else if (match[3]) out.push(<em key={key}>{inline(token.slice(1, -1), key)}</em>);
    else if (match[4]) {
      const label = token.slice(1, token.indexOf("]("));
      const href = safeHref(token.slice(token.indexOf("](") + 2, -1));
      out.push(href ? <a key={key} href={href} target="_blank" rel="noreferrer noopener">{label}</a> : label);
    } else if (match[5]) {
      out.push(<a key={key} href={token} target="_blank" rel="noreferrer noopener">{token}</a>);
    }
    last = start + token.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function Markdown({ text }: { text: string }) {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const blocks: ReactNode[] = [];
  let i = 0;
  let key = 0;
  while (i < lines.length) {
    const line = lines[i];
    const fence = /^```\s*([\w+-]*)/.exec(line);
    if (fence) {
      const language = fence[1].toLowerCase();
      const body: string[] = [];
      i += 1;
      while (i < lines.length && !/^```/.test(lines[i])) body.push(lines[i++]);
      i += 1; // closing fence (or end of a still-streaming message)
      const code = body.join("\n");
      blocks.push(
        <pre key={key++} className="code" data-language={language || undefined}>
          <code>{highlight(code, language)}</code>
        </pre>,
      );
      continue;
    }
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    if (heading) {
      const level = Math.min(4, heading[1].length + 2);
      const Tag = `h${level}` as "h3" | "h4" | "h5" | "h6";
      blocks.push(<Tag key={key++}>{inline(heading[2], `h${key}`)}</Tag>);
      i += 1;
      continue;
    }
    if (/^\s*([-*+]|\d+[.)])\s+/.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const items: string[] = [];
      while (i < lines.length && /^\s*([-*+]|\d+[.)])\s+/.test(lines[i])) {
        items.push(lines[i].replace(/^\s*([-*+]|\d+[.)])\s+/, ""));
        i += 1;
      }
      const children = items.map((item, n) => <li key={n}>{inline(item, `l${key}-${n}`)}</li>);
      blocks.push(ordered ? <ol key={key++}>{children}</ol> : <ul key={key++}>{children}</ul>);
      continue;
    }
    if (/^>\s?/.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && /^>\s?/.test(lines[i])) quoted.push(lines[i++].replace(/^>\s?/, ""));
      blocks.push(<blockquote key={key++}>{inline(quoted.join(" "), `q${key}`)}</blockquote>);
      continue;
    }
    if (line.trim() === "") {
      i += 1;
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length && lines[i].trim() !== "" && !/^(```|#{1,4}\s|>\s?|\s*([-*+]|\d+[.)])\s+)/.test(lines[i])) {
      paragraph.push(lines[i++]);
    }
    blocks.push(
      <p key={key++}>
        {paragraph.map((p, n) => (
          <Fragment key={n}>
            {n > 0 && <br />}
            {inline(p, `p${key}-${n}`)}
          </Fragment>
        ))}
      </p>,
    );
  }
  return <div className="markdown">{blocks}</div>;
}
