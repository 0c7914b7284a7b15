"""The live desk: comments arrive by themselves (Meta webhooks, polling the platforms' APIs) and
decisions reach the platforms (replies, hides, likes), with every call kept for the audit."""
