"""The demo desk's invented past (demo/history.toml): a few weeks of comments and of what the
desk did with them - duty admins' decisions and replies, the model's own decisions, a
supervisor's reviews, a swarm answered in crisis mode, formal information requests on the legal
clock, duty shifts.

It is played back in time order through the store's own functions (import, claim and decide,
review, swarm approval, formal requests, shifts), each at the moment it happened (`clock_at`),
so the store holds what the desk itself would have recorded. Moments come from a fixed seed,
relative to the day it is loaded. Loading it again adds nothing: each step skips what is there.
"""

from triage.demo.plan import HISTORY_FILE, plan_comments, plan_shifts
from triage.demo.playback import load_history

__all__ = ["HISTORY_FILE", "load_history", "plan_comments", "plan_shifts"]
