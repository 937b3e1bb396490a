import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { inkpass, unwrap } from "../api/client";
import type { TokenPair } from "../api/session";
import { Field, FormError } from "../components/ui";
import { AuthLayout } from "./AuthLayout";
import { useAuth } from "./AuthProvider";

export function SignupPage() {
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const [step, setStep] = useState<"form" | "verify">("form");
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [organization, setOrganization] = useState("");
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [resent, setResent] = useState(false);

  async function register(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = await unwrap(
        inkpass.POST("/api/v1/auth/register", {
          body: { email, password, display_name: name, organization_name: organization || null },
        }),
      );
      if (body && typeof body === "object" && "access_token" in body) {
        await signIn(body as TokenPair);
        navigate("/", { replace: true });
      } else {
        setStep("verify");
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function verify(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await unwrap(inkpass.POST("/api/v1/auth/verify-email", { body: { code: code.trim(), email } }));
      const tokens = await unwrap(inkpass.POST("/api/v1/auth/login", { body: { email, password } }));
      if ("access_token" in tokens) {
        await signIn(tokens as TokenPair);
        navigate("/", { replace: true });
      } else {
        navigate("/login", { replace: true, state: { notice: "Email verified. Sign in to continue." } });
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function resend() {
    setError(null);
    try {
      await unwrap(inkpass.POST("/api/v1/auth/verify-email/request", { body: { email } }));
      setResent(true);
    } catch (err) {
      setError(err);
    }
  }

  if (step === "verify") {
    return (
      <AuthLayout title="Check your email" subtitle={<>We sent a verification code to <strong>{email}</strong>.</>}>
        <form className="stack" onSubmit={verify} aria-label="Verify email">
          <FormError error={error} />
          {resent && <div className="alert ok" role="status">A new code is on its way.</div>}
          <Field label="Verification code" name="code" autoComplete="one-time-code" required autoFocus value={code} onChange={(e) => setCode(e.target.value)} />
          <button className="btn primary block" type="submit" disabled={busy || !code.trim()}>
            {busy ? "Verifying…" : "Verify and continue"}
          </button>
          <button className="btn ghost small" type="button" onClick={resend}>
            Send a new code
          </button>
        </form>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title="Create your account"
      subtitle="Describe goals in plain words; agents do the work and ask before anything risky."
      foot={
        <>
          Already have an account? <Link to="/login">Sign in</Link>
        </>
      }
    >
      <form className="stack" onSubmit={register} aria-label="Create account">
        <FormError error={error} />
        <Field label="Your name" name="name" autoComplete="name" required autoFocus value={name} onChange={(e) => setName(e.target.value)} />
        <Field label="Email" name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <Field label="Password" name="password" type="password" autoComplete="new-password" required minLength={8} hint="At least 8 characters." value={password} onChange={(e) => setPassword(e.target.value)} />
        <Field label="Organization (optional)" name="organization" autoComplete="organization" value={organization} onChange={(e) => setOrganization(e.target.value)} />
        <button className="btn primary block" type="submit" disabled={busy}>
          {busy ? "Creating…" : "Create account"}
        </button>
      </form>
    </AuthLayout>
  );
}
