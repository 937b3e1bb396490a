import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { tentacle, unwrap } from "../../api/client";
import { CheckpointCard } from "../../components/CheckpointCard";
import { Empty, ErrorState, Loading, PageTitle } from "../../components/ui";

const FILTERS = [
  { value: "pending", label: "Waiting on you" },
  { value: "any", label: "All" },
] as const;

export default function DecisionsPage() {
  const [status, setStatus] = useState<"pending" | "any">("pending");
  const query = useQuery({
    queryKey: ["checkpoints", status],
    queryFn: () => unwrap(tentacle.GET("/api/v1/checkpoints", { params: { query: { status } } })),
    refetchInterval: 5000,
  });
  return (
    <div className="page">
      <PageTitle title="Decisions">
        <p>Everything waiting on you before an agent goes ahead.</p>
      </PageTitle>
      <div className="filters" role="group" aria-label="Filter decisions">
        {FILTERS.map((f) => (
          <button key={f.value} type="button" className="chip" aria-pressed={status === f.value} onClick={() => setStatus(f.value)}>
            {f.label}
          </button>
        ))}
      </div>
      {query.isPending ? (
        <Loading />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : query.data.items.length === 0 ? (
        <Empty title={status === "pending" ? "Nothing needs your decision" : "No decisions yet"}>
          When an agent wants to do something risky — send, pay, delete — it asks here first.
        </Empty>
      ) : (
        <div>
          {query.data.items.map((checkpoint) => (
            <CheckpointCard key={checkpoint.id} checkpoint={checkpoint} />
          ))}
        </div>
      )}
    </div>
  );
}
