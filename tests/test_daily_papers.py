from pathlib import Path

import pytest

from graph.errors import InputError
from loaders import daily_papers

HEADER = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\nbyAK and the research community\n\nSep 5\n\n"


def test_header_is_skipped_and_pairs_become_papers():
    text = HEADER + "Title One\n\nAbstract one. It has two sentences.\n\nTitle Two\n\nAbstract two.\n"
    papers = daily_papers.parse(text, "dump.txt")
    assert [p.title for p in papers] == ["Title One", "Title Two"]
    assert papers[0].abstract == "Abstract one. It has two sentences."
    assert papers[0].sources == ["dump.txt"]


def test_header_without_daily_papers_line_and_other_date():
    text = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\nMar 11\n\nT\n\nA.\n"
    assert [p.title for p in daily_papers.parse(text)] == ["T"]


def test_same_title_twice_in_one_dump_is_one_paper():
    text = HEADER + "A Title\n\nFirst.\n\nA  title\n\nSecond.\n"
    assert len(daily_papers.parse(text)) == 1


def test_odd_trailing_title_is_kept_without_abstract():
    text = HEADER + "Title One\n\nAbstract one.\n\nCut Off Title\n"
    papers = daily_papers.parse(text)
    assert papers[-1].title == "Cut Off Title" and papers[-1].abstract == ""


def test_abstract_split_by_a_blank_line_stays_one_abstract():
    long_part = "word " * 80
    text = HEADER + f"Title\n\n{long_part}\n\n{long_part}\n\nNext Title\n\nNext abstract.\n"
    papers = daily_papers.parse(text)
    assert [p.title for p in papers] == ["Title", "Next Title"]


def test_header_only_is_an_error():
    with pytest.raises(InputError, match="no papers"):
        daily_papers.parse(HEADER, "empty.txt")


def test_sniff_tells_dumps_from_other_text():
    assert daily_papers.sniff(HEADER + "T\n\nA\n")
    assert not daily_papers.sniff('{"papers": []}')


def test_example_dumps_hold_about_370_distinct_papers():
    from tests.conftest import EXAMPLES

    titles = {p.default_id() for f in sorted(Path(EXAMPLES).glob("*.txt")) for p in daily_papers.read(f)}
    assert 360 <= len(titles) <= 380
