"""triage: the domain of the comment triage desk (no web code here)."""
