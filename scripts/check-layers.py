#!/usr/bin/env python3
"""Fails when a feature uses a type declared by a feature above it in the documented order.

Pathwork's features are rooms stacked in one order (ARCHITECTURE.md, "Dependencies run one
way"): a feature may use what lies beneath it, never what lies above. Swift modules would
enforce this at compile time, but one module per feature would make every model and helper
`public` and split one build into a dozen; a check over the sources gives the same answer in a
second, and names the line. It reads each feature's top-level declarations (types and
protocols) and then every identifier in the features below, so a use through an extension,
a generic or a static call is caught too. Comments and string literals are ignored.

Exceptions are listed below with the reason they are allowed; anything else fails the run.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent / "Sources" / "PathworkApp" / "Features"

# Lowest first. A feature may use any feature earlier in the list.
ORDER = ["Directory", "Auth", "Credentials", "Teams", "Clients", "Mentoring", "Time", "Billing",
         "Pathways", "Partners", "Opportunities", "Placements", "Ventures", "Rostering", "Portfolio", "BeyondPlan", "Outcomes", "Postsecondary", "Perkins", "Surveys", "Home", "Admin", "Demo"]

# (user feature, used type): why a lower feature may name a higher one.
ALLOWED = {
    ("Directory", "MentorReach"): "reach is decided in one place: PeopleDirectory asks Mentoring whose students a mentor reaches",
}

DECLARATION = re.compile(r"^(?:public |internal |private |fileprivate )?(?:final )?(?:indirect )?"
                         r"(?:class|struct|enum|protocol|actor|typealias)\s+([A-Z][A-Za-z0-9_]*)", re.M)
IDENTIFIER = re.compile(r"\b[A-Z][A-Za-z0-9_]*\b")


def strip(source: str) -> str:
    """The source without comments and string literals, line breaks kept for line numbers."""
    source = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), source, flags=re.S)
    source = re.sub(r'"""(?:.|\n)*?"""', lambda m: "\n" * m.group(0).count("\n"), source)
    source = re.sub(r'"(?:\\.|[^"\\\n])*"', '""', source)
    return re.sub(r"//[^\n]*", "", source)


def main() -> int:
    present = [f.name for f in ROOT.iterdir() if f.is_dir()]
    unknown = sorted(set(present) - set(ORDER))
    if unknown:
        print(f"check-layers: features missing from ORDER: {', '.join(unknown)}", file=sys.stderr)
        return 1
    owner: dict[str, str] = {}
    sources: dict[str, list[tuple[pathlib.Path, str]]] = {}
    for feature in ORDER:
        folder = ROOT / feature
        files = sorted(folder.rglob("*.swift")) if folder.exists() else []
        sources[feature] = [(path, strip(path.read_text())) for path in files]
        for _, text in sources[feature]:
            for name in DECLARATION.findall(text):
                owner.setdefault(name, feature)
    failures = []
    for rank, feature in enumerate(ORDER):
        above = set(ORDER[rank + 1:])
        for path, text in sources[feature]:
            for number, line in enumerate(text.split("\n"), start=1):
                for name in set(IDENTIFIER.findall(line)):
                    home = owner.get(name)
                    if home in above and (feature, name) not in ALLOWED:
                        failures.append(f"{path.relative_to(ROOT.parent.parent.parent)}:{number}: {feature} uses {name} from {home}, which is above it")
    for failure in failures:
        print(failure, file=sys.stderr)
    if failures:
        print(f"check-layers: {len(failures)} uses of a higher feature (order: {' → '.join(ORDER)})", file=sys.stderr)
        return 1
    print(f"check-layers: {sum(len(s) for s in sources.values())} files, no feature uses one above it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
