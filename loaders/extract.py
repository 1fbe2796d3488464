"""Find the techniques, models, datasets and benchmarks a paper names, their roles and results.

Pure functions over text: no file or store access. Matching is one pass over the
tokens of each sentence against the ontology's alias index (longest match wins),
plus patterns for names the ontology cannot know: model names by their shape
and what the paper itself introduces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.schema import DEFAULT_ROLE, Extraction, Mention, Paper, Result, norm
from loaders.ontology import TOKEN, Entry, Ontology, default_ontology, join_tokens, match_key

# --- sentences -------------------------------------------------------------------------

_NO_BREAK = r"(?<!\be\.g)(?<!\bi\.e)(?<!\bet al)(?<!\bvs)(?<!\bcf)(?<!\bFig)(?<!\bEq)(?<!\bapprox)"
SENTENCE_END = re.compile(_NO_BREAK + r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])")


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs of a paragraph."""
    out, start = [], 0
    for m in SENTENCE_END.finditer(text):
        out.append((start, text[start : m.start()]))
        start = m.end()
    if start < len(text):
        out.append((start, text[start:]))
    return [(o, s) for o, s in out if s.strip()]


# --- cues ------------------------------------------------------------------------------

JOINER = re.compile(r"[ \-\u2010\u2011\u2013/._]{0,2}")
BUILDS_ON = re.compile(
    r"\b(based on|built (?:up)?on|on top of|fine-?tun\w*|finetun\w*|initiali[sz]\w*|"
    r"continual(?:ly)? pre-?train\w*|pre-?train\w*|post-?train\w*|backbones?|base models?|"
    r"starting from|extend\w*|adapt\w*|distill\w* into|train\w*|upon)\b[^,;]{0,40}$",
    re.I,
)
BUILDS_ON_AFTER = re.compile(
    r"^[-\s]*(?:based\b|as (?:the |a |our )?(?:base|backbone|policy|student|initiali))", re.I
)
COMPARES = re.compile(
    r"\b(outperform\w*|surpass\w*|compar\w*|than|beat\w*|rival\w*|baselines?|match\w*|"
    r"on par with|vs\.?|versus|competitive with|exceed\w*|against|over|including)\b[^;]{0,60}$",
    re.I,
)
TRAIN_CUE = re.compile(
    r"\b(train\w*|fine-?tun\w*|finetun\w*|pre-?train\w*|tuned|distill\w*|SFT|"
    r"instruction data|data(?:sets?)? (?:such as|like|including)|mixture|curat\w*|corpus|corpora)\b"
    r"[^;]{0,60}$",
    re.I,
)
EVAL_CUE = re.compile(
    r"\b(evaluat\w*|benchmark\w*|test\w*|achiev\w*|scor\w*|accura\w*|outperform\w*|"
    r"surpass\w*|results?|performance|improv\w*|gains?|pass@\d+|win rates?|SOTA|"
    r"state-of-the-art)\b",
    re.I,
)
MODEL_CUE = re.compile(r"\b(models?|LLMs?|GPT|outperform\w*|surpass\w*|chatbots?|assistants?)\b", re.I)

# --- shapes of names the ontology does not list ---------------------------------------

SIZE = r"(?:\d+(?:\.\d+)?[BbMmKkTt]|\d+x\d+[Bb])"
SUFFIX_WORDS = (
    r"(?:Instruct|Chat|Base|Coder|Code|Math|Preview|Turbo|turbo|Pro|Flash|Ultra|Lite|mini|Mini|small|"
    r"Small|medium|Medium|large|Large|XL|xl|it|hf|HF|Vision|VL|Distill|Reasoning|Thinking|"
    r"v\d+(?:\.\d+)*|\d+[Kk]|A\d+B|" + SIZE + r")"
)
MODEL_EXTENSION = re.compile(r"(?:[-_ ]" + SUFFIX_WORDS + r"\b)+")
MODEL_SHAPE = re.compile(
    r"\b([A-Z][A-Za-z]*[a-z][A-Za-z]*(?:-?\d+(?:\.\d+)*)?(?:[- ](?:\d+(?:\.\d+)*|[A-Z][a-z]+))?)"
    r"[-_ ](" + SIZE + r")\b((?:[-_]" + SUFFIX_WORDS + r"\b)*)"
)
NOT_MODEL_NAMES = {"the", "our", "with", "and", "only", "about", "over", "under", "than", "from", "using"}

# --- what the paper introduces --------------------------------------------------------

HEADS: list[tuple[str, str]] = [
    (r"benchmarks?|test ?suites?|evaluation suites?|testbeds?|leaderboards?|arenas?|evals?", "Benchmark"),
    (r"datasets?|data ?sets?|corpus|corpora|collections?|data|instructions", "Dataset"),
    (
        r"models?|LLMs?|MLLMs?|VLMs?|LMMs?|language models?|foundation models?|assistants?|chatbots?|"
        r"agents?|encoders?|decoders?|series|family|transformers?",
        "Model",
    ),
    (
        r"methods?|framework|approach|techniques?|algorithms?|strategy|strategies|paradigm|pipeline|"
        r"mechanism|architecture|objective|loss|recipe|prompting|decoding|attention|optimi[sz]ation|"
        r"systems?|tool(?:kit)?|module|procedure|scheme|protocol|learning|tuning|training|alignment|"
        r"search|sampling|distillation|policy|metric|score",
        "Technique",
    ),
]
HEAD = re.compile(r"\b(" + "|".join(p for p, _ in HEADS) + r")\b", re.I)
NAME = r"[A-Z0-9][\w\-\.+]*[\w+](?:[- ][A-Z0-9][\w\-+]*)?"
INTRODUCE = r"(?:propose|introduce|present|develop|release|construct|curate|build|design|create|contribute)s?d?"
PROPOSAL_PATTERNS = [
    re.compile(INTRODUCE + r"\b[^.;]{0,140}?\b(?:called|named|dubbed|termed|coined)\s+(" + NAME + r")", re.I),
    re.compile(r"\b" + INTRODUCE + r"\s+(" + NAME + r")\s*(?:,|\()\s*(?:a|an|the)?\s*([^.;)]{0,100})"),
    re.compile(r"\b" + INTRODUCE + r"\s+(?:a|an|the)\s+([^.;,()]{0,80}?)\s*\((" + NAME + r")\)"),
    re.compile(r"^(?:We|This (?:paper|work))\s+(?:" + INTRODUCE + r")\s+(" + NAME + r")\b[,:]?\s*(?:a|an|the|which)?\s*([^.;]{0,80})"),
    re.compile(r"\b(" + NAME + r"),\s+(?:a|an)\s+(?:new|novel)\s+([^.;,]{0,80})"),
]
STOPWORDS = {
    "a", "an", "the", "of", "for", "and", "or", "in", "on", "to", "with", "via", "is", "are",
    "from", "by", "at", "as", "we", "our", "this", "that", "how", "why", "what", "when", "do",
    "does", "can", "not", "be", "it", "its", "you", "all", "more", "less", "towards", "toward",
}

# --- results -------------------------------------------------------------------------

NUMBER = re.compile(r"(?<![\w.@\-])([+\u2212-]?)(\d+(?:\.\d+)?)(\s*(?:%|percent|pp\b|points?\b|pts\b))?")
NOT_A_SCORE = re.compile(
    r"^\s*(?:[BMKkT]\b|x\b|×|times|billion|million|thousand|tokens?|samples?|examples?|GPUs?|hours?|"
    r"days?|minutes?|seconds?|ms\b|languages?|tasks?|steps?|epochs?|layers?|parameters?|params|"
    r"-?shot|-?step|instances?|problems?|questions?|pairs?|images?|videos?|models?|benchmarks?|"
    r"datasets?|domains?|categories|users?|annotators?|trajectories|documents?|words?|turns?|rounds?|"
    r"queries|prompts?|k\b|[-\u2013]\d)",
    re.I,
)
METRIC_WORDS = re.compile(
    r"^\s*((?:(?:length-controlled|LC|absolute|relative|average|avg\.?|top-\d|exact|zero-shot|few-shot|"
    r"\d+-shot|pass@\d+|maj@\d+|accuracy|acc\.?|win|rate|score|points?|F1|EM|exact-match|match|BLEU|"
    r"ROUGE(?:-\w+)?|Elo|success|solve|resolve|resolution|rates?|improvement|gain|increase|"
    r"performance)\s*){1,5})",
    re.I,
)
BEFORE_BENCH = re.compile(r"(?:on|in|for|at|across|of)\s+(?:the\s+)?(?:challenging\s+)?$", re.I)
AFTER_BENCH = re.compile(
    r"^\s*(?:benchmark\s*)?(?:\(|:|,)?\s*(?:with\s+)?(?:(?:an?|the)\s+)?"
    r"(?:(?:[\w\-@]+\s+){0,3}?(?:of|at|=)\s*)?(?=[+\u2212-]?\d)",
    re.I,
)
DELTA_CUE = re.compile(r"\b(by|improv\w*|gains?|boost\w*|increas\w*|outperform\w*|lift\w*|up to)\s*$", re.I)


@dataclass
class Span:
    start: int
    end: int
    entry: Entry
    surface: str


@dataclass
class Found:
    """Working state for one paper."""

    mentions: list[Mention] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    proposed: dict[str, str] = field(default_factory=dict)  # norm(name) -> type


class Extractor:
    """Extraction with one ontology, compiled once and reused for every paper."""

    def __init__(self, ontology: Ontology | None = None):
        self.ontology = ontology or default_ontology()

    # -- dictionary matching ----------------------------------------------------------

    def match(self, text: str) -> list[Span]:
        """Ontology names in ``text``, longest first, never overlapping."""
        onto = self.ontology
        toks = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
        spans: list[Span] = []
        i = 0
        while i < len(toks):
            if toks[i][2].lower() not in onto.first_tokens:
                i += 1
                continue
            hit = None
            limit = min(onto.max_tokens, len(toks) - i)
            for n in range(limit, 0, -1):
                window = toks[i : i + n]
                if any(
                    not JOINER.fullmatch(text[a[1] : b[0]]) for a, b in zip(window, window[1:], strict=False)
                ):
                    continue
                hit = self._lookup(text, window)
                if hit:
                    break
            if hit:
                spans.append(hit)
                i += len(TOKEN.findall(hit.surface))
            else:
                i += 1
        return spans

    def _lookup(self, text: str, window: list[tuple[int, int, str]]) -> Span | None:
        words = [w for _, _, w in window]
        start, end = window[0][0], window[-1][1]
        for plural in (False, True):
            if plural:
                if len(words[-1]) < 3 or not words[-1].endswith("s"):
                    return None
                words = [*words[:-1], words[-1][:-1]]
            key = join_tokens([w.lower() for w in words])
            for alias in self.ontology.index.get(key, ()):
                if alias.case_sensitive and TOKEN.findall(alias.surface) != words:
                    continue
                return Span(start, end, alias.entry, text[start:end])
        return None

    # -- per paper ----------------------------------------------------------------------

    def extract(self, paper: Paper) -> Extraction:
        found = Found()
        parts = [(paper.title, [(0, paper.title)])] if paper.title else []
        if paper.abstract:
            parts.append((paper.abstract, sentences(paper.abstract)))
        extra = self._proposals(paper, found)
        for _, sents in parts:
            for _, sent in sents:
                self._sentence(sent, found, extra)
        return Extraction(
            id=paper.id or paper.default_id(),
            title=paper.title,
            entities=_dedupe(found.mentions),
            results=found.results,
        )

    def _proposals(self, paper: Paper, found: Found) -> Ontology | None:
        """Names the paper introduces, as a small ontology matched beside the shipped one."""
        names: dict[str, tuple[str, str]] = {}
        title_name = _title_name(paper.title)
        if title_name:
            names[norm(title_name[0])] = title_name
        for _, sent in sentences(paper.abstract):
            for pattern in PROPOSAL_PATTERNS:
                for m in pattern.finditer(sent):
                    groups = [g for g in m.groups() if g is not None]
                    name, rest = _name_and_rest(groups)
                    if not _looks_like_name(name):
                        continue
                    known = self._known(name)
                    type_ = _head_type(rest) or (known.type if known else None)
                    key = norm(name)
                    if key in names and type_ is None:
                        continue
                    names[key] = (name, type_ or names.get(key, ("", "Technique"))[1] or "Technique")
        entries = []
        for key, (name, type_) in names.items():
            known = self._known(name)
            if known and known.type == type_:
                found.proposed[norm(known.name)] = type_
                continue
            found.proposed[key] = type_
            entries.append(Entry(name=name, type=type_, case_sensitive=True))
        return Ontology(entries) if entries else None

    def _known(self, name: str) -> Entry | None:
        aliases = self.ontology.index.get(match_key(name), ())
        return aliases[0].entry if aliases else None

    def _sentence(self, sent: str, found: Found, extra: Ontology | None) -> None:
        spans = self.match(sent)
        if extra:
            taken = [(s.start, s.end) for s in spans]
            for span in Extractor(extra).match(sent):
                if not any(a < span.end and span.start < b for a, b in taken):
                    spans.append(span)
        spans += self._shapes(sent, spans)
        spans.sort(key=lambda s: s.start)
        kept: list[tuple[Span, Mention]] = []
        for span in spans:
            mention = self._mention(sent, span, spans, found)
            if mention:
                kept.append((span, mention))
                found.mentions.append(mention)
        found.results += _results(sent, kept)

    def _shapes(self, sent: str, spans: list[Span]) -> list[Span]:
        """Model names by shape: known names extended by size/variant, and unknown Name-7B forms."""
        out: list[Span] = []
        for i, span in enumerate(spans):
            if span.entry.type != "Model":
                continue
            ext = MODEL_EXTENSION.match(sent, span.end)
            if ext and ext.end() > span.end:
                surface = sent[span.start : ext.end()]
                known = self._known(surface)
                entry = (
                    known
                    if known and known.type == "Model"
                    else Entry(
                        name=_canonical_model(span.entry.name, sent[span.end : ext.end()]),
                        type="Model",
                        parent=span.entry.name,
                        family=span.entry.family or span.entry.name,
                    )
                )
                spans[i] = Span(span.start, ext.end(), entry, surface)
        taken = [(s.start, s.end) for s in spans]
        for m in MODEL_SHAPE.finditer(sent):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            head = m.group(1)
            if head.split()[0].lower() in NOT_MODEL_NAMES or head.isupper() and len(head) <= 2:
                continue
            surface = m.group(0)
            known = self._known(surface)
            entry = known if known and known.type == "Model" else Entry(
                name="-".join(surface.replace("_", " ").split()), type="Model"
            )
            out.append(Span(m.start(), m.end(), entry, surface))
        return out

    def _mention(self, sent: str, span: Span, spans: list[Span], found: Found) -> Mention | None:
        entry = span.entry
        if entry.ambiguous and not _context_ok(sent, span, spans):
            return None
        type_ = entry.type
        before = sent[max(0, span.start - 120) : span.start]
        before = re.split(r"[;]|, (?:and |while |but |which )", before)[-1]
        after = sent[span.end : span.end + 40]
        if norm(entry.name) in found.proposed or norm(span.surface) in found.proposed:
            role = "proposes"
        elif type_ == "Model":
            if BUILDS_ON_AFTER.search(after) or BUILDS_ON.search(before):
                role = "builds_on"
            elif COMPARES.search(before):
                role = "compares_with"
            else:
                role = "uses"
        elif type_ in ("Dataset", "Benchmark"):
            train = bool(TRAIN_CUE.search(before))
            evaluate = bool(EVAL_CUE.search(before)) or bool(re.match(r"^\W{0,3}[+\d]", after))
            if train and not (type_ == "Benchmark" and evaluate):
                role, type_ = "trains_on", "Dataset"
            elif type_ == "Dataset" and evaluate and re.search(r"\b(evaluat\w*|test\w*|accura\w*)\b", before, re.I):
                role, type_ = "evaluates_on", "Benchmark"
            else:
                role = DEFAULT_ROLE[type_]
        else:
            role = DEFAULT_ROLE[type_]
        return Mention(type=type_, name=entry.name, mention=span.surface, role=role, evidence=sent.strip())


def _context_ok(sent: str, span: Span, spans: list[Span]) -> bool:
    """An ambiguous name counts only beside another name of its type or a cue for it."""
    others = [s for s in spans if s is not span and s.entry.type == span.entry.type]
    if others:
        return True
    after = sent[span.end : span.end + 20]
    if span.entry.type == "Model":
        if re.match(r"^\s+[A-Z][a-z]+\b", after) and not re.match(
            r"^\s+(?:Pro|Ultra|Flash|Nano|Opus|Sonnet|Haiku|Instant|Advanced)\b", after
        ):
            return False  # "Claude Shannon"
        return bool(MODEL_CUE.search(sent))
    return bool(EVAL_CUE.search(sent)) or bool(re.search(r"\b(datasets?|corpus|tasks?)\b", sent, re.I))


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    """One mention per (type, name, role), first sentence kept; proposing beats other roles."""
    proposed = {(m.type, m.name) for m in mentions if m.role == "proposes"}
    seen: set[tuple[str, str, str]] = set()
    out = []
    for m in mentions:
        key = (m.type, m.name, m.role)
        if key in seen or ((m.type, m.name) in proposed and m.role != "proposes"):
            continue
        seen.add(key)
        out.append(m)
    return out


def _canonical_model(base: str, extension: str) -> str:
    parts = [p for p in re.split(r"[-_ ]+", extension) if p]
    return "-".join([base.replace(" ", "-"), *parts])


def _name_and_rest(groups: list[str]) -> tuple[str, str]:
    """Pick the name out of a proposal match (the group that looks like a name)."""
    if len(groups) == 1:
        return groups[0].rstrip(".-"), ""
    a, b = groups[0], groups[1]
    if _looks_like_name(b) and not _looks_like_name(a):
        return b.rstrip(".-"), a
    return a.rstrip(".-"), b


def _looks_like_name(name: str) -> bool:
    """A coined name: capitals inside, digits or hyphens, not an ordinary capitalised word."""
    name = name.strip()
    if not name or len(name) > 40 or len(name) < 2:
        return False
    words = name.split()
    if len(words) > 3 or any(w.lower() in STOPWORDS for w in words):
        return False
    inner_caps = any(c.isupper() for c in name[1:])
    return inner_caps or any(c.isdigit() for c in name) or ("-" in name and name[0].isupper())


def _title_name(title: str) -> tuple[str, str] | None:
    """``X: a ... benchmark for ...`` titles name what the paper introduces."""
    if ":" not in title:
        return None
    name, rest = title.split(":", 1)
    name = name.strip()
    if not _looks_like_name(name) and not (len(name.split()) == 1 and name[:1].isupper() and len(name) > 3):
        return None
    return name, _head_type(rest) or "Technique"


def _head_type(phrase: str) -> str | None:
    """Type named by the head noun of a descriptive phrase ("a benchmark for ..." -> Benchmark)."""
    chunk = re.split(r"\b(?:for|with|via|to|that|which|through|by|from|on|in|of|using|where)\b", phrase)[0]
    heads = HEAD.findall(chunk)
    if not heads:
        return None
    head = heads[-1].lower()
    for pattern, type_ in HEADS:
        if re.fullmatch(pattern, head, re.I):
            return type_
    return None


def _results(sent: str, kept: list[tuple[Span, Mention]]) -> list[Result]:
    """Numbers the sentence ties to a benchmark it names."""
    benches = [(s, m) for s, m in kept if m.type == "Benchmark"]
    if not benches:
        return []
    taken = [(s.start, s.end) for s, _ in kept]
    numbers = []
    for m in NUMBER.finditer(sent):
        if any(a <= m.start() < b for a, b in taken):
            continue
        if NOT_A_SCORE.match(sent, m.end()) or re.fullmatch(r"(19|20)\d\d", m.group(2)):
            continue
        if re.search(r"(?:top|Top|pass|maj)[-@]$", sent[: m.start()]):
            continue
        numbers.append(m)
    models = [(s, m) for s, m in kept if m.type == "Model"]
    out: list[Result] = []
    used: set[int] = set()

    def add(num: re.Match, span: Span, mention: Mention, metric: str | None) -> None:
        if num.start() in used:
            return
        used.add(num.start())
        sign = num.group(1)
        value = float(num.group(2)) * (-1 if sign in ("-", "\u2212") else 1)
        head = sent[max(0, num.start() - 40) : num.start()]
        delta = sign == "+" or bool(DELTA_CUE.search(head))
        model = next((m.name for s, m in reversed(models) if s.end <= num.start()), None)
        out.append(
            Result(benchmark=mention.name, value=value, metric=metric, model=model, delta=delta, evidence=sent.strip())
        )

    if re.search(r"\brespectively\b", sent):
        after_nums = [n for n in numbers if n.start() < benches[0][0].start]
        if len(after_nums) >= len(benches) > 1:
            for num, (span, mention) in zip(after_nums[-len(benches) :], benches, strict=False):
                add(num, span, mention, None)
            return out
    for num in numbers:
        tail = sent[num.end() :]
        metric_m = METRIC_WORDS.match(tail)
        metric = metric_m.group(1).strip() if metric_m else None
        rest_start = num.end() + (metric_m.end() if metric_m else 0)
        for span, mention in benches:
            gap = sent[rest_start : span.start]
            if span.start >= rest_start and len(gap) <= 30 and BEFORE_BENCH.search(gap) and not NUMBER.search(gap):
                add(num, span, mention, metric)
                break
    for span, mention in benches:
        m = AFTER_BENCH.match(sent, span.end)
        if m:
            num = NUMBER.match(sent, m.end())
            if num and num in numbers or (num and any(n.start() == num.start() for n in numbers)):
                tail = sent[m.start() : m.end()]
                add(num, span, mention, _metric_in(tail))
    return out


def _metric_in(text: str) -> str | None:
    m = re.search(r"(pass@\d+|accuracy|win rate|score|F1|exact match|BLEU|ROUGE-?\w*|Elo)", text, re.I)
    return m.group(1) if m else None


def extract(paper: Paper, extractor: Extractor | None = None) -> Extraction:
    """Entities and results of one paper with the shipped ontology."""
    return (extractor or Extractor()).extract(paper)
