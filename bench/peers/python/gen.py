#!/usr/bin/python3
"""Peer for `bench/run engine`: the seed example with Python Faker, written the way its docs show.

Usage: /usr/bin/python3 gen.py ROWS OUT
Writes ROWS rows as CSV (header + rows) to OUT and prints one JSON line:
{"peer":"python-faker","rows":N,"seconds":S,"rows_per_sec":R}. Single-threaded, seed 42.

Faker comes from Debian's python3-fake-factory (module `faker`), so run it with /usr/bin/python3,
not a pyenv interpreter that lacks the module. Standard library only besides Faker (no numpy).
"""
import csv
import json
import sys
import time
from collections import OrderedDict
from datetime import datetime

from faker import Faker

START = datetime(2020, 1, 1, 0, 0, 0)
END = datetime(2023, 12, 31, 23, 59, 59)
STATUSES = OrderedDict([("active", 0.7), ("inactive", 0.2), ("pending", 0.1)])


def main(argv):
    if len(argv) != 3 or not argv[1].isdigit() or int(argv[1]) <= 0:
        print("usage: gen.py ROWS OUT   (ROWS: positive integer; OUT: CSV file path)", file=sys.stderr)
        return 2
    rows, out = int(argv[1]), argv[2]

    started = time.perf_counter()
    fake = Faker()
    fake.seed_instance(42)
    rng = fake.random  # the instance's own seeded random.Random

    with open(out, "w", newline="", buffering=1 << 20, encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["id", "name", "email", "income", "created_at", "status"])
        for _ in range(rows):
            writer.writerow([
                fake.random_int(min=1000, max=9999),
                fake.name(),
                fake.email(),
                "%.2f" % max(0.0, rng.gauss(50000, 20000)),
                fake.date_time_between(start_date=START, end_date=END).strftime("%Y-%m-%dT%H:%M:%S"),
                fake.random_element(STATUSES),
            ])

    seconds = time.perf_counter() - started
    print(json.dumps({
        "peer": "python-faker",
        "rows": rows,
        "seconds": round(seconds, 3),
        "rows_per_sec": round(rows / seconds),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
