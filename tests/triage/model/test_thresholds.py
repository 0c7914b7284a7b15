"""Thresholds chosen for an error rate: the conservative rule, the rows that can judge a label,
and the figures the card reports."""

import numpy as np
import pytest

from triage.model import thresholds
from triage.model.thresholds import choose, choose_all, judges, measure, pooled, wilson_lower


def test_wilson_lower_bound_is_below_the_observed_share_and_tightens_with_rows():
    assert wilson_lower(0, 0) == 0.0
    assert wilson_lower(99, 100) < 0.99
    assert wilson_lower(990, 1000) > wilson_lower(99, 100)
    assert wilson_lower(10, 10) < 1.0  # ten right out of ten proves little


def _scores(right_above: int, wrong_above: int, wrong_below: int, cut: float = 0.9):
    """Confidences above `cut` with the given right and wrong counts, and wrong ones below it."""
    confidence = np.concatenate([np.full(right_above + wrong_above, cut + 0.05),
                                 np.full(wrong_below, cut - 0.2)])
    correct = np.array([True] * right_above + [False] * (wrong_above + wrong_below))
    return confidence, correct


def test_choose_takes_the_lowest_threshold_whose_precision_above_reaches_the_target():
    confidence, correct = _scores(right_above=500, wrong_above=0, wrong_below=200)
    chosen = choose(confidence, correct, target=0.98)
    assert chosen is not None and 0.7 < chosen <= 0.95
    assert correct[confidence >= chosen].mean() >= 0.98


def test_a_few_perfect_rows_do_not_set_a_threshold():
    confidence, correct = _scores(right_above=thresholds.MIN_SUPPORT - 1, wrong_above=0, wrong_below=10)
    assert choose(confidence, correct, target=0.98) is None


def test_a_threshold_the_left_out_corpora_show_to_miss_the_target_is_refused():
    chosen = {"support": 0.99, "other": 0.95, "fake_account": 0.997, "attack": None}
    left_out = {"support": {"resolved": 1, "right": 1, "precision": 1.0},  # too few to tell: kept
                "other": {"resolved": 500, "right": 495, "precision": 0.99},
                "fake_account": {"resolved": 207, "right": 60, "precision": 0.29}}
    refused = thresholds.refused_out_of_source(chosen, left_out, target=0.98)
    assert list(refused) == ["fake_account"] and "60 of 207" in refused["fake_account"]
    assert thresholds.wilson_upper(0, 0) == 1.0 and thresholds.wilson_upper(60, 207) < 0.98


def test_a_label_that_never_reaches_the_target_gets_no_threshold():
    confidence = np.linspace(0.5, 1.0, 1000)
    correct = np.arange(1000) % 10 != 0  # 90% right at every confidence
    assert choose(confidence, correct, target=0.98) is None


def test_a_higher_threshold_falling_short_stops_lower_ones():
    # Right at the very top, then a wrong-heavy band, then a big right band below it: the
    # pooled precision above the bottom band would pass, but the band above it does not.
    confidence = np.concatenate([np.full(300, 0.999), np.full(100, 0.95), np.full(5000, 0.8)])
    correct = np.concatenate([np.ones(300, bool), np.zeros(100, bool), np.ones(5000, bool)])
    chosen = choose(confidence, correct, target=0.98)
    assert chosen is not None and chosen > 0.95


def test_only_sources_that_annotate_a_label_judge_it():
    annotates = ["support complaint", "attack fake_account",
                 "support info_request complaint attack fake_account"]
    assert judges("support", annotates).tolist() == [True, False, True]
    assert judges("other", annotates).tolist() == [False, False, True]  # "none of the five" needs all five


def test_choose_all_and_measure_count_only_judged_rows():
    truth = ["other"] * 200 + ["support"] * 200
    predicted = ["support"] * 400
    confidence = [0.99] * 400
    # The first 200 rows come from a corpus that does not annotate support: not counted as wrong.
    annotates = ["attack"] * 200 + ["support complaint"] * 200
    chosen = choose_all(truth, predicted, confidence, annotates, target=0.98)
    assert chosen["support"] is not None and chosen["complaint"] is None
    figures = measure(truth, predicted, confidence, annotates, chosen)
    assert figures["support"]["resolved"] == 200 and figures["support"]["precision"] == 1.0
    assert figures["support"]["coverage"] == 1.0 and "complaint" not in figures


def test_pooled_adds_up_the_parts():
    part = {"support": {"threshold": 0.9, "resolved": 10, "right": 9, "true_rows": 20, "rows_judged": 50,
                        "coverage": 0.45}}
    total = pooled([part, part])
    assert total["support"]["resolved"] == 20 and total["support"]["precision"] == pytest.approx(0.9)
    assert total["support"]["coverage"] == pytest.approx(0.45)


def test_the_rule_is_written_down_for_the_card():
    assert str(thresholds.MIN_SUPPORT) in thresholds.RULE
