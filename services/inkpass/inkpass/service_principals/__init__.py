"""Service credentials: how fluxos services authenticate to each other and act for users."""
