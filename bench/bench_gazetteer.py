"""The gazetteer of a git ref against the working tree's, in one process: what it costs, what it matches.

    python bench/bench_gazetteer.py --before main --reuters 300 --voa 300

(a) Loading: building the gazetteer ruler, linker and office extractor from each
gazetteer (read, tokenized, matchers filled), alternately, best of three.
(b) Per article: the whole kg pipeline over the same Reuters articles with each gazetteer,
in alternating rounds; the ratio of the totals is printed.
(c) Matches: the gazetteer ruler's matches and the linker's people on the Reuters and VOA
articles that one gazetteer gives and the other does not, for a reader to judge.
The corpora are read from ``../shared/corpus``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent.parent / "shared" / "corpus"
if not CORPUS.is_dir():
    CORPUS = ROOT.parent / "shared" / "corpus"


def articles(path: Path, n: int):
    from kg.ingest import article_from_record

    out = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        rec = json.loads(line)
        rec["date"] = None if not str(rec.get("date", ""))[:4].isdigit() else rec["date"]
        if len(rec.get("text", "")) < 400:
            continue
        out.append(article_from_record(rec, str(path), i + 1))
        if len(out) == n:
            break
    return out


def gazetteer_at(ref: str, into: Path) -> Path:
    names = subprocess.run(
        ["git", "ls-tree", "--name-only", f"{ref}:data/gazetteer"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    for name in names:
        if name.endswith(".jsonl"):
            text = subprocess.run(
                ["git", "show", f"{ref}:data/gazetteer/{name}"], cwd=ROOT, capture_output=True, text=True, check=True
            ).stdout
            (into / name).write_text(text, encoding="utf-8")
    return into


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", default="main", help="git ref of the gazetteer to compare with")
    parser.add_argument("--reuters", type=int, default=300)
    parser.add_argument("--voa", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--json", type=Path, help="write the differing matches here")
    args = parser.parse_args()

    import kg.gazetteer as gazmod
    from kg.components.gazetteer_ruler import GazetteerRuler
    from kg.components.linker import Linker
    from kg.components.offices import OfficeExtractor
    from kg.pipeline import make_doc, make_nlp

    before_dir = gazetteer_at(args.before, Path(tempfile.mkdtemp(prefix="kg-gaz-")))
    dirs = {"before": before_dir, "after": gazmod.GAZETTEER_DIR}

    def use(which: str) -> None:
        gazmod.GAZETTEER_DIR = dirs[which]
        gazmod._load.cache_clear()

    nlps = {}
    for which in dirs:
        use(which)
        nlps[which] = make_nlp()
    base = nlps["after"]

    # (a) loading
    load: dict[str, list[float]] = {w: [] for w in dirs}
    for _ in range(3):
        for which in dirs:
            use(which)
            t = time.perf_counter()
            gaz = gazmod.load_gazetteer()
            GazetteerRuler(base, gaz), Linker(gaz), OfficeExtractor(gaz)
            load[which].append(time.perf_counter() - t)
    sizes = {}
    for which in dirs:
        use(which)
        g = gazmod.load_gazetteer()
        sizes[which] = (len(g), sum(len(e.names) for e in g))
    b, a = min(load["before"]), min(load["after"])
    (e0, n0), (e1, n1) = sizes["before"], sizes["after"]
    print(f"entries / names   before {e0} / {n0}   after {e1} / {n1}")
    print(f"load (ruler, linker, offices)  before {b:.3f}s  after {a:.3f}s  ratio {a / b:.2f}")

    # (b) per article
    reuters = articles(CORPUS / "reuters" / "reuters21578.jsonl", args.reuters)
    voa = articles(CORPUS / "voa" / "voa-stories.jsonl", args.voa)
    spent: Counter = Counter()
    docs: dict[str, list] = {}
    for _ in range(args.rounds):
        for which in ("before", "after"):
            nlp = nlps[which]
            t = time.perf_counter()
            docs[which] = list(nlp.pipe(make_doc(nlp, x) for x in reuters))
            spent[which] += time.perf_counter() - t
    n = len(reuters)
    print(
        f"pipeline on {n} Reuters articles ({args.rounds} alternating rounds)  "
        f"before {spent['before'] / args.rounds:.1f}s  after {spent['after'] / args.rounds:.1f}s  "
        f"ratio {spent['after'] / spent['before']:.3f}"
    )

    # (c) matches
    for which in dirs:
        docs[which] += list(nlps[which].pipe(make_doc(nlps[which], x) for x in voa))
    diff = {"added": Counter(), "removed": Counter(), "people_added": Counter(), "people_removed": Counter()}
    for d0, d1 in zip(docs["before"], docs["after"], strict=True):
        m0 = {(s.start, s.end, s.kb_id_) for s in d0.spans.get("kg_gazetteer", [])}
        m1 = {(s.start, s.end, s.kb_id_) for s in d1.spans.get("kg_gazetteer", [])}
        for s, e, k in m1 - m0:
            diff["added"][f"{d1[s:e].text} -> {k}"] += 1
        for s, e, k in m0 - m1:
            diff["removed"][f"{d0[s:e].text} -> {k}"] += 1
        p0 = {(k, v.label) for k, v in d0._.kg_entities.items() if v.cls == "Person"}
        p1 = {(k, v.label) for k, v in d1._.kg_entities.items() if v.cls == "Person"}
        diff["people_added"].update(f"{label} ({k})" for k, label in p1 - p0)
        diff["people_removed"].update(f"{label} ({k})" for k, label in p0 - p1)
    total = {w: sum(len(d.spans.get("kg_gazetteer", [])) for d in docs[w]) for w in dirs}
    print(f"gazetteer matches on {n} Reuters + {len(voa)} VOA articles", end="  ")
    print(f"before {total['before']}  after {total['after']}")
    for key, counts in diff.items():
        print(f"{key}: {sum(counts.values())}")
        for text, k in counts.most_common(40):
            print(f"    {k:3d}  {text}")
    if args.json:
        args.json.write_text(json.dumps({k: dict(v) for k, v in diff.items()}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
