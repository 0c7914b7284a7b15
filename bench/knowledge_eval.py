"""How well the knowledge-base matcher answers, and how fast, on the questions written here in
data/eval/knowledge_questions.csv (columns question, entry, split: entry is the id of the entry
that answers the question, empty when none does; split is tune or test by a hash of the
question, see `split_of`).

Per half and overall it prints precision (of the answers given, the share that are the right
entry), coverage (of the in-scope questions, the share answered with the right entry) and the
share of out-of-scope questions on which the matcher abstains, for the matcher in use and for
the one it replaced (character n-gram TF-IDF, cosine floor 0.2), and the time per question of
each. `--sweep` prints the grid of floor x unknown-word penalty on the tune half from which
the constants in triage/playbook/knowledge.py were chosen; `--mistakes` lists the questions missed.
`--before FILE` scores the old matcher on another knowledge file (say, the one before example
questions were added: `git show REV:responses/knowledge.toml > FILE`).
"""

import argparse
import csv
import hashlib
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from triage.model.normalise import normalise  # noqa: E402
from triage.playbook.knowledge import (  # noqa: E402
    KNOWLEDGE_FILE,
    MIN_SCORE,
    UNKNOWN_PENALTY,
    Entry,
    KnowledgeBase,
    read_entries,
)

QUESTIONS = ROOT / "data" / "eval" / "knowledge_questions.csv"
PARTS = ("tune", "test", "all")
TARGET_PRECISION = 0.95
TIMED_QUESTIONS = 20_000
ALONE_QUESTIONS = 1_000


class OldMatcher:
    """The matcher before this one, kept here to measure against: TF-IDF over character 2-5-grams
    of each entry's title and examples, the most similar entry if its cosine is 0.2 or more."""

    def __init__(self, entries: list[Entry]):
        self.entries = entries
        self._vectorizer = TfidfVectorizer(preprocessor=normalise, analyzer="char_wb", ngram_range=(2, 5),
                                           sublinear_tf=True)
        self._matrix = self._vectorizer.fit_transform([" ".join((e.title, *e.questions)) for e in entries])

    def match_all(self, questions: list[str]) -> list[Entry | None]:
        similarity = (self._vectorizer.transform(questions) @ self._matrix.T).toarray()
        best = similarity.argmax(axis=1)
        return [self.entries[b] if similarity[row, b] >= 0.2 else None for row, b in enumerate(best.tolist())]


def split_of(question: str) -> str:
    """The half a question belongs to, fixed by its text (so adding questions moves none)."""
    return "tune" if hashlib.sha256(question.encode("utf-8")).digest()[0] % 2 == 0 else "test"


def read_questions(path: Path = QUESTIONS) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def figures(rows: list[dict[str, str]], answers: list[str]) -> dict[str, float]:
    """Precision, coverage and abstention on out-of-scope questions; `answers` holds the entry id
    given for each row, "" for none."""
    given = [(row["entry"], answer) for row, answer in zip(rows, answers, strict=True) if answer]
    right = sum(expected == answer for expected, answer in given)
    in_scope = sum(1 for row in rows if row["entry"])
    out_of_scope = [answer for row, answer in zip(rows, answers, strict=True) if not row["entry"]]
    return {"precision": right / len(given) if given else 1.0,
            "coverage": right / in_scope if in_scope else 1.0,
            "abstention": out_of_scope.count("") / len(out_of_scope) if out_of_scope else 1.0,
            "answered": len(given), "right": right, "in_scope": in_scope, "out_of_scope": len(out_of_scope)}


def in_part(rows: list[dict[str, str]], answers: list[str], part: str) -> tuple[list, list]:
    chosen = [i for i, row in enumerate(rows) if part == "all" or row["split"] == part]
    return [rows[i] for i in chosen], [answers[i] for i in chosen]


def report(name: str, rows: list[dict[str, str]], answers: list[str]) -> None:
    print(name)
    for part in PARTS:
        f = figures(*in_part(rows, answers, part))
        print(f"  {part:<5} precision {f['precision']:.3f} ({f['right']}/{f['answered']} answers)  "
              f"coverage {f['coverage']:.3f} (of {f['in_scope']})  "
              f"abstains on {f['abstention']:.3f} of {f['out_of_scope']} out of scope")


def ids(matches: list[Entry | None]) -> list[str]:
    return [entry.id if entry else "" for entry in matches]


def time_per_question(matcher, questions: list[str]) -> tuple[float, float, float]:
    """Microseconds per question on a new matcher: in one batch (words new to it), the same
    batch again (words seen), then each of the first questions alone (`match_all([question])`,
    as `draft` does when it is not handed the match)."""
    times = []
    for _ in range(2):
        start = time.perf_counter()
        matcher.match_all(questions)
        times.append((time.perf_counter() - start) / len(questions) * 1e6)
    alone = questions[:ALONE_QUESTIONS]
    start = time.perf_counter()
    for question in alone:
        matcher.match_all([question])
    return times[0], times[1], (time.perf_counter() - start) / len(alone) * 1e6


def sweep(knowledge: KnowledgeBase, rows: list[dict[str, str]]) -> tuple[float, float] | None:
    """Print precision/coverage on the tune half for a grid of floor x unknown-word penalty, and
    return the pair chosen: the most coverage at precision >= TARGET_PRECISION; ties go to the
    higher precision, then the higher floor. The tune half gives about 90 answers, so one
    question moves precision by a point: neighbouring cells differ by a question or two."""
    tune = [row for row in rows if row["split"] == "tune"]
    evidence = knowledge.evidence([row["question"] for row in tune])
    floors, penalties = np.arange(0.0, 6.01, 0.5), np.arange(0.0, 4.01, 0.5)
    grid = {}
    for floor in floors:
        for penalty in penalties:
            best, sure = evidence.decide(floor, penalty)
            grid[floor, penalty] = figures(tune, [knowledge.entries[b].id if s else ""
                                                  for b, s in zip(best.tolist(), sure.tolist(), strict=True)])
    good = [key for key, f in grid.items() if f["precision"] >= TARGET_PRECISION]
    chosen = max(good, key=lambda key: (grid[key]["coverage"], grid[key]["precision"], key[0]), default=None)
    print(f"tune half, precision/coverage by floor (rows) and unknown-word penalty (columns); "
          f"* the most coverage at precision >= {TARGET_PRECISION}")
    print("floor " + "".join(f"{p:<11.1f}" for p in penalties))
    for floor in floors:
        cells = [f"{grid[floor, p]['precision']:.2f}/{grid[floor, p]['coverage']:.2f}"
                 + ("*" if (floor, p) == chosen else " ") for p in penalties]
        print(f"{floor:<6.1f}" + "".join(f"{c:<11}" for c in cells))
    return chosen


def mistakes(rows: list[dict[str, str]], answers: list[str]) -> None:
    for row, answer in zip(rows, answers, strict=True):
        if answer != row["entry"]:
            print(f"  [{row['split']}] expected {row['entry'] or '(none)'}, "
                  f"answered {answer or '(none)'}: {row['question']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--knowledge", type=Path, default=KNOWLEDGE_FILE)
    parser.add_argument("--before", type=Path, help="knowledge file for the old matcher (default: the same)")
    parser.add_argument("--sweep", action="store_true", help="print the tune-half grid of floor x penalty")
    parser.add_argument("--mistakes", action="store_true", help="list the questions answered wrongly")
    args = parser.parse_args()

    rows = read_questions(args.questions)
    moved = [row["question"] for row in rows if row["split"] != split_of(row["question"])]
    if moved:
        sys.exit(f"split column disagrees with the hash for {len(moved)} questions, e.g. {moved[0]!r}")
    entries, old_entries = read_entries(args.knowledge), read_entries(args.before or args.knowledge)
    questions = [row["question"] for row in rows]
    in_scope, tune = sum(1 for row in rows if row["entry"]), sum(row["split"] == "tune" for row in rows)
    print(f"{len(rows)} questions ({in_scope} in scope, {len(rows) - in_scope} out of scope; "
          f"{tune} tune, {len(rows) - tune} test)")
    old_answers = ids(OldMatcher(old_entries).match_all(questions))
    knowledge = KnowledgeBase(entries)
    new_answers = ids(knowledge.match_all(questions))
    report(f"old matcher (character TF-IDF, floor 0.2) on {args.before or args.knowledge}:",
           rows, old_answers)
    report(f"matcher in use (BM25 over words, floor {MIN_SCORE}, unknown-word penalty {UNKNOWN_PENALTY}):",
           rows, new_answers)
    timed = (questions * (TIMED_QUESTIONS // len(questions) + 1))[:TIMED_QUESTIONS]
    print(f"time per question: one batch of {len(timed):,} / the same batch again / "
          f"{ALONE_QUESTIONS:,} questions one at a time")
    for name, matcher in (("old", OldMatcher(old_entries)), ("in use", KnowledgeBase(entries))):
        batch, again, alone = time_per_question(matcher, timed)
        print(f"  {name:<6} matcher: {batch:6.1f} us / {again:6.1f} us / {alone:6.1f} us")
    if args.sweep:
        sweep(knowledge, rows)
    if args.mistakes:
        print("mistakes of the matcher in use:")
        mistakes(rows, new_answers)


if __name__ == "__main__":
    main()
