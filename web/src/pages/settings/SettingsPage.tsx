import { NavLink, Navigate, Route, Routes } from "react-router";
import { PageTitle } from "../../components/ui";
import { ApiKeysSection } from "./ApiKeysSection";
import { IntegrationsSection, TriggersSection } from "./IntegrationsSection";
import { BudgetsSection } from "./BudgetsSection";
import { PreferencesSection } from "./PreferencesSection";
import { ProfileSection, PasswordSection } from "./ProfileSection";
import { SessionsSection } from "./SessionsSection";
import { TwoFactorSection } from "./TwoFactorSection";

const SECTIONS = [
  { path: "profile", label: "Profile" },
  { path: "security", label: "Password & 2FA" },
  { path: "sessions", label: "Sessions" },
  { path: "api-keys", label: "API keys" },
  { path: "preferences", label: "Learned preferences" },
  { path: "budgets", label: "Budgets & usage" },
  { path: "integrations", label: "Integrations & triggers" },
];

export default function SettingsPage() {
  return (
    <div className="page">
      <PageTitle title="Settings" />
      <div className="settings-grid">
        <nav className="settings-nav" aria-label="Settings sections">
          {SECTIONS.map((s) => (
            <NavLink key={s.path} to={`/settings/${s.path}`} className={({ isActive }) => `nav-link ${isActive ? "active" : ""}`}>
              {s.label}
            </NavLink>
          ))}
        </nav>
        <div className="stack">
          <Routes>
            <Route index element={<Navigate to="profile" replace />} />
            <Route path="profile" element={<ProfileSection />} />
            <Route path="security" element={<><PasswordSection /><TwoFactorSection /></>} />
            <Route path="sessions" element={<SessionsSection />} />
            <Route path="api-keys" element={<ApiKeysSection />} />
            <Route path="preferences" element={<PreferencesSection />} />
            <Route path="budgets" element={<BudgetsSection />} />
            <Route path="integrations" element={<><IntegrationsSection /><TriggersSection /></>} />
          </Routes>
        </div>
      </div>
    </div>
  );
}
