"""Writes a StudentTracker for High Schools detail file of ROWS rows for the given student
numbers (one a line on standard input): each student searched once and, if found, one row per
enrollment term (about four) or degree, in the Clearinghouse's column order.

    python3 Benchmarks/studenttracker_file.py OUT ROWS < numbers.txt
"""
import random
import sys

HEADER = ("Your Unique Identifier,First Name,Middle Initial,Last Name,Name Suffix,Requester Return Field,Record Found Y/N,Search Date,"
          "College Code/Branch,College Name,College State,2-year / 4-year,Public / Private,Enrollment Begin,Enrollment End,"
          "Enrollment Status,Class Level,Enrollment Major 1,Enrollment CIP 1,Graduated?,Graduation Date,Degree Title,College Sequence\n")
COLLEGES = [("003798-00", "UNIVERSITY OF WASHINGTON", "WA", "4", "Public"), ("003784-00", "BELLEVUE COLLEGE", "WA", "2", "Public"),
            ("003802-00", "WHITMAN COLLEGE", "WA", "4", "Private"), ("005006-00", "EDMONDS COLLEGE", "WA", "2", "Public")]


def main():
    out, rows = sys.argv[1], int(sys.argv[2])
    numbers = [line.strip() for line in sys.stdin if line.strip()]
    random.seed(25)
    written = 0
    with open(out, "w") as handle:
        handle.write(HEADER)
        while written < rows:
            for number in numbers:
                if written >= rows:
                    break
                if random.random() < 0.3:
                    handle.write(f"{number},PAT,,SMITH,,,N,20261101,,,,,,,,,,,,,,,\n")
                    written += 1
                    continue
                code, name, state, level, control = random.choice(COLLEGES)
                year = random.choice([2024, 2025, 2026])
                for term in range(min(4, rows - written)):
                    begins = f"{year + (term + 1) // 2}{'0924' if term % 2 == 0 else '0105'}"
                    ends = f"{year + (term + 1) // 2}{'1212' if term % 2 == 0 else '0601'}"
                    handle.write(f"{number},PAT,,SMITH,,,Y,20261101,{code},{name},{state},{level},{control},{begins},{ends},F,FR,"
                                 f"COMPUTER SCIENCE,11.0701,N,,,1\n")
                    written += 1


main()
