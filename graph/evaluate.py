"""Score extraction against a gold set, exactly as docs/extraction-gold.md says."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from graph.errors import InputError
from graph.schema import ENTITY_TYPES, EntityType, Extraction, Paper, norm


class GoldEntity(BaseModel):
    type: EntityType
    name: str
    aliases: list[str] = Field(default_factory=list)
    core: bool = True

    def keys(self) -> set[str]:
        return {norm(self.name), *(norm(a) for a in self.aliases)}


class GoldResult(BaseModel):
    benchmark: str
    value: float
    metric: str | None = None
    model: str | None = None
    delta: bool = False


class GoldPaper(BaseModel):
    id: str
    title: str
    abstract: str
    entities: list[GoldEntity] = Field(default_factory=list)
    proposes: list[str] = Field(default_factory=list)
    results: list[GoldResult] = Field(default_factory=list)


class Score(BaseModel):
    tp: int = 0
    fp: int = 0
    gold: int = 0
    found: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.gold += other.gold
        self.found += other.found

    def summary(self) -> dict[str, float]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


class Scores(BaseModel):
    papers: int
    types: dict[str, Score]
    micro: Score
    results: Score

    def table(self) -> dict[str, dict[str, float]]:
        out = {t: s.summary() for t, s in self.types.items()}
        out["micro"] = self.micro.summary()
        out["results"] = self.results.summary()
        return out


def read_gold(path: Path) -> list[GoldPaper]:
    """The gold set in a JSON Lines file; a bad line is reported with its number."""
    from loaders.base import read_text

    out = []
    for n, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            out.append(GoldPaper(**json.loads(line)))
        except (json.JSONDecodeError, ValidationError, TypeError) as exc:
            raise InputError(f"{path}:{n}: not a gold record ({str(exc).splitlines()[0]})") from None
    if not out:
        raise InputError(f"{path}: no gold records")
    return out


def score_paper(gold: GoldPaper, system: Extraction) -> tuple[dict[str, Score], Score]:
    """Entity scores per type and the result score of one paired paper."""
    scores = {t: Score() for t in ENTITY_TYPES}
    for g in gold.entities:
        if g.core:
            scores[g.type].gold += 1
    seen: set[tuple[str, str]] = set()
    claimed: set[int] = set()
    matched_core: set[int] = set()
    for ent in system.entities:
        ident = (ent.type, norm(ent.name))
        if ident in seen:
            continue
        seen.add(ident)
        keys = {norm(ent.name), norm(ent.mention)}
        hits = [i for i, g in enumerate(gold.entities) if g.type == ent.type and keys & g.keys()]
        core_hits = [i for i in hits if gold.entities[i].core]
        matched_core.update(core_hits)
        free = [i for i in core_hits if i not in claimed]
        if free:
            claimed.add(free[0])
            scores[ent.type].tp += 1
        elif not hits:
            scores[ent.type].fp += 1
    for i in matched_core:
        scores[gold.entities[i].type].found += 1
    results = Score(gold=len(gold.results))
    bench_keys = {}
    for r in gold.results:
        ent = next((g for g in gold.entities if norm(g.name) == norm(r.benchmark)), None)
        bench_keys[id(r)] = ent.keys() if ent else {norm(r.benchmark)}
    taken: set[int] = set()
    found: set[int] = set()
    for res in system.results:
        hits = [
            i
            for i, r in enumerate(gold.results)
            if norm(res.benchmark) in bench_keys[id(r)] and abs(r.value - res.value) <= 1e-6
        ]
        found.update(hits)
        free = [i for i in hits if i not in taken]
        if free:
            taken.add(free[0])
            results.tp += 1
        elif not hits:
            results.fp += 1
    results.found = len(found)
    return scores, results


def score(gold: list[GoldPaper], system: list[Extraction]) -> Scores:
    """Scores over the papers both sides hold, paired by normalised title."""
    by_title = {norm(s.title): s for s in system}
    types = {t: Score() for t in ENTITY_TYPES}
    results = Score()
    paired = 0
    for g in gold:
        s = by_title.get(norm(g.title))
        if s is None:
            continue
        paired += 1
        per_type, res = score_paper(g, s)
        for t, sc in per_type.items():
            types[t].add(sc)
        results.add(res)
    micro = Score()
    for sc in types.values():
        micro.add(sc)
    return Scores(papers=paired, types=types, micro=micro, results=results)


def evaluate_file(path: Path) -> Scores:
    """Run extraction on the gold set's own titles and abstracts and score it."""
    from graph.ingest import extract_papers

    gold = read_gold(path)
    papers = [Paper(title=g.title, abstract=g.abstract, sources=[path.name]) for g in gold]
    return score(gold, extract_papers(papers))


def render_scores(scores: Scores) -> str:
    lines = [f"{'':10} {'P':>7} {'R':>7} {'F1':>7}   (tp fp / found gold)"]
    for name, sc in [*scores.types.items(), ("micro", scores.micro), ("results", scores.results)]:
        lines.append(
            f"{name:10} {sc.precision:7.3f} {sc.recall:7.3f} {sc.f1:7.3f}   ({sc.tp} {sc.fp} / {sc.found} {sc.gold})"
        )
    lines.append(f"{scores.papers} papers scored")
    return "\n".join(lines)
