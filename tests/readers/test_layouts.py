import pytest

from graphbuild.readers import read_path, read_text


def docs_of(seeds_dir, name):
    return read_path(seeds_dir / name, seeds_dir)


def test_every_segment_is_a_slice_of_its_file(seeds_dir, seed_documents):
    texts = {p.name: p.read_text("utf-8") for p in seeds_dir.glob("*.txt")}
    for doc in seed_documents:
        original = texts[doc.source]
        assert doc.text == original[doc.offset:doc.offset + len(doc.text)]
        for seg in doc.segments:
            assert doc.slice(seg.start, seg.end) == original[seg.start:seg.end]
            assert doc.segment_text(seg).strip() == doc.segment_text(seg)
            assert len(doc.segment_text(seg)) == seg.end - seg.start  # hidden spans are blanked in place


def test_a_sentence_cut_over_timestamped_lines_is_one_segment_with_the_labels_hidden():
    text = ("[00:00:12] Ana Ruiz: and that is why we\n"
            "[00:00:14] Ana Ruiz: bought Quillfeather last year.\n"
            "[00:00:16] Ana Ruiz: It was cheap.\n"
            "[00:00:18] Bo Lind: Really\n"
            "[00:00:19] Ana Ruiz: yes, really.\n") * 2
    [doc] = read_text(text, "talk.md")
    texts = [doc.segment_text(s) for s in doc.segments]
    assert texts[0].split() == "and that is why we bought Quillfeather last year.".split()
    assert doc.segments[0].timestamp == "00:00:12" and doc.segments[0].speaker == "Ana Ruiz"
    assert texts[1:4] == ["It was cheap.", "Really", "yes, really."]  # another speaker is another turn
    assert doc.slice(doc.segments[0].start, doc.segments[0].end).count("Ana Ruiz:") == 1  # verbatim in the file


def test_a_turn_with_nothing_after_its_label_breaks_no_joining():
    text = "".join(f"Ana Ruiz: and then we\nBo Lind: \nAna Ruiz: bought Quillfeather number {i}.\n" for i in range(4))
    [doc] = read_text(text, "talk.txt")
    assert [doc.segment_text(s) for s in doc.segments][:2] == ["and then we", "bought Quillfeather number 0."]


def test_numbered_transcript_reads_header_and_lines(seeds_dir):
    [doc] = docs_of(seeds_dir, "001_deb325d1d78e05a5.txt")
    assert doc.layout == "numbered-transcript"
    assert doc.show == "Eye On A.I."
    assert doc.guests == ["Anjney Midha"]
    assert doc.host == []  # "Unknown" is no one
    assert doc.url.startswith("https://podcasts.apple.com/")
    texts = [doc.segment_text(s) for s in doc.segments]
    assert texts[0] == "We're entering a regime where the model is taking action versus just producing words."
    assert not any(t.isdigit() for t in texts)


def test_listing_page_gives_one_document_per_episode(seeds_dir):
    docs = docs_of(seeds_dir, "003_85aef4a95984c154.txt")
    assert len(docs) == 5
    assert [d.date for d in docs] == ["2026-02-26", "2026-02-25", "2026-02-24", "2026-02-23", "2026-02-19"]  # ISO, to sort
    assert all(d.show == "Latent Space: The AI Engineer Podcast" for d in docs)
    assert docs[1].title.startswith("🔬Searching the Space of All Possible Materials")
    assert len({d.id for d in docs}) == 5


def test_listing_transcript_turns_carry_speaker_and_timestamp(seeds_dir):
    docs = docs_of(seeds_dir, "003_85aef4a95984c154.txt")
    range_style = docs[1]  # '[01:00:44:14 - 01:01:34:08]' then 'Brandon: ...'
    turn = next(s for s in range_style.segments if s.speaker == "Brandon")
    assert turn.timestamp == "01:00:44:14"
    assert range_style.segment_text(turn).startswith("Yeah, it’s a pleasure to have Max Woehling")
    inline = docs[4]  # '[00:00:16] Martin Casado: happy to be here'
    turn = next(s for s in inline.segments if s.speaker == "Martin Casado")
    assert (turn.timestamp, inline.segment_text(turn)) == ("00:00:16", "happy to be here and welcome.")
    continued = next(s for s in docs[2].segments if s.timestamp == "00:00:28")
    assert continued.speaker == "Doug"  # a turn without a label goes on with the last speaker


def test_captions_split_at_chapter_titles(seeds_dir):
    [doc] = docs_of(seeds_dir, "004_f4cd06bb52b74e86.txt")
    assert doc.layout == "auto-captions"
    headings = [doc.segment_text(s) for s in doc.segments if s.kind == "heading"]
    assert "Competition and decreasing API costs" in headings
    assert "AMD Acquires ZT" in headings
    assert "Breakaway scale but the dynamic now at" not in headings  # a capitalised caption line


def test_captions_run_together_into_one_unpunctuated_line_are_a_caption_stream():
    talk = "so the thing I want to call out is that we do not have a clear picture of where the money comes from "
    [doc] = read_text("# Where the Money Comes From\n\n" + talk * 12, "show--2024-07-05-money.md")
    assert doc.layout == "caption-stream"
    assert (doc.title, doc.date) == ("Where the Money Comes From", "2024-07-05")  # a header as any article's
    assert [s.kind for s in doc.segments] == ["heading", "text"]
    [post] = read_text("So the thing I want to call out is this. We do not have a clear picture yet. " * 20, "post.md")
    assert post.layout == "article"


def test_a_list_or_table_without_full_stops_is_no_caption_stream():
    items = "".join(f"- Startup number {i} raised a seed round led by a fund from the valley with many angels\n"
                    for i in range(16))
    table = "| company | round | lead investor of the round |\n|---|---|---|\n" + "".join(
        f"| Startup number {i} | seed | a fund from the valley with many angels |\n" for i in range(16))
    assert [read_text(text, "roundup.md")[0].layout for text in (items, table)] == ["article", "article"]


def test_a_paragraph_of_thousands_of_words_is_a_transcript_without_labels():
    talk = "So I think the thing to watch this week is pricing, and I want to explain why it matters. "
    [doc] = read_text("# Pricing\n\n" + talk * 60, "monologue.md")
    assert doc.layout == "transcript-text"
    [post] = read_text("# Pricing\n\n" + "\n\n".join([talk * 6] * 10), "post.md")
    assert post.layout == "article"


def test_show_notes_sections_quotes_and_entity_list(seeds_dir):
    [doc] = docs_of(seeds_dir, "000_61f2e5bfc8b53997.txt")
    assert doc.layout == "show-notes"
    assert (doc.show, doc.host) == ("20VC", ["Harry Stebbings"])
    assert doc.title.startswith("OpenAI vs Anthropic vs Open-Source")
    quotes = [s for s in doc.segments if s.kind == "quote"]
    assert doc.segment_text(quotes[0]) == "The age of the polymath is back."
    assert quotes[0].timestamp == "00:45"
    items = [doc.segment_text(s) for s in doc.segments if s.kind == "entity_list"]
    assert len(items) == 12
    assert items[-1].startswith("Dario Amodei** (person): CEO of Anthropic.")


def test_article_has_title_and_paragraphs(seeds_dir):
    [doc] = docs_of(seeds_dir, "002_bdadef4a975d6cfa.txt")
    assert (doc.layout, doc.title) == ("article", "Product Dilemmas")
    assert sum(s.kind == "text" for s in doc.segments) > 10


@pytest.mark.parametrize("text", ["Just one line of prose about Anthropic.", "Title\n\nBody text here."])
def test_unknown_layouts_fall_back_to_plain_text(text):
    [doc] = read_text(text, "note.md")
    assert doc.layout == "article"
    assert doc.id == "note"


def test_dialogue_without_timestamps_keeps_its_speakers():
    text = ("Robots, money and chips\n\n" + "\n".join(
        f"{who}: {line}" for who, line in [("Alex Chen", "Welcome to the show."), ("Sarah Wang", "Thanks for having me."),
                                           ("Alex Chen", "Tell us about your firm."), ("Sarah Wang", "We invest early."),
                                           ("Alex Chen", "And before?"), ("Sarah Wang", "I worked at Google.")]))
    [doc] = read_text(text, "talk.txt")
    assert (doc.layout, doc.title) == ("dialogue-transcript", "Robots, money and chips")
    turns = [(s.speaker, doc.segment_text(s)) for s in doc.segments if s.kind == "text"]
    assert turns[-1] == ("Sarah Wang", "I worked at Google.")


def test_markdown_headings_are_headings_and_the_first_is_the_title():
    [doc] = read_text("# Inside the chip race\n\nGroq and Cerebras race.\n\n## Funding\n\nGroq raised money.\n", "news.md")
    assert doc.title == "Inside the chip race"
    assert [(s.kind, doc.segment_text(s)) for s in doc.segments] == [
        ("heading", "Inside the chip race"), ("text", "Groq and Cerebras race."), ("heading", "Funding"),
        ("text", "Groq raised money.")]


@pytest.mark.parametrize("written, iso", [
    ("26/02/2026", "2026-02-26"), ("02/26/2026", "2026-02-26"), ("03/04/2026", "2026-04-03"),
    ("Feb 26, 2026", "2026-02-26"), ("2025-01-02", "2025-01-02"), ("next week", "next week"),
])
def test_dates_are_kept_in_iso_form(written, iso):
    from graphbuild.readers.text import iso_date

    assert iso_date(written) == iso


def test_an_excerpt_of_a_few_turns_between_two_people_named_in_full_is_a_dialogue():
    excerpt = ("**Tobin Ashe:** So Mara, welcome. How did it start?\n\n"
               "**Mara Quell:** We started the company in 2019, after I was at Quillfeather for years.\n\n"
               "And we built for a year before we hired anyone.\n\n"
               "**Tobin Ashe:** And then?\n\n**Mara Quell:** Then we raised a seed round.\n")
    [doc] = read_text(excerpt, "talk.md")
    assert doc.layout == "dialogue-transcript"
    assert [s.speaker for s in doc.segments][:3] == ["Tobin Ashe", "Mara Quell", "Mara Quell"]
    stamped = "".join(f"[00:00:0{i}] {who}: {line}\n" for i, (who, line) in enumerate(
        [("Tobin Ashe", "How did it start?"), ("Mara Quell", "Slowly."), ("Tobin Ashe", "And then?")]))
    assert read_text(stamped, "talk.md")[0].layout == "dialogue-transcript"


@pytest.mark.parametrize("post", [
    "# Lab news\n\n**Google DeepMind:** released a model.\n\n**Meta AI:** opened its weights.\n\n**Anthropic:** shipped.\n",
    "# Roundup\n\n**Key Takeaways:** prices fell.\n\nI think so.\n\n**Why It Matters:** margins.\n",
    "Posted By: Jane Smith\n\nUpdated On: Monday\n\nI worked at Quillfeather Systems for years.\n"])
def test_a_few_bold_labels_that_no_one_answers_keep_an_article_one(post):
    assert read_text(post, "post.md")[0].layout == "article"  # labels, each once: no exchange
