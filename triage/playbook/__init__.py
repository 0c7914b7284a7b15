"""The playbook: which action a comment calls for and why (rules.py, with the phrases of
signals.py), reply drafts and their checker, the knowledge base for information requests, crisis
mode's swarm rule and the working-day clock. Their data is under responses/, read and checked
by data_files.py, one way for every file."""
