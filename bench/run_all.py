"""`make bench`: every figure the issues ask for, one script after another.

Each script starts its own server (and PostgreSQL where asked) on loopback and prints its
figures; run one alone with `python bench/<script>.py --help`.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
RUNS = [
    ["sales_post.py", "--seconds", "20"],
    ["complaints_post.py", "--seconds", "20"],
    ["policy_http.py", "--seconds", "20"],
    ["claims_post.py", "--seconds", "20", "--db", "postgresql"],
    ["policy_decide.py", "1000000"],
    ["import_sales.py", "--lines", "1000000"],
    ["complaints_bench.py", "-n", "1000000", "--due", "10000"],
]


def main() -> None:
    for run in RUNS:
        print(f"== {' '.join(run)}", flush=True)
        subprocess.run([sys.executable, str(HERE / run[0]), *run[1:]], cwd=HERE, check=True)


if __name__ == "__main__":
    main()
