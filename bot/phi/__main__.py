"""python -m bot.phi: scan stdin and print JSON findings (exit 1 when there are any),
or, with --evaluate [FILE ...], measure the guard on labelled case files (exit 1 when
recall or the false-positive rate misses its threshold)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.config import PROJECT_ROOT, ConfigError, load_settings
from bot.phi import Org, findings_json, normalise, scan
from bot.phi.evaluate import CaseFileError, evaluate, format_evaluation

EXIT_OK, EXIT_FOUND, EXIT_USAGE = 0, 1, 2
CASES_DIR = PROJECT_ROOT / "tests" / "phi"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.phi", description="Find PHI in a statement read from stdin."
    )
    parser.add_argument(
        "--evaluate",
        nargs="*",
        metavar="FILE",
        help=f"measure recall and false positives on case files (default: {CASES_DIR}/*.tsv "
        "and fresh/*.tsv)",
    )
    args = parser.parse_args(argv)
    if args.evaluate is not None:
        files = [Path(f) for f in args.evaluate] or [
            *sorted(CASES_DIR.glob("*.tsv")),
            *sorted((CASES_DIR / "fresh").glob("*.tsv")),
        ]
        if not files:
            print(f"error: no case files in {CASES_DIR}", file=sys.stderr)
            return EXIT_USAGE
        passed = True
        for path in files:
            try:
                result = evaluate(path)
            except (OSError, CaseFileError) as err:
                print(f"error: {err}", file=sys.stderr)
                return EXIT_USAGE
            print(format_evaluation(result))
            passed = passed and result.passed
        return EXIT_OK if passed else EXIT_FOUND
    try:
        org = Org.from_settings(load_settings())
    except ConfigError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    findings = scan(normalise(sys.stdin.read()), org)
    print(findings_json(findings))
    return EXIT_FOUND if findings else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
