"""The playbook: which action a comment calls for and why, reply drafts and their checker, the
knowledge base for information requests, crisis mode's swarm rule and the working-day clock."""
