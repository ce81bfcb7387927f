"""The duplicate queue: blocked candidates against scoring every pair, on the same data, in one run.

Run:  .venv/bin/python bench/dedupe.py                       (NATO, corpus, 1k/2k/5k, 20k)
      .venv/bin/python bench/dedupe.py --sizes 500 --large 0   (a quick run)

Data: the bundled NATO dataset; the bundled dataset after ingesting every text of
``../shared/corpus/articles/`` one after the other (when present); and synthetic datasets
made here (:func:`synthetic_duplicates`): people, events, bodies, places, frameworks and
states with made-up names, offices held one after the other, shared offices, events with
dates and places, claims cited by sources with publication dates — and about 5% planted
duplicates of the kinds extraction makes (a rank before the name, the family name alone, an
initial, an accent, a bare title, an acronym, "NATO …", the same event twice).

For each: the time to build the queue (blocked) and to score every pair of the same type
(naive, skipped above ``--naive-cap`` entities: it is quadratic), the pairs each scored, the
candidates each offered, the share of the naive candidates the blocked queue also offers,
and, on synthetic data, the share of planted duplicates offered. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ingest_eval import extract_item  # noqa: E402
from graph.dedupe import all_pairs_candidates, candidates  # noqa: E402
from graph.dedupe.profiles import _profiles  # noqa: E402
from graph.dedupe.queue import _blocked_pairs  # noqa: E402
from graph.ingest.workflow import merge, review  # noqa: E402
from graph.model import Claim, Dataset, Entity, Source  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "articles"
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ren",
    "tor",
    "vas",
    "zu",
    "el",
    "an",
    "dri",
    "sto",
    "ber",
    "gen",
    "wik",
    "nel",
    "son",
    "ov",
    "ic",
    "ski",
    "ard",
    "ul",
    "pe",
    "ra",
    "li",
    "do",
    "ne",
    "ha",
    "jo",
    "ty",
    "mar",
    "tin",
    "sel",
    "bor",
    "vik",
    "lan",
    "des",
    "mon",
    "tal",
    "rus",
    "fer",
    "gor",
    "ha",
    "pol",
    "sen",
    "dal",
    "kir",
    "mas",
    "nor",
    "ves",
    "ost",
]
ADJECTIVES = [
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Joint",
    "Strategic",
    "Maritime",
    "Allied",
    "Regional",
    "Cyber",
    "Logistics",
    "Defence",
    "Security",
    "Naval",
    "Air",
    "Space",
    "Energy",
    "Medical",
    "Training",
    "Planning",
    "Legal",
    "Science",
    "Policy",
    "Civil",
    "Nuclear",
    "Border",
    "Intelligence",
    "Standards",
    "Resilience",
    "Emergency",
    "Industrial",
    "Transport",
    "Climate",
    "Financial",
    "Digital",
    "Research",
    "Operational",
    "Partnership",
    "Armaments",
]
NOUNS = [
    "Affairs",
    "Capabilities",
    "Cooperation",
    "Coordination",
    "Crisis",
    "Development",
    "Forces",
    "Guidance",
    "Headquarters",
    "Innovation",
    "Integration",
    "Investment",
    "Liaison",
    "Management",
    "Mobility",
    "Operations",
    "Oversight",
    "Preparedness",
    "Procurement",
    "Readiness",
    "Reform",
    "Review",
    "Support",
    "Surveillance",
    "Sustainment",
    "Technology",
    "Transformation",
    "Verification",
    "Assessment",
    "Communications",
    "Infrastructure",
    "Deterrence",
    "Exercises",
    "Logistics",
    "Missions",
    "Networks",
    "Programmes",
    "Requirements",
]
HEADS = [
    "Committee",
    "Council",
    "Commission",
    "Agency",
    "Division",
    "Staff",
    "Centre",
    "Command",
    "Group",
    "Board",
    "Directorate",
    "Office",
]
EVENT_KINDS = ["Meeting", "Conference", "Summit", "Session", "Ceremony", "Exercise"]
ROLES = ("Chair", "Director General", "Secretary General", "Commander", "Head")
RANKS = ("General", "Admiral", "Lieutenant General", "Air Marshal", "Colonel")
ACCENTS = str.maketrans({"a": "á", "e": "é", "i": "í", "o": "ö", "u": "ü", "c": "č", "s": "š"})


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def _unique(make, taken: set[str]) -> str:
    for _ in range(1000):
        value = make()
        if value not in taken:
            taken.add(value)
            return value
    raise RuntimeError("name pool exhausted")


def _accent(text: str, rng: random.Random) -> str:
    spots = [i for i, char in enumerate(text) if char in "aeioucs"]
    i = rng.choice(spots)
    return text[:i] + text[i].translate(ACCENTS) + text[i + 1 :]


def _day(rng: random.Random, first: int = 1990, last: int = 2025) -> str:
    return f"{rng.randint(first, last)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def synthetic_duplicates(
    size: int, seed: int = 7, share: float = 0.05
) -> tuple[Dataset, set[frozenset[str]]]:
    """A dataset of about ``size`` entities with planted duplicates, and the planted pairs."""
    rng = random.Random(seed)
    originals = int(size / (1 + share))
    counts = {
        "person": int(originals * 0.45),
        "event": int(originals * 0.25),
        "body": int(originals * 0.12),
        "place": int(originals * 0.10),
        "framework": int(originals * 0.04),
    }
    counts["state"] = max(2, originals - sum(counts.values()))
    sources = [
        Source(f"s{i}", f"Source {i}", "Bench", "", _day(rng), f"https://example.org/{i}", "press")
        for i in range(max(50, size // 40))
    ]
    by_year: dict[int, list[Source]] = {}
    for source in sources:
        by_year.setdefault(int(str(source.published)[:4]), []).append(source)
    taken: set[str] = set()
    entities: list[Entity] = []
    claims: list[Claim] = []
    ids: dict[str, list[str]] = {kind: [] for kind in counts}

    def add(entity: Entity) -> str:
        entities.append(entity)
        ids[entity.type].append(entity.id)
        return entity.id

    def cite(year: int | None = None) -> str:
        pool = by_year.get(year, sources) if year else sources
        return rng.choice(pool or sources).id

    for i in range(counts["state"]):
        name = _unique(lambda: _word(rng, 2) + rng.choice(("ia", "land", "stan", "a")), taken)
        code = "".join(chr(65 + (i // 26**k) % 26) for k in (2, 1, 0))
        add(Entity(f"state:{code}", "state", name, (), "", (("iso3", code),)))
    for i in range(counts["place"]):
        add(Entity(f"place:p{i}", "place", _unique(lambda: _word(rng, rng.randint(2, 3)), taken)))
    for i in range(counts["body"]):
        label = _unique(lambda: f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {rng.choice(HEADS)}", taken)
        add(Entity(f"body:b{i}", "body", label))
    for i in range(counts["framework"]):
        label = _unique(
            lambda: (
                f"{_word(rng, 2)} {rng.choice(NOUNS)} {rng.choice(('Initiative', 'Partnership', 'Dialogue'))}"
            ),
            taken,
        )
        add(Entity(f"framework:f{i}", "framework", label))
    givens = [_word(rng, 2) for _ in range(300)]
    families = [_word(rng, rng.randint(2, 3)) for _ in range(max(50, counts["person"] // 3))]
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(families))]  # a few families are common
    people: list[tuple[str, str, str]] = []
    for i in range(counts["person"]):
        given, family = "", ""

        def full_name() -> str:
            nonlocal given, family
            given, family = rng.choice(givens), rng.choices(families, weights)[0]
            return f"{given} {family}"

        label = _unique(full_name, taken)
        node = add(Entity(f"person:h{i}", "person", label, (family,)))
        people.append((node, given, family))
        claims.append(Claim(node, "national_of", rng.choice(ids["state"]), cite()))
    # Single-holder offices, held one after the other; and a shared one (representatives).
    tenures: dict[str, list[tuple[str, str, int, int]]] = {}
    holders = iter(rng.sample(people, len(people)))
    for body in ids["body"][: max(1, len(ids["body"]) // 2)]:
        role = rng.choice(ROLES)
        year = rng.randint(1990, 2000)
        while year < 2024:
            person = next(holders, None)
            if person is None:
                break
            length = rng.randint(2, 5)
            end = min(year + length, 2025)
            claims.append(
                Claim(person[0], "holds_office", body, cite(), f"{year}-07-01", f"{end}-07-01", role=role)
            )
            claims.append(Claim(person[0], "holds_office", body, cite(rng.randint(year, end - 1)), role=role))
            tenures.setdefault(person[0], []).append((body, role, year, end))
            year = end
    big_body = ids["body"][-1]
    for person in rng.sample(people, min(len(people), 40)):
        claims.append(
            Claim(person[0], "holds_office", big_body, cite(), "2015", "2020", role="Military Representative")
        )
    body_labels = {entity.id: entity.label for entity in entities if entity.type == "body"}
    events: list[tuple[str, str]] = []
    labels_used: set[tuple[str, str]] = set()
    for i in range(counts["event"]):
        while True:
            label = f"{rng.choice(EVENT_KINDS)} of the {body_labels[rng.choice(ids['body'])]}"
            date = _day(rng)
            if (label, date) not in labels_used:
                labels_used.add((label, date))
                break
        node = add(Entity(f"event:e{i}", "event", label))
        events.append((node, date))
        year = int(date[:4])
        claims.append(Claim(node, "date", date, cite(year)))
        claims.append(Claim(node, "held_in", rng.choice(ids["place"]), cite(year)))
        for person in rng.sample(people, 2):
            claims.append(Claim(person[0], "attended", node, cite(year)))

    planted: set[frozenset[str]] = set()
    originals_list = list(entities)
    by_id = {entity.id: entity for entity in entities}
    about: dict[str, list[Claim]] = {}
    for claim in claims:
        about.setdefault(claim.subject, []).append(claim)
    for number in range(int(len(originals_list) * share)):
        original = rng.choice(originals_list)
        node = f"{original.type}:dup{number}"
        if node in by_id:
            continue
        label, aliases, attributes = _variant(original, tenures.get(original.id, []), rng)
        if label is None:
            continue
        duplicate = Entity(node, original.type, label, aliases, "", attributes)
        by_id[node] = duplicate
        entities.append(duplicate)
        planted.add(frozenset((original.id, node)))
        copied = [c for c in about.get(original.id, []) if c.relation != "holds_office"]
        for claim in rng.sample(copied, min(len(copied), 2)):
            claims.append(Claim(node, claim.relation, claim.object, cite(), claim.start, claim.end))
        if label.startswith("the ") and tenures.get(original.id):
            body, role, start, end = tenures[original.id][0]
            reported = rng.randint(start + 1, end - 1) if end - start >= 2 else start
            claims.append(Claim(node, "holds_office", body, cite(reported), role=role))
    dataset = Dataset(tuple(entities), tuple(dict.fromkeys(claims)), tuple(sources), name=f"synthetic-{size}")
    return dataset, planted


def _variant(
    original: Entity, tenures: list[tuple[str, str, int, int]], rng: random.Random
) -> tuple[str | None, tuple[str, ...], tuple[tuple[str, str], ...]]:
    """A name extraction might give the same entity, by type."""
    label = original.label
    if original.type == "person":
        given, _, family = label.partition(" ")
        kinds = ["rank", "family", "initial", "accent"] + (["title"] if tenures else [])
        kind = rng.choice(kinds)
        if kind == "rank":
            return f"{rng.choice(RANKS)} {label}", (), ()
        if kind == "family":
            return family, (), ()
        if kind == "initial":
            return f"{given[0]}. {family}", (), ()
        if kind == "title":
            return f"the {tenures[0][1]}", (), ()
        return _accent(label, rng), (), ()
    if original.type == "event":
        return label, (), ()
    if original.type == "body":
        kind = rng.choice(["nato", "acronym", "accent"])
        if kind == "nato":
            return f"NATO {label}", (), ()
        if kind == "acronym":
            return "".join(word[0] for word in label.split()).upper(), (), ()
        return _accent(label, rng), (), ()
    if original.type == "state":
        return _accent(label, rng), (), original.attributes
    return _accent(label, rng), (), ()


def ingest_in_turn(G, names: list[str]):
    """``G`` after extracting, accepting (as the review screen proposes) and merging each corpus
    text in turn, as the app does; ``names`` are file names without ``.txt``."""
    for name in names:
        _, proposal, _ = extract_item({"file": f"{name}.txt"}, G, CORPUS)  # as the scorer extracts
        outcome = merge(G, review(proposal))
        if outcome.graph is None:
            raise RuntimeError(f"merging {name} was refused:\n{outcome.report.format()}")
        G = outcome.graph
    return G


def corpus_dataset() -> Dataset | None:
    """The bundled dataset after ingesting every corpus text in order (as the app does)."""
    if not CORPUS.is_dir():
        return None
    import graph
    from graph.build import graph_to_dataset

    names = [path.stem for path in sorted(CORPUS.glob("*.txt"))]
    return graph_to_dataset(ingest_in_turn(graph.load_graph(), names))


def measure(name: str, dataset: Dataset, planted: set[frozenset[str]] | None, naive_cap: int) -> dict:
    started, cpu = time.perf_counter(), time.process_time()
    queue = candidates(dataset)
    blocked_seconds, blocked_cpu = time.perf_counter() - started, time.process_time() - cpu
    pairs = len(_blocked_pairs(_profiles(dataset)))
    row: dict = {
        "data": name,
        "entities": len(dataset.entities),
        "blocked s": blocked_seconds,
        "blocked cpu s": blocked_cpu,
        "blocked pairs": pairs,
        "offered": len(queue),
    }
    offered = {frozenset((c.left, c.right)) for c in queue}
    sizes: dict[str, int] = {}
    for entity in dataset.entities:
        sizes[entity.type] = sizes.get(entity.type, 0) + 1
    row["naive pairs"] = sum(n * (n - 1) // 2 for n in sizes.values())
    if len(dataset.entities) <= naive_cap:
        started, cpu = time.perf_counter(), time.process_time()
        naive = all_pairs_candidates(dataset)
        row["naive s"], row["naive cpu s"] = time.perf_counter() - started, time.process_time() - cpu
        row["naive offered"] = len(naive)
        both = offered & {frozenset((c.left, c.right)) for c in naive}
        row["blocked/naive"] = len(both) / len(naive) if naive else 1.0
    if planted:
        row["planted"] = len(planted)
        row["planted found"] = len(planted & offered) / len(planted)
        strong = {frozenset((c.left, c.right)) for c in queue if c.score >= 0.5}
        row["found ≥0.5"] = len(planted & strong) / len(planted)
        row["offered planted"] = len(planted & offered) / len(offered) if offered else 0.0
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,2000,5000", help="synthetic sizes scored both ways")
    parser.add_argument(
        "--large", type=int, default=20000, help="a synthetic size for the blocked queue only"
    )
    parser.add_argument("--naive-cap", type=int, default=5000, help="score every pair only up to this size")
    arguments = parser.parse_args()
    import graph

    rows = [measure("NATO (bundled)", graph.load_dataset(), None, arguments.naive_cap)]
    corpus = corpus_dataset()
    if corpus is not None:
        rows.append(measure("NATO + 24 corpus texts", corpus, None, arguments.naive_cap))
    sizes = [int(size) for size in arguments.sizes.split(",") if size] + (
        [arguments.large] if arguments.large else []
    )
    for size in sizes:
        dataset, planted = synthetic_duplicates(size)
        rows.append(measure(f"synthetic {size:,}", dataset, planted, arguments.naive_cap))
    columns = [
        "data",
        "entities",
        "blocked s",
        "blocked cpu s",
        "blocked pairs",
        "offered",
        "naive s",
        "naive cpu s",
        "naive pairs",
        "naive offered",
        "blocked/naive",
        "planted",
        "planted found",
        "found ≥0.5",
        "offered planted",
    ]
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column, "–")
            if isinstance(value, float):
                value = (
                    f"{value:.2f}" if column.endswith(("s", "naive", "found", "0.5", "planted")) else value
                )
            elif isinstance(value, int):
                value = f"{value:,}"
            cells.append(str(value))
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
