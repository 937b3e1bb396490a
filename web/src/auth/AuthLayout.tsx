import type { ReactNode } from "react";

export function BrandMark() {
  return (
    <span className="brand">
      <span className="brand-mark" aria-hidden="true">
        <svg width="16" height="16" viewBox="0 0 32 32">
          <path d="M6 22c4-10 14-10 20-13M6 15c4-5 10-5 15-6" stroke="currentColor" strokeWidth="3.2" fill="none" strokeLinecap="round" />
        </svg>
      </span>
      fluxos
    </span>
  );
}

export function AuthLayout({ title, subtitle, children, foot }: { title: string; subtitle?: ReactNode; children: ReactNode; foot?: ReactNode }) {
  return (
    <main className="auth">
      <div className="auth-card">
        <div style={{ marginBottom: "1.5rem" }}>
          <BrandMark />
        </div>
        <h1>{title}</h1>
        {subtitle && <p className="muted">{subtitle}</p>}
        <div className="stack" style={{ marginTop: "1.25rem" }}>
          {children}
        </div>
        {foot && <div className="auth-foot">{foot}</div>}
      </div>
    </main>
  );
}
