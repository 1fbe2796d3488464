"""Find the techniques, models, datasets and benchmarks a paper names, their roles and results.

Pure functions over text: no file or store access. Matching is one Aho-Corasick
pass per paper over every spelling of every alias (``Ontology.spots``), then per
sentence the longest name at each start, plus patterns for names the ontology
cannot know: model names by their shape and what the paper itself introduces.
Cheap cue tests keep the costlier patterns off sentences they cannot match.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

import ahocorasick

from graph.schema import DEFAULT_ROLE, Extraction, Mention, Paper, Result
from graph.schema import norm as _norm
from loaders.ontology import TOKEN, Entry, Ontology, default_ontology, join_tokens, match_key, model_parts

norm = lru_cache(maxsize=1 << 16)(_norm)  # names and mentions recur across papers

# --- sentences -------------------------------------------------------------------------

# Where a sentence ends: after ".", "!" or "?" and spaces before a capital or digit, or with the
# space lost ("on MATH).The accuracy"). Abbreviations before the stop end no sentence.
SENTENCE_END = re.compile(r"[.!?](?:\s+(?=[\"'(\[]?[A-Z0-9])|(?=[A-Z][a-z]+\s))")
ABBREVIATION = re.compile(
    r"(?:\be\.g|\bi\.e|\bet al|\bvs|\bcf|\bFigs?|\bEqs?|\bapprox|\bDr|\bProf|\bSec|\bTab)$"
)


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs of a paragraph."""
    out, start = [], 0
    for m in SENTENCE_END.finditer(text):
        stop = m.start()
        if m.end() == stop + 1:
            if not (text[stop - 1 : stop].islower() or text[stop - 1 : stop] == ")"):
                continue
        elif ABBREVIATION.search(text, max(0, stop - 7), stop):
            continue
        out.append((start, text[start : stop + 1]))
        start = m.end()
    if start < len(text):
        out.append((start, text[start:]))
    return [(o, s) for o, s in out if s.strip()]


# --- cues ------------------------------------------------------------------------------

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
    r"\b(train\w*(?!-free)|fine-?tun\w*|finetun\w*|pre-?train\w*|tuned|distill\w*|SFT|"
    r"instruction data|data(?:sets?)? (?:such as|like|including)|mixture|curat\w*|corpus|corpora)\b"
    r"[^;]{0,60}$",
    re.I,
)
EVAL_CUE = re.compile(
    r"\b(evaluat\w*|benchmark\w*|test\w*|achiev\w*|scor\w*|accura\w*|outperform\w*|"
    r"surpass\w*|results?|performance|improv\w*|gains?|pass@\d+|win rates?|SOTA|"
    r"state-of-the-art|experiments?)\b",
    re.I,
)
TEST_CUE = re.compile(r"\b(evaluat\w*|test\w*|accura\w*|experiments? (?:on|with|across))\b", re.I)
SCORE_AFTER = re.compile(r"^\W{0,3}[+\d]")
# "MMLU accuracy", "needle-in-a-haystack retrieval performance": a score on the name.
SCORED_AFTER = re.compile(r"^(?:[\s-]+[a-z]+){0,2}?[\s-]+(?:performance|accuracy|scores?|results?)\b")
BENCH_AFTER = re.compile(r"^[\s-]+(?:benchmarks?|test ?sets?|leaderboards?|evaluation)\b", re.I)
CLAUSE_BREAK = re.compile(r"[;]|, (?:and |while |but |which )")
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
# Sizes listed after a sized model ("/7B/72B"), or in parentheses after a family ("-(0.5B/7B)").
SIZE_LIST = re.compile(rf"(?:/{SIZE})+\b|[-\s]?(\()\s*{SIZE}(?:\s*[/,]\s*{SIZE})+\s*\)")
SIZE_END = re.compile(rf"{SIZE}$")
SIZE_CUE = re.compile(r"\d[BbMmKkTt]\b|\dx\d")  # no SIZE, no MODEL_SHAPE
# A split or variant written onto a benchmark name: "MiniF2F-Valid", "GSM8K-Hard", "X-v2".
BENCH_SPLIT = re.compile(r"-(?:[A-Z][a-z]+|[A-Z]+|v?\d+(?:\.\d+)?)(?![\w-])")
SPLIT_TAIL = re.compile(r"[-_ ](?:valid|validation|test|dev|train)$", re.I)
SECOND_SPLIT = re.compile(
    r"\s*(?:and|/|,)\s*(Test|test|Valid|valid|Dev|dev|Validation|validation|Train|train)\b"
)
VERSION = re.compile(r"[\s-][vV]\d+(?:\.\d+)*(?![\w.-])")  # "InfLLM v2", "UltraChat-V2"
NOT_MODEL_NAMES = {"the", "our", "with", "and", "only", "about", "over", "under", "than", "from", "using"}

# --- what the paper introduces --------------------------------------------------------

# Head nouns that say what a named thing is; ``None`` marks names that are no entity (metrics).
HEADS: list[tuple[str, str | None]] = [
    (
        r"benchmarks?|test ?suites?|suites?|evaluation (?:sets?|protocols?|frameworks?|data ?sets?)|"
        r"test ?sets?|testbeds?|leaderboards?|arenas?|evals?|gyms?|challenges?",
        "Benchmark",
    ),
    (
        r"datasets?|data ?sets?|corpus|corpora|collections?|data|instructions|training sets?|resources?",
        "Dataset",
    ),
    (
        r"models?|LLMs?|MLLMs?|VLMs?|LMMs?|LMs?|SLMs?|language models?|foundation models?|assistants?|"
        r"chatbots?|agents?|encoders?|decoders?|series|family|families|transformers?|versions?|variants?|"
        r"checkpoints?|generators?|retrievers?|rerankers?|verifiers?|judges?|critics?|detectors?|"
        r"classifiers?|embedders?|provers?|autoencoders?|networks?",
        "Model",
    ),
    (
        r"methods?|frameworks?|approach(?:es)?|techniques?|algorithms?|strateg(?:y|ies)|paradigms?|"
        r"pipelines?|mechanisms?|architectures?|objectives?|loss|recipes?|prompting|decoding|attention|"
        r"optimi[sz]ation|systems?|tool(?:kit)?s?|modules?|procedures?|schemes?|protocols?|learning|"
        r"tuning|training|fine-tuning|alignment|search|sampling|distillation|polic(?:y|ies)|adaptation|"
        r"regulari[sz]ation|augmentation|merging|pruning|quantization|normali[sz]ation|designs?|"
        r"taxonomy|platforms?|solutions?",
        "Technique",
    ),
    (r"metrics?|scores?|measures?|indices|index", None),
]
HEAD_WORDS = "|".join(p for p, _ in HEADS)
HEAD = re.compile(rf"\b({HEAD_WORDS})\b", re.I)
HEAD_AFTER = re.compile(rf"\s*({HEAD_WORDS})\b", re.I)
HEAD_TYPES = [(re.compile(p, re.I), t) for p, t in HEADS]
HEAD_END = re.compile(rf"(?:^|[\s-])({HEAD_WORDS})$", re.I)
HEAD_CUT = re.compile(
    r"(?<![\w-])(?:for|with|via|to|that|which|through|by|from|on|in|of|using|where|designed|built|based|"
    r"tailored|consisting|comprising|containing|composed|trained|including|across)(?![\w-])"
)
NO_ENTITY = "-"  # type of names that are no entity
# Coined names end in a word that types them: "LiveBench", "Tele-Eval", "X Corpus", "MathGPT".
NAME_SUFFIX_TYPES = [
    (re.compile(r"(?:[a-z0-9\-]Bench|-bench|[a-z0-9\-]Eval|Arena|[ -]Gym|Leaderboard)$"), "Benchmark"),
    (re.compile(r"(?:[a-z0-9\-](?:Data|Corpus|Dataset)|[ -]Corpus)$"), "Dataset"),
]
WEAK_NAME_SUFFIX = re.compile(r"(?:LLMs?|LMs?|GPT|-\d+(?:\.\d+)?[BM]|Coder|Chat|VLM|Llama|LLaMA)$")
GENERIC_NAMES = re.compile(
    r"^(?:(?:large |small |multimodal |vision[- ]|visual |pre-?trained )*(?:language|reasoning|reward|"
    r"foundation|vision|diffusion) models?|machine learning|deep learning|artificial (?:general )?"
    r"intelligence|natural language processing|computer vision|neural networks?)$",
    re.I,
)

CNAME = r"[A-Z0-9][\w.+\-]*[\w+](?:\s(?=[A-Z0-9])[A-Z0-9][\w.+\-]*[\w+]){0,2}(?:\s[vV]\d+(?:\.\d+)*\b)?"
LONG = r"[A-Z][\w\-]*(?:\s(?:(?:of|for|and|via|with|from|in|on|to|the)\s)?[A-Z][\w\-]*){1,5}"
ACRONYM = r"[A-Z][\w\-]*[A-Z][\w\-]*"
NAMED = rf"(?P<name>{LONG}(?=\s*\({ACRONYM}\))|{CNAME})(?:\s*\((?P<acr>{ACRONYM})\))?"
# Words that say a paper introduces something (as stems: "propose", "proposes", "proposed").
INTRODUCING = (
    "propose",
    "introduce",
    "present",
    "develop",
    "release",
    "construct",
    "curate",
    "build",
    "design",
    "create",
    "contribute",
    "provide",
    "establish",
    "open-source",
    "unveil",
    "devise",
    "offer",
)
INTRODUCE = rf"(?:{'|'.join(INTRODUCING)})(?:s|d|ed)?"
NAMING = ("called", "named", "dubbed", "termed", "coined", "namely", "denoted as", "referred to as")
WE_NAME = ("term", "call", "name", "dub", "refer to")
OURS = ("our", "the proposed")
# Looked at, not consumed: "constructed X, a dataset ..., and introduced Y" names both.
AFTER_NAME = r"(?=(?P<after>[^.;]{0,120}))"
# Words that end the description of what is introduced: in "created by X" or "tools and using X", X is not it.
NOT_DESC = (
    r"(?:by|from|with|and|or|using|via|in|on|at|to|into|upon|for|of|as|that|which|when|while|its|their)"
)
# Each pattern with the words it cannot match without, so that it runs only where one occurs.
PROPOSAL_PATTERNS = [
    # "a new method, namely X" / "a dataset called X" / "(termed X)"
    (NAMING, re.compile(rf"\b(?:{'|'.join(NAMING)})\s+" + NAMED + AFTER_NAME)),
    # "a design we term X" / "we name it X" / "term this ... model as X"
    (
        WE_NAME,
        re.compile(
            rf"(?<=\b[Ww]e )(?:{'|'.join(WE_NAME)})\s+"
            r"(?:(?P<desc>it|this|them|these|(?:the|our|this)\s[^.;,]{0,60}?)\s+(?:as\s+)?)?"
            + NAMED
            + AFTER_NAME
        ),
    ),
    # "we introduce X, a benchmark ..." / "propose an X (ACR) method" / "introduce our dataset X"
    (
        INTRODUCING,
        re.compile(
            r"(?<![\w-])"
            + INTRODUCE
            + r"\s+(?:(?:a|an|the|our|two|three)\s+)?(?P<desc>(?:(?!"
            + NOT_DESC
            + r"\s)[a-z][\w\-]*\s+){0,5}?)"
            r"(?:[a-z][\w\-]*,\s+)?" + NAMED + AFTER_NAME
        ),
    ),
    # "our video generator, X," / "the proposed X"
    (
        OURS,
        re.compile(
            rf"\b(?:{'|'.join(OURS)})\s+(?P<desc>(?:[a-z][\w\-]*\s+){{0,3}}[a-z][\w\-]*),?\s+"
            + NAMED
            + AFTER_NAME
        ),
    ),
]


def _cue_automaton(patterns: list[tuple[tuple[str, ...], re.Pattern]]) -> ahocorasick.Automaton:
    """Cue word -> (its length, indexes of the patterns that start with it)."""
    auto = ahocorasick.Automaton()
    for k, (words, _) in enumerate(patterns):
        for word in words:
            size, ks = auto.get(word, (len(word), ()))
            auto.add_word(word, (size, (*ks, k)))
    auto.make_automaton()
    return auto


PROPOSAL_CUES = _cue_automaton(PROPOSAL_PATTERNS)


class Joined:
    """Sentences joined by newlines: searched in one pass, each hit traced back to its sentence."""

    def __init__(self, sents: list[str]):
        self.count = len(sents)
        self.text = "\n".join(sents)
        self.offsets = list(accumulate((len(s) + 1 for s in sents[:-1]), initial=0))

    def locate(self, pos: int) -> tuple[int, int]:
        """(sentence index, offset in that sentence) of a position in ``text``."""
        i = bisect_right(self.offsets, pos) - 1
        return i, pos - self.offsets[i]

    def sentences_with(self, cue: re.Pattern) -> set[int]:
        """Indexes of the sentences ``cue`` occurs in."""
        return {self.locate(m.start())[0] for m in cue.finditer(self.text)}


def proposal_cues(joined: Joined) -> list[list[tuple[int, tuple[int, ...]]]]:
    """Per sentence, where a cue word starts and the patterns it may start: one pass over all of them."""
    out: list[list[tuple[int, tuple[int, ...]]]] = [[] for _ in range(joined.count)]
    for last, (size, ks) in PROPOSAL_CUES.iter(joined.text):
        i, start = joined.locate(last - size + 1)
        out[i].append((start, ks))
    return out


def proposal_matches(sent: str, cues: list[tuple[int, tuple[int, ...]]]) -> list[tuple[int, re.Match]]:
    """What ``finditer`` of each proposal pattern finds, trying the patterns only where their cue word is.

    Every match starts at a cue word, so trying each cue position in order, from the
    end of the last match on, finds the same matches as scanning the whole sentence.
    """
    out = []
    ends = [0] * len(PROPOSAL_PATTERNS)
    for start, ks in cues:
        for k in ks:
            if start >= ends[k] and (m := PROPOSAL_PATTERNS[k][1].match(sent, start)):
                ends[k] = max(m.end(), start + 1)
                out.append((k, m))
    out.sort(key=lambda km: (km[0], km[1].start()))
    return out


# "X, a large-scale dataset of ..." anywhere (unknown names only), after its cue.
APPOSED_CUE = re.compile(r",\s+an?\s")
# The description is looked at, not consumed: "X, a dataset of ..., and Y, a benchmark" names both.
APPOSED_NAME = re.compile(r"(?<![\w\-])" + NAMED + r"(?=(?P<after>\s*,\s+an?\s[^.;]{0,100}))")
APPOSITION = re.compile(r"^\s*(?:\([^()]*\))?\s*,\s+(?:a|an|the|which is an?)\s+([^.;]{0,100})")
# "the comprehensive Italian-Clue-Instruct dataset": an unknown name typed by the (singular) noun
# after it. Not "DG benchmarks" (a kind) nor "MuST-C En-De dataset" (a part of a known one).
NAME_THEN_HEAD = re.compile(
    r"\b(?:[Tt]he|[Aa]n?|[Oo]ur|[Tt]his|[Ii]ts|[Tt]heir)\s+(?:[a-z][\w\-]*\s+){0,2}"
    rf"(?P<name>{CNAME})\s+(?P<head>data ?set|corpus|benchmark|test ?set|framework|method|algorithm)\b"
)
NAME_HEAD_CUE = re.compile(r"data ?set|corpus|benchmark|test ?set|framework|method|algorithm")
# Lists of data sets: "e-SNLI, TACRED, and SemEval". Items are joined by commas, "and"/"or",
# and may carry a parenthesis ("CommonSenseQA (CSQA), ...").
LIST_GAP = re.compile(r"(?:\s*\([^()]{1,40}\))?(?:\s*,\s*(?P<and>(?:and|or)\s+)?|\s+(?P<and2>and|or)\s+)")
LIST_ITEM = re.compile(rf"{CNAME}(?![\w\-])")
ITEM_BEFORE = re.compile(rf"(?<![\w\-])(?P<item>{CNAME})(?:\s*\([^()]{{1,40}}\))?\s*,\s*(?:(?:and|or)\s+)?$")
NOT_ITEMS = {"table", "figure", "fig", "section", "appendix", "eq", "equation", "step", "stage", "phase"}
DEFINITION = re.compile(r"\((" + ACRONYM + r")\)(\s+\w+)?")
DEFINED_HEAD = re.compile(
    r"framework|method|approach|algorithm|strategy|technique|pipeline|loss|benchmark|dataset|corpus", re.I
)
DETERMINER = re.compile(r"\b(?:a|an|the|our|this|its|their|two|three|another)\s")
CONTRIBUTION = re.compile(
    r"\b(?:[Ww]e|[Tt]his (?:paper|work|study|report))\s+(?:\w+\s+){0,2}?"
    + INTRODUCE
    + r"\s+(?:a|an)\s+([^.;]{0,80})"
)
INTRODUCED = re.compile(INTRODUCE + r"\s+(?:(?:the|an?)\s+)?", re.I)
TITLE_NAME = re.compile(r"^\s*([^:!?]{2,60}?)\s*[:!]\s+(.+)$")
REPORT_SUFFIX = re.compile(r"\s+(?:Technical\s+)?Report$", re.I)
NOT_NP_START = re.compile(
    r"^(?:\w+ing|Towards?|On|When|How|Why|What|Can|Do|Does|Is|Are|Beyond|Enable\w*|Make\w*|Let\w*)\b"
)
STOPWORDS = {
    "a",
    "an",
    "the",
    "of",
    "for",
    "and",
    "or",
    "in",
    "on",
    "to",
    "with",
    "via",
    "is",
    "are",
    "from",
    "by",
    "at",
    "as",
    "we",
    "our",
    "this",
    "that",
    "how",
    "why",
    "what",
    "when",
    "do",
    "does",
    "can",
    "not",
    "be",
    "it",
    "its",
    "you",
    "all",
    "more",
    "less",
    "towards",
    "toward",
    "these",
    "them",
    "which",
    "each",
    "both",
    "such",
    "some",
    "using",
    "based",
    "first",
}
# Who makes models, never a name of what they make.
ORGANISATIONS = {
    norm(o)
    for o in (
        "OpenAI", "Google", "Google DeepMind", "DeepMind", "Google Research", "Meta", "Meta AI", "FAIR",
        "Microsoft", "Microsoft Research", "Anthropic", "Alibaba", "Alibaba Cloud", "Baidu", "Tencent",
        "ByteDance", "NVIDIA", "Apple", "Amazon", "AWS", "IBM", "Hugging Face", "HuggingFace", "AI2",
        "Allen Institute for AI", "Mistral AI", "xAI", "Cohere", "Zhipu AI", "01.AI", "DeepSeek-AI",
        "Stability AI", "EleutherAI", "LMSYS", "Salesforce", "Intel", "AMD", "Huawei", "Samsung",
        "Moonshot AI", "Shanghai AI Lab", "Shanghai AI Laboratory", "GitHub", "Kaggle", "arXiv",
    )
}  # fmt: skip
# Acronyms of classes of things, never a name: "LLMs", "VLM", "NLP".
GENERIC_ACRONYMS = {
    "llm",
    "lm",
    "vlm",
    "mllm",
    "lmm",
    "lrm",
    "slm",
    "plm",
    "lvlm",
    "ai",
    "agi",
    "nlp",
    "nlu",
    "nlg",
    "ml",
    "dl",
    "qa",
    "ir",
    "cv",
    "gpu",
    "gpus",
    "tpu",
    "api",
    "rl",
    "sota",
    "nn",
    "dnn",
    "cnn",
    "gnn",
    "asr",
    "tts",
}
ADJECTIVE_END = re.compile(
    r"-(?:[a-z]+ed|based|driven|aware|level|specific|like|style|wise|free|only|scale|shot|grained)$"
)
NAME_CONNECTORS = {"of", "for", "and", "via", "with", "from", "in", "on", "to", "the"}
NOT_IN_NAMES = STOPWORDS - NAME_CONNECTORS

# --- results -------------------------------------------------------------------------

# A number, or a range "2-3%" / "from 7% to 33%" (both ends are results).
NUMBER = re.compile(
    r"(?<![\w.@\-+/])([+\u2212]?)(\d+(?:\.\d+)?)(\s*(?:%|percent\b|pp\b|points?\b|pts\b))?"
    r"(?:\s*(?:-|\u2013|~|to|\u2192|->)\s*(\d+(?:\.\d+)?)(\s*(?:%|percent\b|pp\b|points?\b|pts\b))?)?(?![\w.])"
)
NOT_A_SCORE = re.compile(
    r"\s*(?:[BMKkT]\b|x\b|×|times|billion|million|thousand|tokens?|samples?|examples?|GPUs?|hours?|"
    r"days?|minutes?|seconds?|ms\b|languages?|tasks?|steps?|epochs?|layers?|parameters?|params|"
    r"-?shot|-?step|instances?|problems?|questions?|pairs?|images?|videos?|models?|benchmarks?|"
    r"datasets?|domains?|categories|users?|annotators?|trajectories|documents?|words?|turns?|rounds?|"
    r"queries|prompts?|k\b|of\b|fewer|less|more\b|smaller|larger|faster|slower|lower|higher (?:cost|latency)|"
    r"reduction|speed|cost|memory|GB|MB|FLOPs|dollars|USD|out of|/|:\d)",
    re.I,
)
EFFICIENCY = re.compile(
    r"\b(?:cost|costs|memory|latency|speed\w*|time|tokens|parameters|compute|FLOPs|fewer|less|reduc\w*|"
    r"faster|size|throughput|budget|data|only|top|pass|maj|first|last|version|step|around|about)\W*$",
    re.I,
)
METRIC_WORDS = re.compile(
    r"\s*((?:(?:length-controlled|LC|absolute|relative|average|avg\.?|top-\d|exact|zero-shot|few-shot|"
    r"\d+-shot|pass@\d+|maj@\d+|accuracy|acc\.?|win|rate|score|points?|F1|EM|exact-match|match|BLEU|"
    r"ROUGE(?:-\w+)?|Elo|success|solve|resolve|resolution|rates?|improvement|gain|increase|higher|"
    r"performance|Pass@\d+)\s*){1,5})",
    re.I,
)
SCORE_CUE = re.compile(
    r"\b(?:achiev\w*|improv\w*|outperform\w*|surpass\w*|scor\w*|accura\w*|gains?|boost\w*|reach\w*|"
    r"attain\w*|exceed\w*|win rates?|pass@\d+|sets? a new|state-of-the-art|SOTA|results?|performance)\b",
    re.I,
)
NUMBER_THEN_BENCH = re.compile(
    r"^[^\d;]{0,40}?\b(?:on|in|at|for|across|over)\s+(?:the\s+)?(?:[a-z][\w\-]*\s+){0,2}$", re.I
)
BENCH_THEN_NUMBER = re.compile(
    r"^\s*(?:benchmark|dataset|test set|leaderboard)?\s*(?:\(|:|,|=)?\s*"
    r"(?:(?:with|by|of|at|achieving|reaching|scoring|attaining|to|and|an?|the|[\w\-]+@\d+|[A-Za-z\-]+)\s+){0,4}?"
    r"(?:of|at|=|:|to|by|achieving|reaching|scoring)?\s*$",
    re.I,
)
OTHER_EVALS = re.compile(r"\b(?:benchmarks|datasets|tasks|test sets)\b", re.I)
PAREN_AFTER = re.compile(r"\s*(?:[a-z][\w-]*\s+){0,4}\(([^()]{1,80})\)")
LEADING = re.compile(r"^\W*(?:On|In|For|Across|With)\s+(?:the\s+)?$")
DELTA_CUE = re.compile(
    r"\b(by|improv\w*|gains?|boost\w*|increas\w*|outperform\w*|lift\w*|up to|over|surpass\w*|margin)\b[^.;]{0,30}$",
    re.I,
)


@dataclass
class Span:
    start: int
    end: int
    entry: Entry
    surface: str
    like: Span | None = None  # a list item's known neighbour, whose type and role it takes


@dataclass
class Found:
    """Working state for one paper."""

    mentions: list[Mention] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    proposed: dict[str, str] = field(default_factory=dict)  # norm(name) -> type
    defined: dict[str, str] = field(default_factory=dict)  # acronym -> the long form the paper gives
    own: dict[str, Mention] = field(default_factory=dict)  # benchmarks the paper proposes, by name

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        if mention.role == "proposes" and mention.type == "Benchmark":
            self.own.setdefault(mention.name, mention)


class Extractor:
    """Extraction with one ontology, compiled once and reused for every paper."""

    def __init__(self, ontology: Ontology | None = None):
        self.ontology = ontology or default_ontology()
        # The same few thousand surfaces and names recur across papers: look each up once.
        self._entries: dict[str, Entry | None] = {}
        self._known_names: dict[str, Entry | None] = {}

    # -- dictionary matching ----------------------------------------------------------

    def match(self, text: str) -> list[Span]:
        """Ontology names in ``text``, leftmost first, the longest at each start, never overlapping."""
        return self._choose(text, sorted(set(self.ontology.spots(text)), key=_longest_first))

    def match_sentences(self, text: str, sents: list[tuple[int, str]]) -> list[list[Span]]:
        """``match`` of each (offset, sentence) of ``text``, with one automaton pass over all of it."""
        windows = sorted(set(self.ontology.spots(text)), key=_longest_first)
        out, k = [], 0
        for offset, sent in sents:
            stop = offset + len(sent)
            inside = []
            while k < len(windows) and windows[k][0] < stop:
                start, end = windows[k]
                k += 1
                if start >= offset and end <= stop:
                    inside.append((start - offset, end - offset))
            out.append(self._choose(sent, inside))
        return out

    def _choose(self, text: str, windows: list[tuple[int, int]]) -> list[Span]:
        """From windows sorted by start, longest first: at each start the longest that names an alias."""
        spans: list[Span] = []
        taken = 0
        for start, end in windows:
            if start >= taken:
                span = self._lookup(text, start, end)
                if span:
                    spans.append(span)
                    taken = end
        return spans

    def _lookup(self, text: str, start: int, end: int) -> Span | None:
        """The alias ``text[start:end]`` spells (or its plural), case checked where it must be."""
        surface = text[start:end]
        if surface not in self._entries:
            _bounded(self._entries)[surface] = self._entry(surface)
        entry = self._entries[surface]
        return Span(start, end, entry, surface) if entry else None

    def _entry(self, surface: str) -> Entry | None:
        words = TOKEN.findall(surface)
        for plural in (False, True):
            if plural:
                if len(words[-1]) < 3 or not words[-1].endswith("s"):
                    return None
                words = [*words[:-1], words[-1][:-1]]
            key = join_tokens([w.lower() for w in words])
            fits = [a for a in self.ontology.index.get(key, ()) if a.fits_case(words)]
            if fits:  # an alias written exactly so beats one that only fits
                return next((a for a in fits if a.tokens == words), fits[0]).entry
        return None

    # -- per paper ----------------------------------------------------------------------

    def extract(self, paper: Paper) -> Extraction:
        """Entities and results of one paper: its title and each sentence of its abstract."""
        found = Found()
        body = sentences(paper.abstract) if paper.abstract else []
        extra = self._proposals(paper, [s for _, s in body], found)
        # Title and abstract are matched in one pass; "\n" keeps names from spanning them.
        text = f"{paper.title}\n{paper.abstract}"
        sents = [(0, paper.title)] if paper.title else []
        sents += [(len(paper.title) + 1 + offset, sent) for offset, sent in body]
        known = self.match_sentences(text, sents)
        coined = Extractor(extra).match_sentences(text, sents) if extra else [[]] * len(sents)
        for (_, sent), spans, new in zip(sents, known, coined, strict=True):
            self._sentence(sent, found, spans, new)
        return Extraction(
            id=paper.id or paper.default_id(),
            title=paper.title,
            entities=_dedupe(found.mentions),
            results=found.results,
        )

    def _proposals(self, paper: Paper, abstract: list[str], found: Found) -> Ontology | None:
        """Names the paper introduces or defines, as a small ontology matched beside the shipped one."""
        names: dict[str, list] = {}  # norm(name) -> [name, type or None, aliases, proposed]
        sents = [s.replace("*", "") for s in abstract]
        # Each pattern runs only in the sentences where its cue occurs, found in one pass over all.
        joined = Joined(sents)
        cues = proposal_cues(joined)
        apposed, headed = joined.sentences_with(APPOSED_CUE), joined.sentences_with(NAME_HEAD_CUE)
        for i, sent in enumerate(sents):
            for _, m in proposal_matches(sent, cues[i]):
                self._candidate(m, sent, names, anywhere=False)
            if i in apposed:
                for m in APPOSED_NAME.finditer(sent):
                    self._candidate(m, sent, names, anywhere=True)
            if i in headed:
                for m in NAME_THEN_HEAD.finditer(sent):
                    self._headed(m["name"], m["head"], names)
        for sent in [paper.title, *sents]:
            if "(" in sent:
                self._definitions(sent, names, found)
        self._title_candidate(paper, sents, names)
        entries = []
        for key, (name, type_, aliases, proposed) in names.items():
            if type_ == NO_ENTITY:
                continue
            known = self._known(name)
            if known:  # the ontology's type wins over the wording around a name it knows
                if proposed and type_ in (None, known.type):
                    found.proposed[norm(known.name)] = known.type
                continue
            type_ = type_ or self._shape_type(name) or "Technique"
            if proposed:
                found.proposed[key] = type_
            sensitive = " " not in name and not name.islower()
            entries.append(Entry(name=name, aliases=sorted(aliases), type=type_, case_sensitive=sensitive))
        return Ontology(entries) if entries else None

    def _candidate(self, m: re.Match, sent: str, names: dict[str, list], anywhere: bool) -> None:
        """Record one proposal match: its name, acronym and the type its wording gives."""
        name, acr = m["name"].rstrip(".-"), m["acr"]
        if not _looks_like_name(name):
            return
        after = m["after"] or ""
        groups = m.groupdict()
        desc = groups.get("desc") or ("" if "desc" in groups else sent[max(0, m.start() - 80) : m.start()])
        head = HEAD_AFTER.match(after)
        appos = APPOSITION.match(after)
        if anywhere:
            if self._known(name) or not appos:
                return
            type_ = _suffix_type(name) or _head_type(appos.group(1))
            if type_ is None:
                return
        else:
            type_ = (
                _suffix_type(name)
                or (_head_word_type(head.group(1)) if head else None)
                or (_head_type(appos.group(1)) if appos else None)
                or _last_head_type(desc)
                or _name_head_type(name)
            )
        _add_name(names, name, type_, acr, proposed=True)
        words = name.split()
        if head and len(words) > 1 and head.group(1).islower() and all(w[:1].isupper() for w in words):
            # "the Adaptive Hierarchical Prompt framework": the mention takes in the head noun.
            _add_name(names, name, type_, f"{name} {head.group(1)}", proposed=True)

    def _headed(self, name: str, head: str, names: dict[str, list]) -> None:
        """An unknown coined name the next word types: "the Italian-Clue-Instruct dataset"."""
        if _looks_like_name(name) and not self._known(name) and not self._shape_type(name):
            _add_name(names, name, _suffix_type(name) or _head_word_type(head), None, proposed=False)

    def _definitions(self, sent: str, names: dict[str, list], found: Found) -> None:
        """``Long Form (LF)``: remember the acronym; a typed, unknown long form is an entity."""
        for m in DEFINITION.finditer(sent):
            acr = m.group(1)
            long = _long_form(" ".join(sent[max(0, m.start() - 80) : m.start()].split()[-7:]), acr)
            if not long:
                continue
            found.defined[acr] = long
            if self._known(long) or self._known(acr) or GENERIC_NAMES.match(long) or norm(long) in names:
                continue
            next_word = m.group(2).strip() if m.group(2) else ""
            type_ = _name_head_type(long) or (
                _head_word_type(next_word) if DEFINED_HEAD.fullmatch(next_word) else None
            )
            if type_ in (None, "Model"):  # "Multimodal Diffusion Transformers": a kind of a known technique
                words = long.split()
                tail = next(
                    filter(None, (self._known(" ".join(words[i:])) for i in range(1, len(words)))), None
                )
                type_ = tail.type if tail and tail.type != "Model" else type_
            if type_ not in (None, NO_ENTITY, "Model"):
                # "medical evaluation benchmark (MIBE)" describes a data set: the acronym names it.
                described = long.islower() and type_ in ("Benchmark", "Dataset")
                name, alias = (acr, long) if described else (long, acr)
                _add_name(names, name, type_, alias, proposed=False)

    def _title_candidate(self, paper: Paper, sents: list[str], names: dict[str, list]) -> None:
        """``X: a ... benchmark for ...`` titles name what the paper introduces."""
        m = TITLE_NAME.match(paper.title)
        if not m:
            return
        name, subtitle = REPORT_SUFFIX.sub("", m.group(1).strip()), m.group(2)
        words = name.split()
        if len(words) > 1 and NOT_NP_START.match(name):  # "Understanding X: ..." is about X
            return
        plain = not _looks_like_name(name) or all(w[:1].isupper() and w[1:].islower() for w in words)
        if GENERIC_NAMES.match(name) or any(w.lower() in STOPWORDS for w in words) or len(words) > 5:
            return
        if plain and len(words) > 1:
            if not (_name_head_type(name) or _introduces(paper.abstract, name)):
                return
        elif plain and not (name[:1].isupper() and len(name) > 3):
            return
        key = norm(name)
        prefixed = [v[1] for k, v in names.items() if k.startswith(key) and k != key and v[1]]
        np_subtitle = not NOT_NP_START.match(subtitle) and not re.search(
            r"\b(?:are|is|can|do|does)\b", subtitle
        )
        type_ = (
            _suffix_type(name)
            or (names[key][1] if key in names else None)
            or (_head_type(subtitle) if np_subtitle else None)
            or _name_head_type(name)
            or (prefixed[0] if prefixed else None)
            or next((_head_type(c.group(1)) for s in sents for c in CONTRIBUTION.finditer(s)), None)
            or _weak_suffix_type(name)
        )
        _add_name(names, name, type_, None, proposed=True)

    def _shape_type(self, name: str) -> str | None:
        """ "Model" for a name shaped like one: a known model extended ("Qwen2.5-Math-Instruct-7B"), or Name-7B."""
        if MODEL_SHAPE.fullmatch(name):
            return "Model"
        head = self.match(name)
        if head and head[0].start == 0 and head[0].entry.type == "Model":
            ext = MODEL_EXTENSION.match(name, head[0].end)
            return "Model" if ext and ext.end() == len(name) else None
        return None

    def _known(self, name: str) -> Entry | None:
        if name not in self._known_names:
            aliases = self.ontology.index.get(match_key(name), ())
            _bounded(self._known_names)[name] = aliases[0].entry if aliases else None
        return self._known_names[name]

    def _sentence(self, sent: str, found: Found, known: list[Span], coined: list[Span]) -> None:
        """Mentions and results of one sentence, given the ontology's and the paper's names in it."""
        spans = [s for s in known if self._fits_definitions(s, found)]
        if coined:
            spans = _longest(coined + spans)
        spans += self._shapes(sent, spans)
        spans += self._list_siblings(sent, spans)
        spans.sort(key=lambda s: s.start)
        mentions = {id(s): self._mention(sent, s, spans, found) for s in spans if s.like is None}
        kept: list[tuple[Span, Mention]] = []
        for span in spans:
            mention = mentions[id(span)] if span.like is None else _like(span, mentions[id(span.like)])
            if mention:
                kept.append((span, mention))
                found.add(mention)
        if any(m.type in ("Benchmark", "Dataset") for _, m in kept):
            found.results += _results(sent, kept)
        elif len(found.own) == 1 and not OTHER_EVALS.search(sent):
            own = next(iter(found.own.values()))
            # A benchmark paper reports scores on its benchmark without naming it again.
            own_span = Span(0, 0, Entry(name=own.name, type="Benchmark"), "")
            found.results += _results(sent, [(own_span, own), *kept], scores_only=True)

    def _fits_definitions(self, span: Span, found: Found) -> bool:
        """An acronym the paper defines as something else ("Formal Language (FL)") is not this entry."""
        long = found.defined.get(span.surface)
        if long is None or self._known(long) is span.entry or norm(span.entry.name) in norm(long):
            return True
        stem = long.split()[-1][:5].lower()
        return any(a.split()[-1][:5].lower() == stem for a in [span.entry.name, *span.entry.aliases])

    def _shapes(self, sent: str, spans: list[Span]) -> list[Span]:
        """Model names by shape: known names extended by size/variant, and unknown Name-7B forms."""
        out: list[Span] = []
        for i, span in enumerate(spans):
            split = BENCH_SPLIT.match(sent, span.end) if span.entry.type in ("Benchmark", "Dataset") else None
            if span.entry.type != "Model" and not split:
                split = VERSION.match(sent, span.end)
            if split:
                surface = sent[span.start : split.end()]
                known = self._known(surface)
                entry = known or Entry(name=surface, type=span.entry.type, parent=span.entry.name)
                spans[i] = Span(span.start, split.end(), entry, surface)
            # "MiniF2F-Valid and Test": the second split of the same benchmark.
            tail = (
                SPLIT_TAIL.search(spans[i].surface) if span.entry.type in ("Benchmark", "Dataset") else None
            )
            if tail and (other := SECOND_SPLIT.match(sent, spans[i].end)):
                base = spans[i].surface[: tail.start()]
                name = f"{base}-{other.group(1)}"
                parent = self._known(base)
                entry = self._known(name) or Entry(
                    name=name, type=span.entry.type, parent=parent.name if parent else None
                )
                out.append(Span(other.start(1), other.end(1), entry, other.group(1)))
            if span.entry.type != "Model":
                continue
            ext = MODEL_EXTENSION.match(sent, span.end)
            if ext and ext.end() > span.end:
                surface = sent[span.start : ext.end()]
                known = self._known(surface) or self.ontology.models_by_parts.get(model_parts(surface))
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
            out += self._size_list(sent, spans[i])
        if not SIZE_CUE.search(sent):
            return out
        taken = [(s.start, s.end) for s in spans]
        for m in MODEL_SHAPE.finditer(sent):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            head = m.group(1)
            if head.split()[0].lower() in NOT_MODEL_NAMES or (head.isupper() and len(head) <= 2):
                continue
            surface = m.group(0)
            known = self._known(surface)
            entry = (
                known
                if known and known.type == "Model"
                else Entry(name="-".join(surface.replace("_", " ").split()), type="Model")
            )
            out.append(Span(m.start(), m.end(), entry, surface))
        return out

    def _list_siblings(self, sent: str, spans: list[Span]) -> list[Span]:
        """Unknown names listed with a known data set or benchmark, typed like it.

        An item after a bare comma must be followed by another ("A, X, and B"), so that
        "on A and B, X achieves" does not make X a benchmark.
        """
        listed = [s for s in spans if s.entry.type in ("Benchmark", "Dataset")]
        if not listed:
            return []
        starts = {s.start: s for s in spans}
        out: dict[int, Span] = {}
        for span in listed:
            pos = span.end
            while gap := LIST_GAP.match(sent, pos):
                if (sibling := starts.get(gap.end())) is not None:
                    if sibling.entry.type != span.entry.type:
                        break
                    pos = sibling.end
                    continue
                item = LIST_ITEM.match(sent, gap.end())
                closes = bool(gap["and"] or gap["and2"])
                if not item or not (closes or LIST_GAP.match(sent, item.end())):
                    break
                if self._list_item(item.group()):
                    out.setdefault(item.start(), _item_span(item, span))
                pos = item.end()
            before = ITEM_BEFORE.search(sent, max(0, span.start - 80), span.start)
            if before and self._list_item(before["item"]):
                out.setdefault(before.start("item"), _item_span(before, span, "item"))
        return [s for s in out.values() if not any(a.start < s.end and s.start < a.end for a in spans)]

    def _list_item(self, name: str) -> bool:
        """A coined name (not a plain capitalised phrase) that neither the ontology nor its shape types."""
        words = name.split()
        return (
            _looks_like_name(name)
            and not all(w[:1].isupper() and w[1:].islower() for w in words)
            and words[0].lower() not in NOT_ITEMS
            and self._known(name) is None
            and self._shape_type(name) is None
        )

    def _size_list(self, sent: str, span: Span) -> list[Span]:
        """The other sizes of a listed model: "Qwen2.5-Math-1.5B/7B/72B", "Qwen2.5-Coder-(0.5B/7B)"."""
        listed = SIZE_LIST.match(sent, span.end)
        if not listed:
            return []
        own = SIZE_END.search(span.surface)
        if listed.group(1) is None and not own:
            return []
        stem = span.surface[: own.start()] if listed.group(1) is None else span.surface + "-"
        parent = span.entry.parent if listed.group(1) is None else span.entry.name
        out = []
        for size in re.compile(SIZE).finditer(sent, listed.start(), listed.end()):
            surface = stem + size.group(0)
            known = self._known(surface)
            name = "-".join(surface.replace("_", " ").split())
            entry = (
                known if known and known.type == "Model" else Entry(name=name, type="Model", parent=parent)
            )
            out.append(Span(size.start(), size.end(), entry, size.group(0)))
        return out

    def _mention(self, sent: str, span: Span, spans: list[Span], found: Found) -> Mention | None:
        entry = span.entry
        if entry.ambiguous and not _context_ok(sent, span, spans):
            return None
        type_ = entry.type
        before = sent[max(0, span.start - 120) : span.start]
        before = CLAUSE_BREAK.split(before)[-1]
        after = sent[span.end : span.end + 40]
        if found.proposed and (norm(entry.name) in found.proposed or norm(span.surface) in found.proposed):
            role = "proposes"
        elif type_ == "Model":
            if BUILDS_ON_AFTER.search(after) or BUILDS_ON.search(before):
                role = "builds_on"
            elif COMPARES.search(before):
                role = "compares_with"
            else:
                role = "uses"
        elif type_ in ("Dataset", "Benchmark"):
            if BENCH_AFTER.match(after) or _suffix_type(entry.name) == "Benchmark":
                train, evaluate, type_ = False, True, "Benchmark"
            else:
                train = bool(TRAIN_CUE.search(before))
                evaluate = bool(
                    EVAL_CUE.search(before) or SCORE_AFTER.match(after) or SCORED_AFTER.match(after)
                )
            if train and not (type_ == "Benchmark" and evaluate):
                role, type_ = "trains_on", "Dataset"
            elif type_ == "Dataset" and evaluate and TEST_CUE.search(before):
                role, type_ = "evaluates_on", "Benchmark"
            else:
                role = DEFAULT_ROLE[type_]
        else:
            role = DEFAULT_ROLE[type_]
        return Mention(type=type_, name=entry.name, mention=span.surface, role=role, evidence=sent.strip())


def _bounded(cache: dict) -> dict:
    """``cache``, emptied when it has grown past what recurring names need."""
    if len(cache) > 1 << 16:
        cache.clear()
    return cache


def _item_span(m: re.Match, like: Span, group: int | str = 0) -> Span:
    name = " ".join(m.group(group).split())
    return Span(m.start(group), m.end(group), Entry(name=name, type=like.entry.type), m.group(group), like)


def _like(span: Span, neighbour: Mention | None) -> Mention | None:
    """A list item's mention: its neighbour's type and role (not "proposes", which the paper says of one name)."""
    if neighbour is None:
        return None
    role = DEFAULT_ROLE[neighbour.type] if neighbour.role == "proposes" else neighbour.role
    return neighbour.model_copy(update={"name": span.entry.name, "mention": span.surface, "role": role})


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


def _longest_first(window: tuple[int, int]) -> tuple[int, int]:
    return window[0], -window[1]


def _longest(spans: list[Span]) -> list[Span]:
    """Spans without overlaps, the longer kept (the first listed on ties)."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start - s.end):
        if not any(k.start < span.end and span.start < k.end for k in kept):
            kept.append(span)
    return kept


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


def _add_name(names: dict[str, list], name: str, type_: str | None, acr: str | None, proposed: bool) -> None:
    key = norm(name)
    item = names.setdefault(key, [name, None, set(), proposed])
    if item[1] is None:
        item[1] = type_
    if acr and norm(acr) != key:
        item[2].add(acr)
    item[3] = item[3] or proposed


def _looks_like_name(name: str) -> bool:
    """A coined name: capitals inside, digits or hyphens, not an ordinary phrase."""
    name = name.strip()
    words = name.split()
    if not 2 <= len(name) <= 60 or len(words) > 6 or GENERIC_NAMES.match(name) or norm(name) in ORGANISATIONS:
        return False
    if words[0].lower() in STOPWORDS or words[-1].lower() in STOPWORDS:
        return False
    if any(w.lower() in NOT_IN_NAMES for w in words):
        return False
    if not all(w[:1].isupper() or w[:1].isdigit() or w in NAME_CONNECTORS for w in words):
        return False
    if ADJECTIVE_END.search(name) or sum(c.isalpha() for c in name) < 2:
        return False
    if any(w.removesuffix("s").lower() in GENERIC_ACRONYMS for w in words):
        return False
    return any(c.isupper() for c in name[1:]) or any(c.isdigit() for c in name) or "-" in name


def _long_form(words: str, acr: str) -> str | None:
    """The fewest words before ``(ACR)`` that the acronym abbreviates.

    The acronym's capitals and digits are the initials of the words (some words may be
    skipped), or failing that occur in the words in order, the first at the start of
    the first word ("MM-DiT": "Multimodal Diffusion Transformer").
    """
    letters = "".join(c for c in acr if c.isupper() or c.isdigit()).lower()
    tokens = words.split()
    starts = [
        k for k in range(1, min(len(tokens), len(letters) + 5) + 1) if tokens[-k][:1].lower() == letters[:1]
    ]
    starts = [
        k for k in starts if tokens[-k].lower() not in STOPWORDS and acr.lower() not in tokens[-k].lower()
    ]
    # Initials first ("Tree of Thoughts", not "Thoughts", for ToT), then letters inside words.
    for fits in (_initials_fit, _letters_fit):
        for k in starts:
            long = " ".join(tokens[-k:])
            if "," in long:  # "methods, including LoRA, (IA)^3": a list, not a long form
                continue
            if fits(letters, long.lower()):
                return long
    return None


def _initials_fit(letters: str, long: str) -> bool:
    initials = "".join(p[0] for p in re.split(r"[\s\-]+", long) if p)
    it = iter(initials)
    return len(initials) >= len(letters) - 1 and all(c in it for c in letters)


def _letters_fit(letters: str, long: str) -> bool:
    i = len(long) - 1
    for n, c in enumerate(reversed(letters)):
        first = n == len(letters) - 1
        while i >= 0 and (long[i] != c or (first and i > 0 and long[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return False
        i -= 1
    return True


def _introduces(text: str, name: str) -> bool:
    """``text`` says it introduces ``name``: "we present X", "introduces the X" (any case)."""
    name = name.lower()
    return any(text[m.end() : m.end() + len(name)].lower() == name for m in INTRODUCED.finditer(text))


def _head_word_type(word: str) -> str | None:
    for pattern, type_ in HEAD_TYPES:
        if pattern.fullmatch(word):
            return type_ or NO_ENTITY
    return None


def _head_type(phrase: str) -> str | None:
    """Type named by the head noun of a descriptive phrase ("a benchmark for ..." -> Benchmark)."""
    chunk = HEAD_CUT.split(phrase)[0].strip(" ,")
    return _typed_head(chunk, HEAD_END.search(chunk))


def _last_head_type(phrase: str) -> str | None:
    """Type named by the noun phrase just before a name ("a new method, namely X" -> Technique)."""
    phrase = phrase[-80:]
    dets = list(DETERMINER.finditer(phrase))
    if dets:
        return _head_type(phrase[dets[-1].end() :].rstrip(" ,("))
    heads = list(HEAD.finditer(phrase))
    return _typed_head(phrase, heads[-1]) if heads else None


def _typed_head(chunk: str, head: re.Match | None) -> str | None:
    if head is None:
        return None
    type_ = _head_word_type(head.group(1))
    if type_ == "Dataset" and re.search(r"\b(?:benchmark|evaluation|test)\b", chunk[: head.start(1)], re.I):
        return "Benchmark"
    return type_


def _name_head_type(name: str) -> str | None:
    """Type given by a name's own last word ("Direct Nash Optimization" -> Technique)."""
    m = HEAD_END.search(name)
    return _head_word_type(m.group(1)) if m else _suffix_type(name)


def _suffix_type(name: str) -> str | None:
    return next((t for pattern, t in NAME_SUFFIX_TYPES if pattern.search(name)), None)


def _weak_suffix_type(name: str) -> str | None:
    return "Model" if WEAK_NAME_SUFFIX.search(name) else None


def _results(sent: str, kept: list[tuple[Span, Mention]], scores_only: bool = False) -> list[Result]:
    """Numbers the sentence ties to a benchmark (or an evaluation data set) it names.

    ``scores_only`` keeps only numbers written as scores (a percentage, or followed by a metric).
    """
    benches = [(s, m) for s, m in kept if m.type in ("Benchmark", "Dataset")]
    if not benches:
        return []
    taken = [(s.start, s.end) for s, _ in kept]
    numbers = [n for n in NUMBER.finditer(sent) if _is_score(sent, n, taken)]
    if scores_only:
        numbers = [n for n in numbers if n.group(3) or METRIC_WORDS.match(sent, n.end())]
    if not numbers:
        return []
    models = [(s, m) for s, m in kept if m.type == "Model"]
    tied: dict[int, list[tuple[Span, Mention]]] = {}
    groups = _number_groups(sent, numbers)
    if re.search(r"\brespectively\b", sent):
        for group in groups:
            after = [b for b in benches if b[0].start > group[-1].end()]
            before = [b for b in benches if b[0].end <= group[0].start()]
            listed = after if len(after) >= len(group) else before[-len(group) :]
            if len(group) > 1 and len(listed) == len(group):
                for num, bench in zip(group, listed, strict=True):
                    tied[num.start()] = [bench]
    for group in groups:
        last = group[-1]
        if last.start() in tied:
            continue
        metric = METRIC_WORDS.match(sent, last.end())
        rest = metric.end() if metric else last.end()
        bench = next((b for b in benches if b[0].start >= rest), None)
        if bench and NUMBER_THEN_BENCH.match(sent[rest : bench[0].start]):
            for num in group:
                tied[num.start()] = [bench]
    for group in groups:
        inside = PAREN_AFTER.match(sent, group[-1].end())
        listed = (
            [b for b in benches if inside.start(1) <= b[0].start and b[0].end <= inside.end(1)]
            if inside
            else []
        )
        if listed and group[0].start() not in tied:
            for num in group:
                tied[num.start()] = listed
    for span, mention in benches:
        nxt = next((n for n in numbers if n.start() >= span.end), None)
        if nxt is None or nxt.start() in tied:
            continue
        gap = sent[span.end : nxt.start()]
        if (
            len(gap) <= 40
            and BENCH_THEN_NUMBER.match(gap)
            and not any(span.end < s.start < nxt.start() for s, _ in kept)
        ):
            tied[nxt.start()] = [(span, mention)]
    leading = [b for b in benches if LEADING.match(sent[: b[0].start]) or _listed_after(sent, b, benches)]
    if leading:
        for num in numbers:
            tied.setdefault(num.start(), leading)
    elif len({m.name for _, m in benches if m.type == "Benchmark"}) == 1 and SCORE_CUE.search(sent):
        only = [b for b in benches if b[1].type == "Benchmark"][:1]
        for num in numbers:
            if num.group(3) or num.group(1) == "+" or "." in num.group(2):
                tied.setdefault(num.start(), only)
    out: dict[tuple[str, float], Result] = {}
    for num in numbers:
        for _, mention in tied.get(num.start(), []):
            for value in _values(num):
                head = sent[max(0, num.start() - 50) : num.start()]
                delta = num.group(1) == "+" or bool(DELTA_CUE.search(head))
                model = next((m.name for s, m in reversed(models) if s.end <= num.start()), None)
                metric = METRIC_WORDS.match(sent, num.end())
                out.setdefault(
                    (mention.name, value),
                    Result(
                        benchmark=mention.name,
                        value=value,
                        metric=metric.group(1).strip() if metric else None,
                        model=model,
                        delta=delta,
                        evidence=sent.strip(),
                    ),
                )
    return list(out.values())


def _is_score(sent: str, num: re.Match, taken: list[tuple[int, int]]) -> bool:
    """A number that reads as a score or a gain, not a size, a count, a year or a part of a name."""
    if any(a <= num.start() < b for a, b in taken):
        return False
    if NOT_A_SCORE.match(sent, num.end()) or EFFICIENCY.search(sent[max(0, num.start() - 25) : num.start()]):
        return False
    value = num.group(2)
    if re.fullmatch(r"(19|20)\d\d", value):
        return False
    return bool(
        num.group(3) or num.group(5) or num.group(1) or "." in value or METRIC_WORDS.match(sent, num.end())
    )


def _number_groups(sent: str, numbers: list[re.Match]) -> list[list[re.Match]]:
    """Numbers listed together ("36.5% and 40.2%", "7%, 9% and 12%") form one group."""
    groups: list[list[re.Match]] = []
    for num in numbers:
        if groups and re.fullmatch(
            r"\s*(?:,|and|,\s*and|/|vs\.?)\s*", sent[groups[-1][-1].end() : num.start()]
        ):
            groups[-1].append(num)
        else:
            groups.append([num])
    return groups


def _listed_after(sent: str, bench: tuple[Span, Mention], benches: list[tuple[Span, Mention]]) -> bool:
    """A benchmark listed right after a leading one: "On TransCoder and MBPP, ..."."""
    before = [b for b in benches if b[0].end <= bench[0].start]
    return (
        bool(before)
        and LEADING.match(sent[: before[0][0].start]) is not None
        and bool(re.fullmatch(r"\s*(?:,|and|,\s*and)\s*", sent[before[-1][0].end : bench[0].start]))
    )


def _values(num: re.Match) -> list[float]:
    sign = -1.0 if num.group(1) == "\u2212" else 1.0
    values = [sign * float(num.group(2))]
    if num.group(4):
        values.append(float(num.group(4)))
    return values


def extract(paper: Paper, extractor: Extractor | None = None) -> Extraction:
    """Entities and results of one paper with the shipped ontology."""
    return (extractor or Extractor()).extract(paper)
