"""Precision and recall of the integrity findings on real report text.

Pushes every excerpt of the hand-labelled corpus (``tests/reports/integrity_corpus``: real
public report pages and press releases of other publishers, each labelled with the findings
a careful analyst makes) through the three import paths (press release, JSONL, admin) and
prints, per path, precision and recall per finding kind and overall, and every stored
whole-market value that the labels do not give (the goal: none).

    .venv/bin/python bench/integrity.py            # the table
    .venv/bin/python bench/integrity.py --verbose  # plus each miss and false alarm

Goal (issue 19): precision >= 0.9 and recall >= 0.9 overall on every path; no wrong
number stored. ``holdout.jsonl``, when present, is printed apart: excerpts collected and
labelled after the rules were written, never used to tune them, so its figures say how the
checks fare on text nobody here has seen.
"""

import argparse
import sys

from _demo import ROOT, setup


def _figure(value) -> str:
    return "  -  " if value is None else f"{value:.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list misses and false alarms")
    args = parser.parse_args()
    setup()
    sys.path.insert(0, str(ROOT))
    from tests.support.integrity_corpus import CORPUS, CORPUS_FILES, HOLDOUT_FILES

    results = {"corpus": CORPUS_FILES}
    for name in HOLDOUT_FILES:
        if (CORPUS / name).exists():
            results[f"held out, {name.removesuffix('.jsonl')}"] = (name,)
    for name, files in results.items():
        _report(name, files, verbose=args.verbose)
    return 0


def _report(name: str, files, *, verbose: bool) -> None:
    from tests.support.integrity_corpus import LABELLED_KINDS, excerpts, run_corpus

    corpus = excerpts(files)
    publishers = {e["publisher"] for e in corpus}
    clean = sum(1 for e in corpus if not e["findings"])
    languages = sorted({e["language"] for e in corpus})
    print(
        f"\n== {name} ({', '.join(files)}): {len(corpus)} excerpts, {len(publishers)} "
        f"publishers, {clean} clean, languages {', '.join(languages)}"
    )
    failed = False
    for path, (score, wrong) in run_corpus(names=files).items():
        print(f"\n{path}")
        print(f"  {'kind':22} {'labels':>6} {'found':>6} {'precision':>9} {'recall':>7}")
        for kind in LABELLED_KINDS:
            labels = score.true_positive[kind] + score.false_negative[kind]
            found = score.true_positive[kind] + score.false_positive[kind]
            if not labels and not found:
                continue
            print(
                f"  {kind:22} {labels:6} {found:6} {_figure(score.precision(kind)):>9} "
                f"{_figure(score.recall(kind)):>7}"
            )
        precision, recall = score.precision(), score.recall()
        tp, fp, fn = (
            sum(c.values())
            for c in (score.true_positive, score.false_positive, score.false_negative)
        )
        print(
            f"  {'overall':22} {tp + fn:6} {tp + fp:6} {_figure(precision):>9} {_figure(recall):>7}"
        )
        for language, (tp, fp, fn) in sorted(score.by_language.items()):
            print(
                f"  {'language ' + language:22} {tp + fn:6} {tp + fp:6} "
                f"{_figure(tp / (tp + fp) if tp + fp else None):>9} "
                f"{_figure(tp / (tp + fn) if tp + fn else None):>7}"
            )
        print(f"  wrong values stored: {len(wrong)}")
        for line in wrong:
            print(f"    {line}")
        if verbose:
            for line in score.misses:
                print(f"    missed: {line}")
            for line in score.false_alarms:
                print(f"    false alarm: {line}")
        failed |= bool(wrong) or (precision or 0) < 0.9 or (recall or 0) < 0.9
    print(
        f"\n{name}: goal (precision and recall >= 0.9 on every path, nothing wrong stored):",
        "missed" if failed else "met",
    )


if __name__ == "__main__":
    sys.exit(main())
