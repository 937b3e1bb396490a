import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { tentacle, unwrap } from "../../api/client";
import { Empty, ErrorState, FormError, Loading, Time } from "../../components/ui";

export function PreferencesSection() {
  const queryClient = useQueryClient();
  const prefs = useQuery({ queryKey: ["preferences"], queryFn: () => unwrap(tentacle.GET("/api/v1/preferences")) });
  const revoke = useMutation({
    mutationFn: (id: string) => unwrap(tentacle.DELETE("/api/v1/preferences/{preference_id}", { params: { path: { preference_id: id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["preferences"] }),
  });
  return (
    <section className="card" aria-labelledby="prefs-h">
      <h2 id="prefs-h">Learned preferences</h2>
      <p className="muted small">When you tick “remember this choice”, fluxos learns from your decisions. Strong preferences approve similar requests for you.</p>
      <FormError error={revoke.error} />
      {prefs.isPending ? <Loading /> : prefs.isError ? <ErrorState error={prefs.error} onRetry={() => void prefs.refetch()} /> : prefs.data.items.length === 0 ? <Empty title="Nothing learned yet">Decisions you ask fluxos to remember show up here.</Empty> : (
        <table className="table">
          <thead><tr><th>Pattern</th><th>Decisions</th><th>Status</th><th><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {prefs.data.items.map((p) => (
              <tr key={p.id}>
                <td><div>{p.pattern}</div><div className="small muted mono">{p.agent_type} · {p.risk_kind}</div></td>
                <td className="small">{p.approvals} approved · {p.rejections} rejected<div className="muted">last <Time iso={p.last_decision_at} /></div></td>
                <td>{p.auto_approves ? <span className="badge ok">auto-approves</span> : <span className="badge">learning ({Math.round(p.strength * 100)}%)</span>}</td>
                <td style={{ textAlign: "right" }}><button type="button" className="btn small" onClick={() => revoke.mutate(p.id)} disabled={revoke.isPending}>Forget</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
