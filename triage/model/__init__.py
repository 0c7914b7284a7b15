"""The models: text normalisation and features, the text classifier and its detectors, the
fake-account model, the decision joining them, artifacts with their model cards and the registry
that says which version the desk uses, thresholds and evaluation."""
