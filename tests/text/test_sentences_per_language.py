"""Sentences in each language split by that language's rules: at " | " a new sentence starts.

German, French, Spanish, Italian and Dutch use pysbd's rules for the language and the rules that
hold in any language; Portuguese (pysbd has none) the same rules with its own tables and Spanish's
pysbd rules for what they leave; English (and any other language) the English ones.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import check_segments

from tts_service.text import Options, segment_text
from tts_service.text.sentences.boundaries import sentence_language
from tts_service.text.sentences.splitting import split_sentences

GERMAN_ARTICLE = Path(__file__).resolve().parents[2] / "bench" / "articles" / "de" / "neue_bruecke.txt"

ROWS = [
    # a day, an ordinal or an abbreviation of the language does not end a sentence
    ("de", "Am 3. Oktober feierten sie die Einheit. | Dann gingen sie heim."),
    ("de", "Der 2. Weltkrieg endete 1945. | Danach kam der Frieden."),
    ("de", "Es gibt z. B. Äpfel und Birnen. | Dann gibt es Kuchen."),
    ("de", "Das ist gut, d. h. sehr gut. | Und dann?"),
    ("de", "Prof. Dr. Schmidt sprach lange. | Äpfel sind rund."),
    ("de", "Hans M. Müller kam spät. | Übrigens blieb er."),
    ("de", "Er ist Nr. 1 in der Welt und kostet ca. 5 Euro."),
    ("fr", "M. Dupont est arrivé hier. | Il a parlé longtemps."),
    ("fr", "Le 1er mai est férié. | À Paris tout est fermé."),
    ("fr", "Voir p. 5 du rapport."),
    ("es", "El Sr. García llegó ayer. | Habló mucho."),
    ("es", "Ver pág. 5 del informe."),
    ("it", "Il sig. Rossi è arrivato. | Ha parlato."),
    ("it", "Il dott. Bianchi è qui."),
    ("nl", "Dhr. Jansen kwam binnen. | Hij sprak."),
    ("nl", "Het is bijv. mooi weer en zie blz. 5 van het rapport."),
    ("pt", "O Sr. Silva e a Dra. Ana foram à Av. Paulista. | Depois voltaram."),
    ("pt", "Veja a pág. 5 do relatório, p. ex. o gráfico."),
    ("pt", "Ficou em 2º lugar. | Depois saiu."),
    ("pt", "Nasceu em 1990. | Em 2020 mudou-se."),
    # a German ordinal after an article or a preposition, a street before its house number
    ("de", "Wir feiern den 100. Geburtstag der Firma. | Alle kommen."),
    ("de", "Der 100. Geburtstag ist am 3. Mai."),
    ("de", "Seit dem 1. Januar gilt es. | Er wurde 100. | Dann starb er."),
    ("de", "Er zählte bis 100. | Dann schlief er."),
    ("de", "Er wohnt in der Hauptstr. 5 in Berlin. | Dann zog er um."),
    ("de", "Sie wohnt Bahnhofstr. 12a am Marienpl. 1 im 3. Stock."),
    # ordinals one after the other go on in the sentence ("am 2. oder 3. Tag"), on one line
    ("de", "Er kam am 2. oder 3. Tag. | Dann ging er."),
    ("de", "Düngen Sie bei jedem 2. oder 3. Gießen. | Das reicht."),
    ("de", "Das ist die Kaiserstr. | Sie ist lang."),
    # an abbreviation that closes a list ends the sentence before a capital, not before a small letter
    ("de", "Wir kauften Äpfel, Birnen usw. | Dann gingen wir heim."),
    ("de", "Sie kamen aus Berlin, Hamburg usf. | Danach fuhren sie weiter."),
    ("de", "Er kaufte Brot, Milch etc. | Dann ging er."),
    ("de", "Er kam mit Äpfeln, Birnen usw. und ging wieder."),
    ("fr", "Il a acheté des pommes, des poires etc. | Puis il est parti."),
    ("es", "Compró manzanas, peras etc. | Luego se fue."),
    ("it", "Ha comprato mele, pere ecc. | Poi è andato via."),
    ("nl", "Hij kocht appels, peren enz. | Daarna ging hij weg."),
    ("pt", "Comprou maçãs, peras etc. | Depois foi para casa."),
    ("pt", "Comprou pão, leite etc. e voltou."),
    # German quotes close with “: a full stop inside them ends the sentence before a capital
    ("de", "Sie sagte: „Das ist gut.“ | Dann ging sie."),
    ("de", "Er rief: „Komm!“ | Sie kam."),
    ("de", "Er sagte „Hallo“ und ging. | Dann kam sie."),
    # the language comes as the article gives it
    ("de-AT", "Wir kauften Äpfel usw. | Dann gingen wir."),
    ("fr_CA", "Des pommes etc. | Puis rien."),
    ("pt-BR", "Comprou frutas etc. | Depois saiu."),
]


@pytest.mark.parametrize(("lang", "sentences"), ROWS)
def test_sentences_split_by_the_rules_of_their_language(lang: str, sentences: str) -> None:
    text = sentences.replace(" | ", " ")
    got = [segment.source for segment in segment_text(text, 400, Options(lang=lang))]
    assert got == sentences.split(" | ")


@pytest.mark.parametrize(("lang", "text", "items"), [
    # a line opening with a day and its month, or a rank and its noun, is said, not a list marker;
    # in a list it is still an item of its own
    ("de", "Termine:\n1. März: Start\n2. April: Ende", ["Termine:", "1. März: Start", "2. April: Ende"]),
    ("de", "1. FC Köln gewann.", ["1. FC Köln gewann."]),
    ("de", "Tabelle:\n1. FC Köln 3\n2. Bundesliga", ["Tabelle:", "1. FC Köln 3", "2. Bundesliga"]),
    ("de", "Liste:\n1. Äpfel\n2. Birnen", ["Liste:", "Äpfel", "Birnen"]),
    ("de", "Die Schritte\n1. Öffnen\n2. Schließen", ["Die Schritte", "1. Öffnen", "2. Schließen"]),
])
def test_a_date_or_a_rank_opening_a_line_keeps_its_number(lang: str, text: str, items: list[str]) -> None:
    assert [segment.source for segment in segment_text(text, 400, Options(lang=lang))] == items


@pytest.mark.parametrize(("lang", "rules"), [
    ("de", "de"), ("de-DE", "de"), ("FR", "fr"), ("es-419", "es"), ("it", "it"), ("nl-BE", "nl"),
    ("en", "en"), ("en-GB", "en"), ("pt", "pt"), ("pt-BR", "pt"), ("", "en"), ("xx", "en"),
])
def test_each_language_is_split_by_its_own_rules_or_else_by_english_ones(
        lang: str, rules: str) -> None:
    assert sentence_language(lang) == rules


def test_portuguese_is_no_longer_split_as_english_is() -> None:
    text = "O Sr. Silva chegou ontem. Ele comprou maçãs, peras etc. Depois saiu. A Dra. Lima ficou."
    assert [text[a:b] for a, b in split_sentences(text, "pt")] == [
        "O Sr. Silva chegou ontem.", "Ele comprou maçãs, peras etc.", "Depois saiu.",
        "A Dra. Lima ficou."]
    assert split_sentences(text, "pt") != split_sentences(text, "en")


@pytest.mark.parametrize("max_chars", [25, 100, 400])
@pytest.mark.parametrize("lang", ["de", "fr", "es", "it", "nl", "pt"])
def test_segments_keep_their_invariants_in_every_language(lang: str, max_chars: int) -> None:
    text = GERMAN_ARTICLE.read_text("utf-8") + "\n\n" + " ".join(
        sentences.replace(" | ", " ") for row_lang, sentences in ROWS if row_lang[:2] == lang)
    segments = segment_text(text, max_chars, Options(lang=lang))
    check_segments(text, segments, max_chars)
    assert [s.sentence for s in segments] == sorted(s.sentence for s in segments)
    spoken = "".join(text[s.char_start:s.char_end] for s in segments)
    assert sorted(ch for ch in spoken if ch.isalnum()) == sorted(ch for ch in text if ch.isalnum())
