"""The hand-labelled corpus of real report text (tests/reports/integrity_corpus): well
formed, and no excerpt makes the press-release import store a number its labels do not
give. Precision and recall per finding kind are printed by bench/integrity.py."""

import json
from collections import Counter

import pytest

from tests.support.integrity_corpus import (
    CORPUS,
    FIRST_CODE,
    LABELLED_KINDS,
    excerpts,
    run_press_release,
    wrong_stored,
)


def test_the_corpus_is_real_varied_and_labelled_with_quotes_from_its_text():
    corpus = excerpts()
    assert len(corpus) >= 40
    assert len({e["publisher"] for e in corpus}) >= 15
    assert sum(1 for e in corpus if not e["findings"]) * 4 >= len(corpus)
    assert {"zh", "ja", "ko"} <= {e["language"] for e in corpus}
    assert len({e["id"] for e in corpus}) == len(corpus)
    for excerpt in corpus:
        assert excerpt["source"].startswith("http"), excerpt["id"]
        for label in excerpt["findings"]:
            assert label["kind"] in LABELLED_KINDS, excerpt["id"]
            assert label["quote"] in f"{excerpt['headline']}\n{excerpt['text']}", excerpt["id"]
        for size in excerpt["sizes"]:
            assert size["value"].isdigit() and len(size["currency"]) == 3, excerpt["id"]


def test_the_readme_lists_every_kind_the_corpus_labels():
    readme = (CORPUS / "README.md").read_text()
    assert all(f"`{kind}`" in readme for kind in LABELLED_KINDS)
    assert Counter(json.loads(line)["language"] for line in (CORPUS / "cjk.jsonl").open())


@pytest.mark.django_db
def test_no_excerpt_makes_the_press_release_import_store_a_wrong_number():
    wrong = []
    for offset, excerpt in enumerate(excerpts()):
        outcome = run_press_release(excerpt, FIRST_CODE + offset)
        wrong += wrong_stored(excerpt, outcome.stored)
    assert wrong == []
