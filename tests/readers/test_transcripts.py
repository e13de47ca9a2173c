"""Each transcript and article layout on a short text written for it (made-up names): turns,
speakers, timestamps, title, show, date, guests; every segment a slice of the file, with no
label or timestamp in it."""

import pytest

from graphbuild.models import Layout, SegmentKind
from graphbuild.readers import layout_note, read_path, read_text


def read_one(text, source="talk.md"):
    [doc] = read_text(text, source)
    for seg in doc.segments:  # quotes trace to the file: a segment is text[start:end]
        said = text[seg.start:seg.end]
        assert doc.segment_text(seg) == said and said == said.strip()
        assert not said.startswith(("[", "\\[", "**", "<v", "<!--")), said
    return doc


def turns(doc):
    return [(s.speaker, s.timestamp, doc.segment_text(s)) for s in doc.segments if s.kind is SegmentKind.TEXT]


BOLD_INSIDE = """**Mara Quill:** Welcome to Data Hour. I'm Mara Quill.

**Tobin Ashe:** \\[01:02\\] Thanks for having me. I founded Vantorq in 2019.

**Mara Quill:** What does Vantorq make?

**Tobin Ashe:** Chips for robots.

And the software that runs on them.

**Mara Quill:** \\[03:10\\] Who funds you?

**Tobin Ashe:** Pellmore Capital led our seed.
"""


def test_bold_labels_with_the_colon_inside_and_escaped_timestamps():
    doc = read_one(BOLD_INSIDE)
    assert doc.layout is Layout.DIALOGUE_TRANSCRIPT
    assert turns(doc)[:5] == [
        ("Mara Quill", None, "Welcome to Data Hour. I'm Mara Quill."),
        ("Tobin Ashe", "01:02", "Thanks for having me. I founded Vantorq in 2019."),
        ("Mara Quill", "01:02", "What does Vantorq make?"),
        ("Tobin Ashe", "01:02", "Chips for robots."),
        ("Tobin Ashe", "01:02", "And the software that runs on them.")]  # a paragraph goes on with its speaker
    said = BOLD_INSIDE.index("Pellmore Capital led")
    assert [(s.start, s.speaker, s.timestamp) for s in doc.segments][-1] == (said, "Tobin Ashe", "03:10")


HEADED = """# Chips, Robots and the Money Behind Them

**Podcast:** Deep Stack
**Date:** 2025-12-02
**Guest:** Tobin Ashe
**Video URL:** https://video.example/watch?v=abc123

---

[00:00:00] **Mara Quill**: Welcome back to Deep Stack.
[00:00:04] **Tobin Ashe**: Glad to be here.
[00:00:07] **Mara Quill**: Tell us about Vantorq.
[00:00:11] it started in a garage.
[00:00:15] **Tobin Ashe**: I founded it with Ines Barro.
"""


def test_a_header_gives_title_show_date_guests_and_link_and_timestamped_bold_turns():
    doc = read_one(HEADED)
    assert (doc.layout, doc.title, doc.show, doc.date) == (
        Layout.DIALOGUE_TRANSCRIPT, "Chips, Robots and the Money Behind Them", "Deep Stack", "2025-12-02")
    assert (doc.guests, doc.url) == (["Tobin Ashe"], "https://video.example/watch?v=abc123")
    guest = next(s for s in doc.segments if s.kind is SegmentKind.METADATA)
    assert guest.start == HEADED.index("Tobin Ashe")  # the header is the evidence of the guest
    assert turns(doc) == [
        ("Mara Quill", "00:00:00", "Welcome back to Deep Stack."), ("Tobin Ashe", "00:00:04", "Glad to be here."),
        ("Mara Quill", "00:00:07", "Tell us about Vantorq."), ("Mara Quill", "00:00:11", "it started in a garage."),
        ("Tobin Ashe", "00:00:15", "I founded it with Ines Barro.")]
    assert not any("Podcast" in doc.segment_text(s) or "---" in doc.segment_text(s) for s in doc.segments)


WHISPER = """[00:00:00.000 --> 00:00:12.500] The cost of every new data center on Earth keeps rising.
[00:00:12.500 --> 00:00:27.900] So the build out will move to orbit within ten years.
[00:00:40.920 --> 00:01:07.330] We are thrilled to have Ines Barro, founder and CEO of Orbitel.
[00:01:07.330 --> 00:01:20.000] Thank you for having me.
[00:01:20.000 --> 00:01:31.250] Let us start with launch costs.
"""


def test_whisper_segment_ranges_are_timestamps_not_text():
    doc = read_one(WHISPER)
    assert doc.layout is Layout.DIALOGUE_TRANSCRIPT
    third = turns(doc)[2]
    assert third == (None, "00:00:40.920", "We are thrilled to have Ines Barro, founder and CEO of Orbitel.")
    assert doc.segments[2].start == WHISPER.index("We are thrilled")


def test_diarised_labels_after_a_whisper_range_are_speakers():
    text = "\n".join(f"[00:00:{i:02d}.000 --> 00:00:{i + 1:02d}.000] SPEAKER_0{i % 2}: line {i} said." for i in range(6))
    doc = read_one(text)
    assert turns(doc)[:2] == [("SPEAKER_00", "00:00:00.000", "line 0 said."), ("SPEAKER_01", "00:00:01.000", "line 1 said.")]


LABEL_LINES = """How Orbitel Got to Space

Nadia Kerr (00:00:03):
Welcome, everyone. Today I am talking with Ines Barro.

Ines Barro (00:00:09):
Thanks, Nadia. I started Orbitel after six years at Pellmore.
We raised our seed last spring.

Nadia Kerr (00:01:15):
Who led it?

Ines Barro (00:01:18):
Quarry Ventures did.

Nadia Kerr (00:01:21):
Thank you, Ines.
"""


def test_a_label_with_its_time_on_its_own_line_names_the_turn_below():
    doc = read_one(LABEL_LINES)
    assert (doc.layout, doc.title) == (Layout.DIALOGUE_TRANSCRIPT, "How Orbitel Got to Space")
    assert turns(doc) == [
        ("Nadia Kerr", "00:00:03", "Welcome, everyone. Today I am talking with Ines Barro."),
        ("Ines Barro", "00:00:09", "Thanks, Nadia. I started Orbitel after six years at Pellmore."),
        ("Ines Barro", "00:00:09", "We raised our seed last spring."),
        ("Nadia Kerr", "00:01:15", "Who led it?"), ("Ines Barro", "00:01:18", "Quarry Ventures did."),
        ("Nadia Kerr", "00:01:21", "Thank you, Ines.")]


FRONT_MATTER = """---
title: "The Quiet Chip Boom"
show: Silicon Afternoons
publish_date: 2024-06-30
guests:
  - Ines Barro
  - Tobin Ashe
---
Nadia Kerr: Welcome to Silicon Afternoons.
Ines Barro: Hello.
Tobin Ashe: Hi, Nadia.
Nadia Kerr: Ines, what is Orbitel?
Ines Barro: A satellite company.
"""


def test_yaml_front_matter_is_metadata_not_text():
    doc = read_one(FRONT_MATTER)
    assert (doc.title, doc.show, doc.date, doc.guests) == (
        "The Quiet Chip Boom", "Silicon Afternoons", "2024-06-30", ["Ines Barro", "Tobin Ashe"])
    assert [s.kind for s in doc.segments[:3]] == [SegmentKind.HEADING, SegmentKind.METADATA, SegmentKind.METADATA]
    assert turns(doc)[0] == ("Nadia Kerr", None, "Welcome to Silicon Afternoons.")
    assert not any("publish_date" in doc.segment_text(s) for s in doc.segments)


NEWSLETTER = """

<!-- buttondown-editor-mode: plaintext -->**Orbit is all you need.**

> Orbit News for 9/29/2025-9/30/2025. We checked 7 forums for you.

Orbitel raised a seed round led by Quarry Ventures. <!-- an editor's note -->Pellmore shipped a chip.
"""


def test_a_newsletter_takes_its_title_from_the_bold_line_and_its_date_from_the_issue_line():
    doc = read_one(NEWSLETTER, "orbit-news.md")
    assert (doc.layout, doc.title, doc.date) == (Layout.ARTICLE, "Orbit is all you need.", "2025-09-30")
    texts = [doc.segment_text(s) for s in doc.segments]
    assert texts[-2:] == ["Orbitel raised a seed round led by Quarry Ventures.", "Pellmore shipped a chip."]
    assert not any("buttondown" in t or "editor's note" in t for t in texts)  # comments are never text


@pytest.mark.parametrize("line, source, day", [
    ("for 3/4/2025-3/5/2025", "issue.md", "2025-03-05"),  # a one-day range: the month comes first
    ("for 4/3/2025", "25-04-03-issue.md", "2025-04-03"),  # ambiguous alone: the file name's day decides
    ("nothing dated here", "2024-01-08-issue.md", "2024-01-08"),
])
def test_a_newsletter_date_from_its_issue_line_or_file_name(line, source, day):
    [doc] = read_text(f"Issue\n\n> News {line}.\n\nBody text here.\n", source)
    assert doc.date == day


VTT = """WEBVTT

NOTE exported by a video platform

1
00:00:01.000 --> 00:00:04.000
<v Nadia Kerr>Welcome to the show, Ines.</v>

2
00:00:04.500 --> 00:00:09.000
<v Ines Barro>Thanks. I founded Orbitel
in 2021.</v>

00:00:09.500 --> 00:00:11.000
<v.loud Nadia Kerr>Who funds it?
"""


def test_webvtt_voices_are_speakers_and_cue_times_timestamps(tmp_path):
    path = tmp_path / "talk.vtt"
    path.write_text(VTT)
    [doc] = read_path(path, tmp_path)
    assert doc.layout is Layout.SUBTITLES
    assert [(s.speaker, s.timestamp, VTT[s.start:s.end]) for s in doc.segments] == [
        ("Nadia Kerr", "00:00:01.000", "Welcome to the show, Ines."),
        ("Ines Barro", "00:00:04.500", "Thanks. I founded Orbitel\nin 2021."),
        ("Nadia Kerr", "00:00:09.500", "Who funds it?")]


SRT = """1
00:00:01,000 --> 00:00:04,000
Nadia Kerr: Welcome to the show.

2
00:00:04,500 --> 00:00:09,000
Ines Barro: Thanks for having me.

3
00:00:09,500 --> 00:00:11,000
I founded Orbitel in 2021.
"""


def test_subrip_cues_keep_their_label_as_speaker(tmp_path):
    path = tmp_path / "talk.srt"
    path.write_text(SRT)
    [doc] = read_path(path, tmp_path)
    assert [(s.speaker, s.timestamp, SRT[s.start:s.end]) for s in doc.segments] == [
        ("Nadia Kerr", "00:00:01,000", "Welcome to the show."), ("Ines Barro", "00:00:04,500", "Thanks for having me."),
        ("Ines Barro", "00:00:09,500", "I founded Orbitel in 2021.")]


def test_a_host_label_that_is_also_a_header_key_stays_a_turn():
    text = "**Host:** Welcome to Deep Stack, everyone!\n\n" + BOLD_INSIDE + "\n**Host:** That is all for today.\n"
    doc = read_one(text)
    assert (doc.host, turns(doc)[0]) == ([], ("Host", None, "Welcome to Deep Stack, everyone!"))


def test_an_article_with_turn_like_lines_of_an_unknown_layout_gets_a_note():
    odd = "\n".join(f"({'Nadia Kerr' if i % 2 else 'Ines Barro'}) : turn {i}." for i in range(6))
    [doc] = read_text(odd, "odd.txt")
    assert doc.layout is Layout.ARTICLE
    assert layout_note(doc) == "odd.txt was read as a plain article, though 6 of its lines look like speaker turns"
    [bulleted] = read_text("\n".join(f"- **Topic {i % 2}**: item {i}." for i in range(8)), "list.md")
    assert layout_note(bulleted) is None  # a list of bold topics is no dialogue


def test_a_guest_named_only_in_the_header_is_a_person_of_the_document_with_the_header_as_evidence(build_text):
    text = HEADED.replace("**Guest:** Tobin Ashe", "**Guest:** Tobin Ashe, Lorna Vasquez")
    kg = build_text({"talk.md": text})
    [document] = kg.documents
    assert (document.show, document.date, document.guests) == ("Deep Stack", "2025-12-02", ["Tobin Ashe", "Lorna Vasquez"])
    guest = next(e for e in kg.entities if e.name == "Lorna Vasquez")
    assert guest.label == "Person"
    [mentioned] = [r for r in kg.relations if r.type == "MENTIONED_IN" and r.source == guest.id]
    assert (mentioned.evidence[0].quote, mentioned.evidence[0].start) == ("Lorna Vasquez", text.index("Lorna Vasquez"))
    facts = [r for r in kg.relations if r.type != "MENTIONED_IN"]
    assert not any(guest.id in (r.source, r.target) for r in facts)  # a header states no fact


def test_a_note_on_the_speaker_in_a_label_is_not_the_name_nor_the_text():
    doc = read_one("[00:00:01] Mara Quill (host): Welcome back.\n[00:00:04] Tobin (Last Name Unknown): Thanks, Mara.\n"
                   "[00:00:07] Mara Quill (host): What does Vantorq make?\n[00:00:09] Tobin (Last Name Unknown): Chips.\n"
                   "[00:00:12] Mara Quill (host): For whom?\n")
    assert turns(doc) == [("Mara Quill", "00:00:01", "Welcome back."), ("Tobin", "00:00:04", "Thanks, Mara."),
                          ("Mara Quill", "00:00:07", "What does Vantorq make?"), ("Tobin", "00:00:09", "Chips."),
                          ("Mara Quill", "00:00:12", "For whom?")]
