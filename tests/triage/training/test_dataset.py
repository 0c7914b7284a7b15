from pathlib import Path

import pandas as pd
import pytest

from triage.labels import LABELS
from triage.model.normalise import dedup_key
from triage.training.corpora import clean
from triage.training.dataset import (
    ALL_ANNOTATED,
    SPLITS,
    apply_mapping,
    cap,
    deduplicate,
    read_mapping,
    read_sources,
    split_of,
)

ROOT = Path(__file__).resolve().parents[3]


def frame(rows):
    return pd.DataFrame(rows, columns=["text", "source", "source_label", "group"])


def test_corpus_artefacts_are_undone():
    assert clean(r"RT USER: lucu banget \xf0\x9f\x98\x82\n URL'") == "lucu banget 😂\n http://url"
    assert clean("[USERNAME] halo [URL]") == "@user halo http://url"


def test_mapping_table_uses_only_label_ids_and_excludes_blank_rows():
    mapping = read_mapping(ROOT / "data/label_mapping.csv")
    rows = frame([
        ["a", "smsa", "positive", "a"],
        ["b", "emot", "any", "b"],
        ["c", "seed", "info_request", "c"],
    ])
    mapped = apply_mapping(rows, mapping)
    assert mapped["label"].tolist() == ["support", "info_request"]


def test_duplicates_keep_the_first_and_conflicts_are_dropped():
    rows = frame([
        ["Mantap min!", "seed", "", "1"],
        ["mantap MIN", "smsa", "", "2"],
        ["biasa aja", "smsa", "", "3"],
        ["biasa aja!!", "ibrohim2019", "", "4"],
    ]).assign(label=["support", "support", "other", "attack"],
              annotates=[ALL_ANNOTATED, "support complaint attack", "support complaint attack", "attack"])
    kept, conflicting, duplicates = deduplicate(rows)
    assert kept["source"].tolist() == ["seed"]
    assert (conflicting, duplicates) == (2, 1)


def test_texts_that_disagree_only_on_labels_one_source_is_silent_on_are_kept_once():
    # A sentiment corpus's praise and a hate corpus's "not an attack" do not contradict.
    # A written example comes first and wins even where a corpus disagrees.
    rows = frame([["mantap sekali", "smsa", "", "1"], ["mantap sekali!!", "ibrohim2019", "", "2"],
                  ["ok siap", "seed", "", "3"], ["ok siap", "ibrohim2019", "", "4"]]).assign(
        label=["support", "other", "attack", "other"],
        annotates=["support complaint", "attack", ALL_ANNOTATED, "attack"])
    kept, conflicting, duplicates = deduplicate(rows)
    assert kept["source"].tolist() == ["smsa", "seed"] and (conflicting, duplicates) == (0, 2)


def test_written_and_labelled_here_rows_win_over_corpus_labels():
    mapping = read_mapping(ROOT / "data/label_mapping.csv")
    rows = frame([["a", "percuma_here", "complaint", "a"], ["b", "seed", "attack", "b"],
                  ["c", "xsid", "SearchCreativeWork", "c"], ["d", "tegal", "question", "d"]])
    assert apply_mapping(rows, mapping)["label"].tolist() == ["complaint", "attack", "info_request"]


def test_every_source_says_what_it_annotates_and_whether_it_may_be_shipped():
    sources = read_sources(ROOT / "data/sources.csv")
    assert sources.loc["smsa", "annotates"].split() == ["support", "complaint", "attack", "fake_account"]
    assert sources.loc["seed", "annotates"] == ALL_ANNOTATED
    assert sources.loc["tegal", "redistributable"] == "no"
    assert sources.loc["judol", "redistributable"] == "yes"


def test_shipped_splits_hold_no_text_of_a_source_without_a_licence_to_redistribute(splits):
    sources = read_sources(ROOT / "data/sources.csv")
    restricted = set(sources.index[sources["redistributable"] == "no"])
    for rows in splits.values():
        assert not set(rows["source"]) & restricted


def test_split_is_stable_and_keeps_a_group_together():
    assert split_of("judol", "video:abc") == split_of("judol", "video:abc")
    buckets = {split_of("judol", f"video:{i}") for i in range(200)}
    assert buckets == set(SPLITS)


def test_cap_limits_rows_per_source_and_label():
    mapping = pd.DataFrame({"source": ["judol"], "label": ["other"], "max_rows": ["2"]})
    rows = frame([[f"t{i}", "judol", "normal", "g"] for i in range(5)]).assign(
        label="other", key=[f"t{i}" for i in range(5)])
    kept, dropped = cap(rows, mapping)
    assert (len(kept), dropped) == (2, 3)


@pytest.fixture(scope="module")
def splits():
    return {name: pd.read_csv(ROOT / f"data/splits/{name}.csv", keep_default_na=False) for name in SPLITS}


def test_shipped_splits_have_all_labels_and_no_shared_text(splits):
    keys = {name: set(rows["text"].map(dedup_key)) for name, rows in splits.items()}
    assert not keys["train"] & keys["test"] and not keys["valid"] & keys["test"]
    assert set(splits["train"]["label"]) == set(LABELS)


def test_written_examples_are_a_small_share_of_training_data(splits):
    share = (splits["train"]["source"] == "seed").mean()
    assert 0 < share < 0.10

