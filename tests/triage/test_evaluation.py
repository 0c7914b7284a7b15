from triage.evaluation import metrics, per_source


def test_metrics_counts_per_class_and_macro():
    truth = ["support", "support", "complaint", "complaint"]
    predicted = ["support", "complaint", "complaint", "complaint"]
    result = metrics(truth, predicted)
    assert result["accuracy"] == 0.75
    assert result["per_class"]["support"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}
    assert result["per_class"]["complaint"]["precision"] == 0.6667
    assert result["macro_f1"] == round((0.6667 + 0.8) / 2, 4)


def test_per_source_judges_each_source_on_its_own_labels():
    truth = ["fake_account", "other", "attack"]
    predicted = ["fake_account", "attack", "attack"]
    result = per_source(truth, predicted, ["judol", "judol", "ibrohim"])
    assert result["judol"]["labels"] == ["fake_account", "other"]
    assert result["judol"]["macro_f1"] == 0.5
    assert result["ibrohim"]["macro_f1"] == 1.0
