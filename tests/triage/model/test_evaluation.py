from triage.model.evaluation import metrics, per_source


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


def test_calibration_is_zero_when_confidence_matches_accuracy():
    from triage.model.evaluation import calibration

    truth = ["support"] * 4
    result = calibration(truth, ["support", "support", "support", "other"], [0.75] * 4)
    assert result["ece"] == 0.0 and result["bins"][0]["accuracy"] == 0.75


def test_review_threshold_is_where_kept_predictions_reach_the_target():
    from triage.model.evaluation import review_threshold

    truth = ["a", "a", "a", "a"]
    predicted = ["a", "b", "a", "a"]
    assert review_threshold(truth, predicted, [0.95, 0.4, 0.9, 0.8], target_accuracy=0.9) == 0.45


def test_pair_tasks_count_any_third_label_as_a_miss():
    from triage.model.evaluation import tasks

    # A complaint filed as `other` is lost, however it compares with support.
    truth = ["complaint", "complaint", "support", "support"]
    result = tasks(truth, ["complaint", "other", "support", "support"])
    assert result["complaint_vs_support"]["macro_f1"] == round((2 / 3 + 1.0) / 2, 4)
    assert "info_request_vs_complaint" not in result  # no information request in the truth


def test_a_source_is_judged_only_on_the_labels_it_annotates():
    from triage.model.evaluation import masked, per_source
    from triage.training.dataset import ALL_ANNOTATED

    # A sentiment corpus says nothing of questions: its neutral row called a question is not
    # a mistake it can see; its praise called a complaint is.
    annotates = ["support complaint", "support complaint", ALL_ANNOTATED]
    predicted = masked(["info_request", "complaint", "info_request"], annotates)
    assert predicted == ["other", "complaint", "info_request"]
    result = per_source(["other", "support", "other"], predicted, ["smsa", "smsa", "seed"], annotates)
    assert result["smsa"]["accuracy"] == 0.5 and result["seed"]["accuracy"] == 0.0