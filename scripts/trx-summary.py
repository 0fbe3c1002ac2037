#!/usr/bin/env python3
"""Sum the TRX files of one test run and print the closing line.

Usage: trx-summary.py [--test-exit-code N] RESULTS_DIR

Reads every *.trx under RESULTS_DIR (one per test project; ./test gives each
run a fresh directory, so nothing from an earlier run is counted), prints one
line per project and the names of failed tests, and ends with the line CI reads,
alone on the last line:

    N passed, N failed            (or "N passed, N failed, N skipped")

Exit code: 0 only when at least one TRX exists, none could not be read, no test
failed and dotnet test itself exited 0. Otherwise 1, and the last line shows at
least one failure, so a broken run can never look green.
"""

import argparse
import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"

# Counters that mean "this test did not pass". 'error', 'timeout' and 'aborted'
# are rare, but they are failures for our purposes.
FAILED_COUNTERS = ("failed", "error", "timeout", "aborted")


def counter(counters, name):
    try:
        return int(counters.get(name, "0"))
    except ValueError:
        return 0


def project_name(root, path):
    """The test assembly's name (e.g. Synth.Core.Tests) for the per-project line."""
    method = root.find(f"{NS}TestDefinitions/{NS}UnitTest/{NS}TestMethod")
    if method is not None and method.get("codeBase"):
        return os.path.splitext(os.path.basename(method.get("codeBase")))[0]
    # A project without tests has no TestMethod, only a message such as
    # "No test is available in /.../Synth.Cli.Tests.dll".
    for text in root.iter(f"{NS}Text"):
        match = re.search(r"([^\s/]+)\.dll\b", text.text or "")
        if match:
            return match.group(1)
    return os.path.basename(path)


def summarize(path):
    """Return (name, passed, failed, skipped, failed_test_names) for one TRX."""
    root = ET.parse(path).getroot()
    counters = root.find(f"{NS}ResultSummary/{NS}Counters")
    if counters is None:
        raise ValueError("no <Counters> element")
    total = counter(counters, "total")
    executed = counter(counters, "executed")
    passed = counter(counters, "passed")
    failed = sum(counter(counters, n) for n in FAILED_COUNTERS)
    # xunit's [Fact(Skip=...)] shows up as total > executed with notExecuted
    # still 0, so take whichever is larger.
    skipped = max(counter(counters, "notExecuted"), total - executed, 0)
    failed_names = sorted(
        r.get("testName", "?")
        for r in root.iter(f"{NS}UnitTestResult")
        if r.get("outcome") in ("Failed", "Error", "Timeout", "Aborted")
    )
    name = project_name(root, path)
    # A test host that crashed or was killed by the hang guard leaves a run
    # marked Failed/Aborted in which no test failed: count that run as 1 failure.
    summary = root.find(f"{NS}ResultSummary")
    outcome = summary.get("outcome", "") if summary is not None else ""
    if failed == 0 and outcome in ("Failed", "Aborted", "Error", "Timeout"):
        messages = [t.text.strip() for t in root.iter(f"{NS}Text") if t.text and t.text.strip()]
        failed = 1
        failed_names.append(
            f"(test run of {name} ended '{outcome}' without a failed test: "
            f"{' / '.join(messages[:2]) or 'no message'})"
        )
    return name, passed, failed, skipped, failed_names


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results_dir")
    parser.add_argument("--test-exit-code", type=int, default=0)
    args = parser.parse_args()

    files = sorted(glob.glob(os.path.join(args.results_dir, "**", "*.trx"), recursive=True))
    passed = failed = skipped = 0
    problems = []
    failed_names = []

    for path in files:
        try:
            name, p, f, s, names = summarize(path)
        except (ET.ParseError, OSError, ValueError) as e:
            problems.append(f"could not read {path}: {e}")
            failed += 1
            continue
        passed, failed, skipped = passed + p, failed + f, skipped + s
        failed_names.extend(names)
        print(f"  {name:<32} passed {p:>5}   failed {f:>4}   skipped {s:>4}")

    if not files:
        problems.append(f"no TRX file was produced in {args.results_dir}")
        failed = max(failed, 1)
    elif args.test_exit_code != 0 and failed == 0:
        # E.g. a crashed test host: dotnet test fails but no TRX counts a failure.
        problems.append(
            f"dotnet test exited with code {args.test_exit_code} although no "
            "test failed; counting it as 1 failure (see the output above)"
        )
        failed = 1

    for name in failed_names:
        print(f"FAILED {name}")
    for problem in problems:
        print(f"error: {problem}")

    line = f"{passed} passed, {failed} failed"
    if skipped > 0:
        line += f", {skipped} skipped"
    print(line)
    sys.stdout.flush()
    return 1 if failed > 0 else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as e:  # never end a run without a (failing) summary line
        print(f"error: trx-summary.py crashed: {e!r}")
        print("0 passed, 1 failed")
        sys.exit(1)
