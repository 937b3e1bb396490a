import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { tentacle, unwrap } from "../../api/client";
import type { Memory } from "../../api/types";
import { Empty, ErrorState, Loading, PageTitle, Time } from "../../components/ui";
import { Markdown } from "../../lib/markdown";

function useDebounced<T>(value: T, ms: number): T {
  const [current, setCurrent] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setCurrent(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return current;
}

function MemoryDetail({ memory, onClose }: { memory: Memory; onClose: () => void }) {
  const versions = useQuery({
    queryKey: ["memories", memory.id, "versions"],
    queryFn: () => unwrap(tentacle.GET("/api/v1/memories/{memory_id}/versions", { params: { path: { memory_id: memory.id } } })),
  });
  const [shown, setShown] = useState<number>(memory.version);
  const version = versions.data?.items.find((v) => v.version === shown);
  return (
    <section className="card stack" aria-label={`Memory ${memory.title}`}>
      <div className="row spread">
        <h2 style={{ margin: 0 }}>{memory.title}</h2>
        <button type="button" className="btn small ghost" onClick={onClose}>Close</button>
      </div>
      <div className="small muted">
        <span className="mono">{memory.key}</span> · {memory.scope}{memory.topic ? ` · ${memory.topic}` : ""} · updated <Time iso={memory.updated_at} />
      </div>
      {versions.isPending ? <Loading /> : versions.isError ? <ErrorState error={versions.error} /> : (
        <>
          <div className="filters" role="group" aria-label="Versions">
            {versions.data.items.map((v) => (
              <button key={v.version} type="button" className="chip" aria-pressed={shown === v.version} onClick={() => setShown(v.version)}>
                v{v.version}
              </button>
            ))}
          </div>
          {version ? (
            <div>
              <div className="small muted" style={{ marginBottom: ".5rem" }}>
                Version {version.version} by {version.edited_by_agent ?? version.edited_by_kind}, <Time iso={version.created_at} />
              </div>
              <Markdown text={version.body} />
            </div>
          ) : (
            <Markdown text={memory.body} />
          )}
        </>
      )}
    </section>
  );
}

export default function MemoryPage() {
  const [search, setSearch] = useState("");
  const [open, setOpen] = useState<Memory | null>(null);
  const q = useDebounced(search.trim(), 300);
  const memories = useQuery({
    queryKey: ["memories", q],
    queryFn: async (): Promise<Memory[]> => {
      if (q) {
        const result = await unwrap(tentacle.POST("/api/v1/memories/search", { body: { query: q, limit: 30 } }));
        return result.items as Memory[];
      }
      const page = await unwrap(tentacle.GET("/api/v1/memories", { params: { query: { limit: 100 } } }));
      return page.items as Memory[];
    },
  });
  return (
    <div className="page">
      <PageTitle title="Memory">
        <p>What fluxos remembers about your organisation: facts, preferences and how things are done.</p>
      </PageTitle>
      <label htmlFor="memory-search" className="sr-only">Search memory</label>
      <input id="memory-search" type="search" placeholder="Search memory…" value={search} onChange={(e) => setSearch(e.target.value)} style={{ marginBottom: "1rem" }} />
      {open && <MemoryDetail key={open.id} memory={open} onClose={() => setOpen(null)} />}
      {memories.isPending ? <Loading /> : memories.isError ? <ErrorState error={memories.error} onRetry={() => void memories.refetch()} /> : memories.data.length === 0 ? (
        <Empty title={q ? "Nothing remembered about that" : "Nothing remembered yet"}>Agents and Flux store what they learn here as they work.</Empty>
      ) : (
        <ul className="list" aria-label="Memories" style={{ marginTop: open ? "1rem" : 0 }}>
          {memories.data.map((m) => (
            <li key={m.id}>
              <button type="button" className="list-item btn ghost" style={{ width: "100%", justifyContent: "flex-start", borderRadius: 0, textAlign: "left" }} onClick={() => setOpen(m)}>
                <span className="grow">
                  <span style={{ display: "block", fontWeight: 550 }} className="truncate">{m.title}</span>
                  <span className="small muted truncate" style={{ display: "block" }}>{m.body.slice(0, 160)}</span>
                </span>
                <span className="badge">v{m.version}</span>
                <span className="small muted hide-mobile"><Time iso={m.updated_at} /></span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
