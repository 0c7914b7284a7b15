"""The models: text normalisation and features, the text classifier and its detectors, the
fake-account model, the decision joining them, thresholds and evaluation.

What every model offers (`interface.Model`: predict_proba, explain, card) and the kinds the
desk loads (`kinds`); artifacts with their model cards (`artifact`); the registry, the one place
that knows which version of each kind is in use and the one way to load them, with the last-good
fallback (`registry.load_models`); promotion with its audit event (`promotion`)."""
