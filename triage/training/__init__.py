"""Building the training data from the public corpora and fitting the two models
(`triage data build`, `triage train`, `triage train-accounts`)."""
