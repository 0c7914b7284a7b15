"""Words the domain (triage/) writes in English that pages and exports show to people: marked
here so `make messages` extracts them, translated where they are shown (i18n.gettext)."""

from api.i18n import N_

REPORT_TITLES = [N_("Comments per platform"), N_("Comments per label"),
                 N_("Response time per admin and label (minutes)"),
                 N_("How often the desk overrode the model"),
                 N_("Formal information requests against the legal deadline"), N_("Swarm episodes")]

# triage/store/reports.py tables(): sheet names, headers and the clock's states.
REPORT_WORDS = [
    N_("volume by platform"), N_("volume by label"), N_("response times"), N_("model overrides"),
    N_("information requests"), N_("swarms"), N_("platform"), N_("label"), N_("admin"), N_("decisions"),
    N_("median minutes"), N_("p90 minutes"), N_("model label"), N_("overridden"), N_("rate"), N_("state"),
    N_("open requests"), N_("swarm"), N_("from"), N_("to"), N_("attacks"), N_("usual"), N_("status"),
    N_("on time"), N_("due within 2 working days"), N_("overdue"),
]

# triage/store/audit.py AUDIT_HEADER.
AUDIT_WORDS = [
    N_("audit"), N_("decision"), N_("decided at (UTC)"), N_("decided by"), N_("comment"),
    N_("waited minutes"),
    N_("model action"), N_("confidence"), N_("model version"), N_("action"), N_("reply sent"), N_("note"),
    N_("corrects decision"), N_("reviews"),
]

# Review verdicts shown in the audit.
VERDICTS = [N_("right"), N_("wrong")]

# triage/store/autoresolve.py NOT_AUTO (a constant, so the extractor does not see it there).
DOMAIN_ERRORS = [N_("This comment is not (or no longer) resolved automatically: nothing was undone.")]

# Statuses shown on pages (comments, swarms, webhook deliveries, platform calls) and the model's
# name as a decider (triage/store/autoresolve.py MODEL_USERNAME).
STATUSES = [N_("pending"), N_("decided"), N_("open"), N_("closed"), N_("done"), N_("malformed"),
            N_("sent"), N_("failed"), N_("(model)"), N_("dry_run"), N_("sending"),
            N_("unsupported"), N_("processing")]

# Keys of the privacy record's details (triage/store/privacy.py).
PRIVACY_DETAILS = [N_("days"), N_("cutoff"), N_("comments"), N_("accounts"), N_("mentions"),
                   N_("training_rows")]
