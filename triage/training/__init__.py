"""Building the training data from the public corpora and fitting the models
(`triage data build`, `triage train`, `triage train-accounts`).

Where the data lives, named once for the commands, the training code and the kinds' fixed
evidence (`triage.model.kinds`)."""

from triage.settings import PROJECT_ROOT

DATA_DIR = PROJECT_ROOT / "data"
SPLITS_DIR = DATA_DIR / "splits"  # train/valid/test.csv; test.csv is the fixed evaluation split
CORPORA_DIR = PROJECT_ROOT.parent / "shared" / "corpora"  # the public corpora, outside the repository
SOURCES_FILE = DATA_DIR / "sources.csv"
