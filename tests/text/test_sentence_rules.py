"""The rules on top of pysbd: at "|", does a sentence start (True), not (False), or ask pysbd?"""

from __future__ import annotations

import pytest

from tts_service.text.sentences.boundaries import decide

ROWS = [
    ("visit a.b?|x=1 now", False),  # inside a URL
    ("Mr. Smith met Dr. |Jones", False),
    ("apples, e.g. |Pink Lady", False),
    ("moved to the U.S. |The weather", True),
    ("the U.S. |economy", False),
    ("the U.S. |Senate", False),
    ("Acme Inc. |It grew", True),
    ("Acme Inc. |Chief Executive", False),
    ("George W. |Bush", False),
    ("a grade of A. |Then he left", True),
    ("at 10 a.m. |Tuesday", False),
    ("at 10 a.m. |The police came", True),
    ("on Feb. |3", False),
    ("He paused... |Then he spoke", True),
    ("Wait... |what?", False),
    ("She hesitated… |Paris was far", False),
    ("went home. |The end", True),
    ("Smith resigned. |She left", True),
    ("born in 1999. |In 2000", True),
    ("He said no! |Then he left", True),
    ('He said "Stop." |Then he left', True),
    ("He left (for good.) |Then", True),
    ("See https://example.com/a. |Then go", True),
    ("Sacramento, Calif. |Then", None),  # pysbd decides
    # a state's abbreviation inside a name ends no sentence; after a place and a comma pysbd decides
    ("taken to Mass. |General Hospital", False),
    ("traffic on the Pa. |Turnpike", False),
    ("Calif. |Gov. Gavin Newsom said", False),
    ("He lives in Worcester, Mass. |General Motors left", None),
    ("rules: 1. |First", None),
    # a list marker that opens a run (a list item) belongs to its item
    ("1.) |The first item", False),
    ("2) |The second item.", False),
    ("• 10. |The second item", False),
    ("⁃9. |The first item", False),
    # a clock time, then a title: a new sentence, unless the time opens its clause
    ("He left the bank at 6 P.M. |Mr. Smith then went", True),
    ("The talks ended at 6 p.m. |Dr. Jones spoke", True),
    ("At 5 a.m. |Mr. Smith went to the bank", False),
    ("On Monday at 5 p.m. |Mr. Smith went home", False),
    ("Police said that at 6 p.m. |Mr. Smith left", False),
    ("He waited, and at 6 p.m. |Mr. Smith left", False),
    ("at 6 p.m. |vs. 7 p.m. last year", False),
    # spaced ellipses: three periods leave words out, a fourth ends the sentence
    ("the thing is . . . |I didn't mean it", False),
    ("somewhat weakened . |. . was", False),
    ("with a period . . . . |Next sentence", True),
    ("self-interpreting compounds. |. . . The practice", True),
    ("self-interpreting compounds. . . . |The practice", False),
    ("less complex. |. . .”", False),
]


@pytest.mark.parametrize(("marked", "verdict"), ROWS)
def test_decide(marked: str, verdict: bool  |None) -> None:
    text = marked.replace("|", "")
    assert decide(text, marked.index("|")) is verdict
