"""Measure the guard on labelled sentences: recall per kind, language and category, the
false-positive rate, and the worst categories.

A case file has one case a line: `KINDS<TAB>SENTENCE`, or `KINDS<TAB>LANG<TAB>CATEGORY<TAB>
SENTENCE` (the sets under tests/phi/fresh/), where KINDS is `none` or a comma-separated list
of kinds; blank lines and lines starting with `#` are skipped. A held-out file (named
frozen.tsv) is reported by its figures only: whoever tunes the check never sees it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.phi import scan
from bot.phi.model import KINDS, Finding, Org

# The organisation the case files are written for: its public lines, addresses and the
# staff who may be named, as ORG_PHONE, ORG_ADDRESS and ORG_STAFF_FILE would give them.
CASES_ORG = Org(
    name="Riverside General Hospital",
    phone="(617) 555-0100",
    email="media@riversidegeneral.org",
    website="https://www.riversidegeneral.org",
    phones=("(617) 555-0142", "(617) 555-0199", "(617) 555-0175", "(617) 555-0110 ext. 2"),
    addresses=("1200 Harbor Street, Boston, MA 02110", "45 Elm Avenue, Quincy, MA 02169"),
    staff=(
        "Maria Delgado", "Thomas Becker", "Anita Rao", "Kevin O'Neill", "Lucía Fernández",
        "Samuel Okoye", "Grace Whitaker",
    ),
)  # fmt: skip


@dataclass(frozen=True)
class Bar:
    """What a case file must reach to pass."""

    recall: float
    kind_recall: float  # no single kind may collapse behind a good overall figure
    false_positive_rate: float
    status_only_recall: float = 0.0  # a care fact about someone, with no other identifier


FIRST_SETS = Bar(recall=0.95, kind_recall=0.8, false_positive_rate=0.05)
FRESH_SETS = Bar(recall=0.97, kind_recall=0.8, false_positive_rate=0.03, status_only_recall=0.95)


class CaseFileError(ValueError):
    """A case file line cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class Case:
    line: int
    kinds: frozenset[str]  # empty: the sentence must not be flagged
    sentence: str
    lang: str = "en"
    category: str = ""

    @property
    def status_only(self) -> bool:
        return self.kinds == {"patient_status"}


@dataclass
class Tally:
    """Positives caught and negatives flagged, for one slice of a case file."""

    positives: int = 0
    caught: int = 0
    negatives: int = 0
    flagged: int = 0

    @property
    def recall(self) -> float:
        return self.caught / self.positives if self.positives else 1.0

    @property
    def false_positive_rate(self) -> float:
        return self.flagged / self.negatives if self.negatives else 0.0

    def add(self, case: Case, findings: list[Finding]) -> None:
        """A positive counts as caught when every kind it is labelled with is found."""
        if case.kinds:
            self.positives += 1
            self.caught += case.kinds <= {f.kind for f in findings}
        else:
            self.negatives += 1
            self.flagged += bool(findings)

    def shown(self) -> str:
        parts = []
        if self.positives:
            parts.append(f"recall {self.recall:6.1%} ({self.caught}/{self.positives})")
        if self.negatives:
            parts.append(
                f"false positives {self.false_positive_rate:6.1%} ({self.flagged}/{self.negatives})"
            )
        return "  ".join(parts)


@dataclass
class Evaluation:
    path: Path
    bar: Bar = FIRST_SETS
    cases: int = 0
    caught: dict[str, int] = field(default_factory=dict)
    labelled: dict[str, int] = field(default_factory=dict)
    negatives: int = 0
    misses: list[tuple[str, Case]] = field(default_factory=list)
    false_positives: list[tuple[Case, list[Finding]]] = field(default_factory=list)
    by_lang: dict[str, Tally] = field(default_factory=dict)
    by_category: dict[str, Tally] = field(default_factory=dict)
    status_only: Tally = field(default_factory=Tally)
    flagged_positives: int = 0  # positive sentences with at least one finding
    positives: int = 0

    @property
    def sentence_recall(self) -> float:
        """Sentences that identify someone and are flagged at all (refused or warned),
        whichever kinds were found: what a person sees. `recall` asks more: every kind."""
        return self.flagged_positives / self.positives if self.positives else 1.0

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
            self.recall >= self.bar.recall
            and self.false_positive_rate <= self.bar.false_positive_rate
            and all(self.kind_recall(kind) >= self.bar.kind_recall for kind in self.labelled)
            and self.status_only.recall >= self.bar.status_only_recall
        )

    def worst_categories(self, most: int = 5) -> list[tuple[str, Tally]]:
        """Categories by how far they fall short: missed positives and flagged negatives."""
        ranked = sorted(
            self.by_category.items(),
            key=lambda item: (item[1].recall - item[1].false_positive_rate, item[0]),
        )
        return [(c, t) for c, t in ranked if t.recall < 1 or t.flagged][:most]


def load_cases(path: Path) -> list[Case]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) == 2:
            label, sentence, lang, category = fields[0], fields[1], "en", ""
        elif len(fields) == 4:
            label, lang, category, sentence = fields
        else:
            raise CaseFileError(
                f"{path}:{number}: expected KINDS<TAB>SENTENCE or KINDS<TAB>LANG<TAB>CATEGORY<TAB>SENTENCE"
            )
        if not sentence.strip():
            raise CaseFileError(f"{path}:{number}: the sentence is empty")
        if lang not in ("en", "es"):
            raise CaseFileError(f"{path}:{number}: language {lang!r} is not en or es")
        kinds = frozenset(k.strip() for k in label.split(",") if k.strip())
        if kinds == {"none"}:
            kinds = frozenset()
        unknown = sorted(kinds - set(KINDS))
        if unknown:
            raise CaseFileError(f"{path}:{number}: unknown kind(s) {', '.join(unknown)}")
        cases.append(Case(number, kinds, sentence, lang, category.strip()))
    return cases


def evaluate(path: Path, org: Org = CASES_ORG, bar: Bar | None = None) -> Evaluation:
    cases = load_cases(path)
    fresh = any(case.category for case in cases)
    result = Evaluation(path, bar or (FRESH_SETS if fresh else FIRST_SETS))
    for case in cases:
        result.cases += 1
        findings = scan(case.sentence, org)
        found = {f.kind for f in findings}
        result.by_lang.setdefault(case.lang, Tally()).add(case, findings)
        if case.category:
            result.by_category.setdefault(case.category, Tally()).add(case, findings)
        if case.status_only:
            result.status_only.add(case, findings)
        if not case.kinds:
            result.negatives += 1
            if findings:
                result.false_positives.append((case, findings))
        else:
            result.positives += 1
            result.flagged_positives += bool(findings)
        for kind in sorted(case.kinds):
            result.labelled[kind] = result.labelled.get(kind, 0) + 1
            if kind in found:
                result.caught[kind] = result.caught.get(kind, 0) + 1
            else:
                result.misses.append((kind, case))
    return result


def format_evaluation(result: Evaluation, *, sentences: bool | None = None) -> str:
    """Figures, then the misses and false positives. A held-out file (frozen.tsv) shows
    figures only unless asked: its sentences must stay unseen by whoever tunes the check."""
    if sentences is None:
        sentences = not result.path.stem.startswith("frozen")
    bar = result.bar
    lines = [f"{result.path}: {result.cases} cases"]
    for kind in KINDS:
        if result.labelled.get(kind):
            caught, total = result.caught.get(kind, 0), result.labelled[kind]
            lines.append(f"  {kind:<15} recall {caught / total:6.1%}  ({caught}/{total})")
    lines.append(f"  every kind      needs >= {bar.kind_recall:.0%}")
    lines.append(f"  overall recall  {result.recall:6.1%}  (needs >= {bar.recall:.0%})")
    lines.append(
        f"  sentences flagged {result.sentence_recall:6.1%}  "
        f"({result.flagged_positives}/{result.positives} that identify someone, any kind found)"
    )
    lines.append(
        f"  false positives {result.false_positive_rate:6.1%}  "
        f"({len(result.false_positives)}/{result.negatives} negatives; "
        f"needs <= {bar.false_positive_rate:.0%})"
    )
    if result.status_only.positives and bar.status_only_recall:
        lines.append(
            f"  status only     {result.status_only.shown()}  "
            f"(a care fact with no other identifier; needs >= {bar.status_only_recall:.0%})"
        )
    if len(result.by_lang) > 1:
        lines.extend(_slices("language", sorted(result.by_lang.items())))
    if result.by_category:
        lines.extend(_slices("worst categories", result.worst_categories()))
    if not sentences:
        lines.append(
            f"  ({len(result.misses)} misses and {len(result.false_positives)} false positives, not shown)"
        )
        flagged: dict[str, int] = {}
        for _case, findings in result.false_positives:
            for kind in {f.kind for f in findings}:
                flagged[kind] = flagged.get(kind, 0) + 1
        if flagged:
            kinds = ", ".join(f"{k} {n}" for k, n in sorted(flagged.items(), key=lambda i: -i[1]))
            lines.append(f"  (false positives by the kind wrongly found: {kinds})")
    for kind, case in result.misses if sentences else []:
        lines.append(f"  MISS {kind} (line {case.line}): {case.sentence}")
    for case, findings in result.false_positives if sentences else []:
        found = "; ".join(f"{f.kind} {f.text!r}" for f in findings)
        lines.append(f"  FALSE POSITIVE (line {case.line}): {case.sentence}  [{found}]")
    lines.append("  PASS" if result.passed else "  FAIL")
    return "\n".join(lines)


def _slices(title: str, tallies: Iterable[tuple[str, Tally]]) -> list[str]:
    rows = [f"  {name:<18} {tally.shown()}" for name, tally in tallies]
    return [f"  {title}:", *(f"  {row}" for row in rows)] if rows else []
