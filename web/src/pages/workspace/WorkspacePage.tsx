import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { tentacle, unwrap } from "../../api/client";
import type { WorkspaceObject } from "../../api/types";
import { Empty, ErrorState, FormError, Loading, PageTitle, Time } from "../../components/ui";

function useDebounced<T>(value: T, ms: number): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return current;
}

function label(object: WorkspaceObject): string {
  const data = object.data as Record<string, unknown>;
  for (const key of ["title", "name", "subject", "label", "email"]) {
    if (typeof data[key] === "string" && data[key]) return data[key] as string;
  }
  return `${object.type} ${object.id.slice(0, 8)}`;
}

function Editor({ object, onDone }: { object: WorkspaceObject | null; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [type, setType] = useState(object?.type ?? "");
  const [text, setText] = useState(JSON.stringify(object?.data ?? {}, null, 2));
  const [tags, setTags] = useState((object?.tags ?? []).join(", "));
  const [parseError, setParseError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (data: Record<string, unknown>) => {
      const tagList = tags.split(",").map((t) => t.trim()).filter(Boolean);
      if (object) {
        return unwrap(
          tentacle.PATCH("/api/v1/workspace/objects/{object_id}", {
            params: { path: { object_id: object.id } },
            body: { data, replace: true, tags: tagList },
          }),
        );
      }
      return unwrap(tentacle.POST("/api/v1/workspace/objects", { body: { type: type.trim(), data, tags: tagList } }));
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["workspace"] });
      onDone();
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      setParseError("Data must be valid JSON.");
      return;
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      setParseError("Data must be a JSON object.");
      return;
    }
    setParseError(null);
    save.mutate(parsed as Record<string, unknown>);
  }
  return (
    <form className="card stack" onSubmit={submit} aria-label={object ? "Edit object" : "New object"}>
      <h2>{object ? `Edit ${label(object)}` : "New object"}</h2>
      <div className="field">
        <label htmlFor="ws-type">Type</label>
        <input id="ws-type" value={type} onChange={(e) => setType(e.target.value)} required disabled={!!object} placeholder="e.g. contact" />
      </div>
      <div className="field">
        <label htmlFor="ws-data">Data (JSON)</label>
        <textarea id="ws-data" className="mono" rows={10} value={text} onChange={(e) => setText(e.target.value)} aria-invalid={parseError ? true : undefined} />
      </div>
      <div className="field">
        <label htmlFor="ws-tags">Tags</label>
        <input id="ws-tags" value={tags} onChange={(e) => setTags(e.target.value)} placeholder="comma, separated" />
      </div>
      {parseError && <div className="alert error" role="alert">{parseError}</div>}
      <FormError error={save.error} />
      <div className="row">
        <button className="btn primary" type="submit" disabled={save.isPending || !type.trim()}>{save.isPending ? "Saving…" : "Save"}</button>
        <button className="btn ghost" type="button" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}

export default function WorkspacePage() {
  const [type, setType] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const [tag, setTag] = useState("");
  const [editing, setEditing] = useState<WorkspaceObject | "new" | null>(null);
  const q = useDebounced(search.trim(), 250);
  const tagFilter = useDebounced(tag.trim(), 250);
  const allTypes = useQuery({
    queryKey: ["workspace", "types"],
    queryFn: () => unwrap(tentacle.POST("/api/v1/workspace/query", { body: { limit: 200, order_by: "-updated_at" } })),
  });
  const objects = useQuery({
    queryKey: ["workspace", "list", type, q, tagFilter],
    queryFn: async () => {
      const tags = tagFilter ? [tagFilter] : [];
      if (q) {
        const page = await unwrap(tentacle.POST("/api/v1/workspace/search", { body: { q, type, tags, limit: 50 } }));
        return page.items as WorkspaceObject[];
      }
      const page = await unwrap(tentacle.POST("/api/v1/workspace/query", { body: { type, tags, limit: 100, order_by: "-updated_at" } }));
      return page.items;
    },
  });
  const types = useMemo(() => Array.from(new Set((allTypes.data?.items ?? []).map((o) => o.type))).sort(), [allTypes.data]);

  return (
    <div className="page">
      <PageTitle title="Workspace">
        <p>The structured data your agents read and write.</p>
      </PageTitle>
      {editing ? (
        <Editor object={editing === "new" ? null : editing} onDone={() => setEditing(null)} />
      ) : (
        <>
          <div className="row" style={{ marginBottom: ".75rem" }}>
            <div className="grow">
              <label htmlFor="ws-search" className="sr-only">Search the workspace</label>
              <input id="ws-search" type="search" placeholder="Search everything…" value={search} onChange={(e) => setSearch(e.target.value)} />
            </div>
            <div style={{ width: "10rem" }}>
              <label htmlFor="ws-tag" className="sr-only">Filter by tag</label>
              <input id="ws-tag" type="search" placeholder="Tag" value={tag} onChange={(e) => setTag(e.target.value)} />
            </div>
            <button type="button" className="btn primary" onClick={() => setEditing("new")}>New object</button>
          </div>
          <div className="filters" role="group" aria-label="Object types">
            <button type="button" className="chip" aria-pressed={type === null} onClick={() => setType(null)}>All types</button>
            {types.map((t) => (
              <button key={t} type="button" className="chip" aria-pressed={type === t} onClick={() => setType(t)}>{t}</button>
            ))}
          </div>
          {objects.isPending ? <Loading /> : objects.isError ? <ErrorState error={objects.error} onRetry={() => void objects.refetch()} /> : objects.data.length === 0 ? (
            <Empty title={q ? "No matches" : "The workspace is empty"}>{q ? "Try other words." : "Agents add contacts, notes and records here as they work, or add one yourself."}</Empty>
          ) : (
            <ul className="list" aria-label="Objects">
              {objects.data.map((o) => (
                <li key={o.id}>
                  <button type="button" className="list-item btn ghost" style={{ width: "100%", justifyContent: "flex-start", borderRadius: 0, textAlign: "left" }} onClick={() => setEditing(o)}>
                    <span className="badge accent">{o.type}</span>
                    <span className="grow truncate">{label(o)}</span>
                    {o.tags.length > 0 && <span className="small muted hide-mobile">{o.tags.join(", ")}</span>}
                    <span className="small muted"><Time iso={o.updated_at} /></span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
