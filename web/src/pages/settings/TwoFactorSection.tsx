import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { inkpass, unwrap } from "../../api/client";
import type { TotpSetup } from "../../api/types";
import { useAuth } from "../../auth/AuthProvider";
import { ErrorState, Field, FormError, Loading, copyText } from "../../components/ui";

export function TwoFactorSection() {
  const queryClient = useQueryClient();
  const { reloadUser } = useAuth();
  const status = useQuery({ queryKey: ["2fa"], queryFn: () => unwrap(inkpass.GET("/api/v1/auth/2fa")) });
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [backupCodes, setBackupCodes] = useState<string[] | null>(null);

  const start = useMutation({
    mutationFn: () => unwrap(inkpass.POST("/api/v1/auth/2fa/totp/setup")),
    onSuccess: (data) => setSetup(data),
  });
  const enable = useMutation({
    mutationFn: () => unwrap(inkpass.POST("/api/v1/auth/2fa/totp/enable", { body: { code: code.trim(), password } })),
    onSuccess: (data) => {
      setBackupCodes(data.backup_codes);
      setSetup(null);
      setCode("");
      setPassword("");
      void queryClient.invalidateQueries({ queryKey: ["2fa"] });
      void reloadUser();
    },
  });
  const disable = useMutation({
    mutationFn: () => unwrap(inkpass.POST("/api/v1/auth/2fa/totp/disable", { body: { code: code.trim(), password } })),
    onSuccess: () => {
      setCode("");
      setPassword("");
      setBackupCodes(null);
      void queryClient.invalidateQueries({ queryKey: ["2fa"] });
      void reloadUser();
    },
  });

  function submitEnable(event: FormEvent) {
    event.preventDefault();
    enable.mutate();
  }
  function submitDisable(event: FormEvent) {
    event.preventDefault();
    disable.mutate();
  }

  return (
    <section className="card" aria-labelledby="twofa-h">
      <h2 id="twofa-h">Two-step verification</h2>
      {status.isPending ? (
        <Loading />
      ) : status.isError ? (
        <ErrorState error={status.error} onRetry={() => void status.refetch()} />
      ) : backupCodes ? (
        <div className="stack">
          <div className="alert ok" role="status">Two-step verification is on.</div>
          <p>Save these backup codes somewhere safe. Each works once if you lose your phone; they won't be shown again.</p>
          <pre aria-label="Backup codes">{backupCodes.join("\n")}</pre>
          <div className="row">
            <button type="button" className="btn small" onClick={() => void copyText(backupCodes.join("\n"))}>Copy codes</button>
            <button type="button" className="btn small primary" onClick={() => setBackupCodes(null)}>I've saved them</button>
          </div>
        </div>
      ) : status.data.enabled ? (
        <form className="stack" onSubmit={submitDisable} aria-label="Turn off two-step verification">
          <p><span className="badge ok">On</span> {status.data.backup_codes_remaining} backup codes left.</p>
          <p className="muted small">To turn it off, confirm with your password and a current code.</p>
          <Field label="Password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          <Field label="Authentication code" inputMode="numeric" autoComplete="one-time-code" required value={code} onChange={(e) => setCode(e.target.value)} />
          <FormError error={disable.error} />
          <div><button className="btn danger" type="submit" disabled={disable.isPending}>Turn off</button></div>
        </form>
      ) : setup ? (
        <form className="stack" onSubmit={submitEnable} aria-label="Enable two-step verification">
          <p>Scan this code with an authenticator app, then enter the 6-digit code it shows.</p>
          <img className="qr" src={setup.qr_code} alt="QR code for your authenticator app" />
          <details>
            <summary className="small">Can't scan? Enter this key instead</summary>
            <code data-testid="totp-secret">{setup.secret}</code>
          </details>
          <Field label="Authentication code" name="totp-code" inputMode="numeric" autoComplete="one-time-code" required value={code} onChange={(e) => setCode(e.target.value)} />
          <Field label="Password" name="totp-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          <FormError error={enable.error} />
          <div className="row">
            <button className="btn primary" type="submit" disabled={enable.isPending}>Turn on</button>
            <button className="btn ghost" type="button" onClick={() => setSetup(null)}>Cancel</button>
          </div>
        </form>
      ) : (
        <div className="stack">
          <p className="muted">Protect your account with a code from your phone each time you sign in.</p>
          <FormError error={start.error} />
          <div><button className="btn primary" type="button" onClick={() => start.mutate()} disabled={start.isPending}>Set up two-step verification</button></div>
        </div>
      )}
    </section>
  );
}
