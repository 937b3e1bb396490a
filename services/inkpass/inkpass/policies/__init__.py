"""Organization ABAC policies, role templates, and the decision endpoint."""
