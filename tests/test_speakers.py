"""Whose words: the person a question asks about, and the source lines that are theirs."""

from __future__ import annotations

from assistant.speakers import asked_speakers, spoken_by, topic_stems
from tests.conftest import RELEASE

TEXT = RELEASE.read_text(encoding="utf-8")


def test_the_person_asked_about_is_named_or_given_by_a_title_only_one_person_has():
    assert asked_speakers("Which groups will benefit, according to Cao Ming?") == ["Cao Ming"]
    assert asked_speakers("What does the chairman think connectivity will do?", TEXT) == ["Liang Hua"]
    assert asked_speakers("What good could cooperation do, in the UN coordinator's view?", TEXT) == \
        ["Siddharth Chatterjee"]
    assert asked_speakers("Who announced the decision?", TEXT) == []  # not a question about anyone's words
    assert asked_speakers("What does the minister think?", TEXT) == []  # no one the documents call that


def test_a_line_is_the_speakers_when_it_names_them_or_continues_with_he_said():
    assert spoken_by("Cao Ming", "We have continuously upgraded the RuralStar", TEXT)
    assert not spoken_by("Cao Ming", "The RuralStar series have provided connections", TEXT)  # the release's own
    assert spoken_by("Siddharth Chatterjee", "“Our dynamic world urgently needs", TEXT)  # "…,” he said."
    assert not spoken_by("Malcolm Johnson", "“Our dynamic world urgently needs", TEXT)
    assert spoken_by("Liang Hua", "This will, in turn, drive further", TEXT)  # "Dr. Liang" before "he said"
    assert not spoken_by("Liang Hua", "It must be affordable", TEXT)  # "Hua" is not "Huawei"


def test_the_topic_is_the_question_without_the_speaker_and_the_asking():
    topic = topic_stems("What good could closer cooperation on technology do, in the UN coordinator's view?",
                        ["Siddharth Chatterjee"], TEXT)
    assert {"cooper", "techno"} <= topic and "coordi" not in topic and "view" not in topic
    # His title, "President of Huawei Wireless Solution", says who he is, not what he was asked about.
    assert topic_stems("What did Cao Ming say about Huawei's rural solutions?", ["Cao Ming"], TEXT) == {"rural"}
