import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { inkpass, unwrap } from "../../api/client";
import { useAuth } from "../../auth/AuthProvider";
import { Field, FormError } from "../../components/ui";

export function ProfileSection() {
  const { user, reloadUser } = useAuth();
  const [name, setName] = useState(user?.display_name ?? "");
  const save = useMutation({
    mutationFn: () => unwrap(inkpass.PATCH("/api/v1/users/me", { body: { display_name: name } })),
    onSuccess: () => reloadUser(),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <>
    <VerifyEmailCard />
    <section className="card" aria-labelledby="profile-h">
      <h2 id="profile-h">Profile</h2>
      <form className="stack" onSubmit={submit}>
        <Field label="Display name" value={name} required onChange={(e) => setName(e.target.value)} />
        <div className="field">
          <span className="label">Email</span>
          <span>
            {user?.email}{" "}
            {user?.email_verified ? <span className="badge ok">verified</span> : <span className="badge warn">not verified</span>}
          </span>
        </div>
        <FormError error={save.error} />
        {save.isSuccess && <div className="alert ok" role="status">Saved.</div>}
        <div><button className="btn primary" type="submit" disabled={save.isPending || !name.trim()}>Save</button></div>
      </form>
    </section>
    </>
  );
}

export function VerifyEmailCard() {
  const { user, reloadUser } = useAuth();
  const [code, setCode] = useState("");
  const [sent, setSent] = useState(false);
  const verify = useMutation({
    mutationFn: () => unwrap(inkpass.POST("/api/v1/auth/verify-email", { body: { code: code.trim(), email: user?.email ?? null } })),
    onSuccess: () => reloadUser(),
  });
  const resend = useMutation({
    mutationFn: () => unwrap(inkpass.POST("/api/v1/auth/verify-email/request", { body: {} })),
    onSuccess: () => setSent(true),
  });
  if (!user || user.email_verified) return null;
  function submit(event: FormEvent) {
    event.preventDefault();
    verify.mutate();
  }
  return (
    <section className="card" aria-labelledby="verify-h">
      <h2 id="verify-h">Confirm your email</h2>
      <p className="muted small">We sent a 6-digit code to {user.email}. Enter it to confirm the address is yours.</p>
      <form className="row" onSubmit={submit} style={{ alignItems: "flex-end" }} aria-label="Confirm your email">
        <div className="grow"><Field label="Verification code" name="verification-code" autoComplete="one-time-code" inputMode="numeric" required value={code} onChange={(e) => setCode(e.target.value)} /></div>
        <button className="btn primary" type="submit" disabled={verify.isPending || !code.trim()}>Confirm</button>
        <button className="btn ghost" type="button" onClick={() => resend.mutate()} disabled={resend.isPending}>Send a new code</button>
      </form>
      <FormError error={verify.error ?? resend.error} />
      {sent && <div className="alert ok" role="status" style={{ marginTop: ".5rem" }}>A new code is on its way.</div>}
    </section>
  );
}

export function PasswordSection() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const change = useMutation({
    mutationFn: () =>
      unwrap(inkpass.POST("/api/v1/auth/password/change", { body: { current_password: current, new_password: next } })),
    onSuccess: () => {
      setCurrent("");
      setNext("");
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    change.mutate();
  }
  return (
    <section className="card" aria-labelledby="password-h">
      <h2 id="password-h">Password</h2>
      <form className="stack" onSubmit={submit}>
        <Field label="Current password" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        <Field label="New password" type="password" autoComplete="new-password" required minLength={8} value={next} onChange={(e) => setNext(e.target.value)} />
        <FormError error={change.error} />
        {change.isSuccess && <div className="alert ok" role="status">Password changed.</div>}
        <div><button className="btn primary" type="submit" disabled={change.isPending}>Change password</button></div>
      </form>
    </section>
  );
}
