import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { inkpass, unwrap } from "../api/client";
import type { TokenPair } from "../api/session";
import { Field, FormError } from "../components/ui";
import { AuthLayout } from "./AuthLayout";
import { useAuth } from "./AuthProvider";

type Step = { kind: "credentials" } | { kind: "totp"; mfaToken: string };

function isMfa(body: unknown): body is { mfa_required: true; mfa_token: string } {
  return !!body && typeof body === "object" && "mfa_token" in body;
}

export function LoginPage() {
  const { signIn } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? "/";
  const notice = (location.state as { notice?: string } | null)?.notice;
  const [step, setStep] = useState<Step>({ kind: "credentials" });
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (step.kind === "totp") codeRef.current?.focus();
  }, [step.kind]);

  async function finish(tokens: TokenPair) {
    await signIn(tokens);
    navigate(from, { replace: true });
  }

  async function submitCredentials(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = await unwrap(inkpass.POST("/api/v1/auth/login", { body: { email, password } }));
      if (isMfa(body)) {
        setStep({ kind: "totp", mfaToken: body.mfa_token });
        setCode("");
      } else {
        await finish(body as TokenPair);
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function submitCode(event: FormEvent) {
    event.preventDefault();
    if (step.kind !== "totp") return;
    setBusy(true);
    setError(null);
    try {
      const tokens = await unwrap(
        inkpass.POST("/api/v1/auth/login/2fa", { body: { mfa_token: step.mfaToken, code: code.trim() } }),
      );
      await finish(tokens as TokenPair);
    } catch (err) {
      setError(err);
      codeRef.current?.select();
    } finally {
      setBusy(false);
    }
  }

  if (step.kind === "totp") {
    return (
      <AuthLayout
        title="Two-step verification"
        subtitle="Enter the 6-digit code from your authenticator app, or one of your backup codes."
        foot={
          <button type="button" className="btn ghost small" onClick={() => { setStep({ kind: "credentials" }); setError(null); }}>
            Use a different account
          </button>
        }
      >
        <form className="stack" onSubmit={submitCode} aria-label="Two-step verification">
          <FormError error={error} />
          <Field
            ref={codeRef}
            label="Authentication code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <button className="btn primary block" type="submit" disabled={busy || code.trim().length < 6}>
            {busy ? "Verifying…" : "Verify"}
          </button>
        </form>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title="Sign in"
      subtitle="Welcome back. Flux has been keeping an eye on things."
      foot={
        <>
          New here? <Link to="/signup">Create an account</Link>
        </>
      }
    >
      <form className="stack" onSubmit={submitCredentials} aria-label="Sign in">
        {notice && <div className="alert ok" role="status">{notice}</div>}
        <FormError error={error} />
        <Field label="Email" name="email" type="email" autoComplete="email" required autoFocus value={email} onChange={(e) => setEmail(e.target.value)} />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <div className="row spread">
          <Link to="/reset-password" className="small">Forgot your password?</Link>
        </div>
        <button className="btn primary block" type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </AuthLayout>
  );
}
