"""Measure the guard on labelled sentences: per-kind recall and the false-positive rate.

A case file has one case a line, `KINDS<TAB>SENTENCE`, where KINDS is `none` or a
comma-separated list of kinds; blank lines and lines starting with `#` are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.phi import scan
from bot.phi.model import KINDS, Finding, Org

MIN_RECALL = 0.95
MIN_KIND_RECALL = 0.8  # no single kind may collapse behind a good overall figure
MAX_FALSE_POSITIVE_RATE = 0.05
# The organisation the case files are written for.
CASES_ORG = Org(
    name="Riverside General Hospital",
    phone="(617) 555-0100",
    email="media@riversidegeneral.org",
    website="https://www.riversidegeneral.org",
)


class CaseFileError(ValueError):
    """A case file line cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class Case:
    line: int
    kinds: frozenset[str]  # empty: the sentence must not be flagged
    sentence: str


@dataclass
class Evaluation:
    path: Path
    cases: int = 0
    caught: dict[str, int] = field(default_factory=dict)
    labelled: dict[str, int] = field(default_factory=dict)
    negatives: int = 0
    misses: list[tuple[str, Case]] = field(default_factory=list)
    false_positives: list[tuple[Case, list[Finding]]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        total = sum(self.labelled.values())
        return sum(self.caught.values()) / total if total else 1.0

    @property
    def false_positive_rate(self) -> float:
        return len(self.false_positives) / self.negatives if self.negatives else 0.0

    def kind_recall(self, kind: str) -> float:
        total = self.labelled.get(kind, 0)
        return self.caught.get(kind, 0) / total if total else 1.0

    @property
    def passed(self) -> bool:
        return (
            self.recall >= MIN_RECALL
            and self.false_positive_rate <= MAX_FALSE_POSITIVE_RATE
            and all(self.kind_recall(kind) >= MIN_KIND_RECALL for kind in self.labelled)
        )


def load_cases(path: Path) -> list[Case]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        label, tab, sentence = line.partition("\t")
        kinds = frozenset(k.strip() for k in label.split(",") if k.strip())
        if not tab or not sentence.strip():
            raise CaseFileError(f"{path}:{number}: expected KINDS<TAB>SENTENCE")
        if kinds == {"none"}:
            kinds = frozenset()
        unknown = sorted(kinds - set(KINDS))
        if unknown:
            raise CaseFileError(f"{path}:{number}: unknown kind(s) {', '.join(unknown)}")
        cases.append(Case(number, kinds, sentence))
    return cases


def evaluate(path: Path, org: Org = CASES_ORG) -> Evaluation:
    result = Evaluation(path)
    for case in load_cases(path):
        result.cases += 1
        findings = scan(case.sentence, org)
        found = {f.kind for f in findings}
        if not case.kinds:
            result.negatives += 1
            if findings:
                result.false_positives.append((case, findings))
        for kind in sorted(case.kinds):
            result.labelled[kind] = result.labelled.get(kind, 0) + 1
            if kind in found:
                result.caught[kind] = result.caught.get(kind, 0) + 1
            else:
                result.misses.append((kind, case))
    return result


def format_evaluation(result: Evaluation, *, sentences: bool | None = None) -> str:
    """Figures, then the misses and false positives. A held-out file (frozen.tsv) shows
    counts only unless asked: its sentences must stay unseen by whoever tunes the check."""
    if sentences is None:
        sentences = result.path.stem != "frozen"
    verdict = "PASS" if result.passed else "FAIL"
    lines = [f"{result.path}: {result.cases} cases"]
    for kind in KINDS:
        if result.labelled.get(kind):
            caught, total = result.caught.get(kind, 0), result.labelled[kind]
            lines.append(f"  {kind:<15} recall {caught / total:6.1%}  ({caught}/{total})")
    lines.append(f"  every kind      needs >= {MIN_KIND_RECALL:.0%}")
    lines.append(f"  overall recall  {result.recall:6.1%}  (needs >= {MIN_RECALL:.0%})")
    lines.append(
        f"  false positives {result.false_positive_rate:6.1%}  "
        f"({len(result.false_positives)}/{result.negatives} negatives; needs <= {MAX_FALSE_POSITIVE_RATE:.0%})"
    )
    if not sentences:
        lines.append(
            f"  ({len(result.misses)} misses and {len(result.false_positives)} false positives, not shown)"
        )
    for kind, case in result.misses if sentences else []:
        lines.append(f"  MISS {kind} (line {case.line}): {case.sentence}")
    for case, findings in result.false_positives if sentences else []:
        found = "; ".join(f"{f.kind} {f.text!r}" for f in findings)
        lines.append(f"  FALSE POSITIVE (line {case.line}): {case.sentence}  [{found}]")
    lines.append(f"  {verdict}")
    return "\n".join(lines)
