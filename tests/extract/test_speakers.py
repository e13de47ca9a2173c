"""'I', 'we' and 'my company' resolved to the speaker, and 'you' to whom the speaker
addresses, on each transcript layout."""

import pytest

from tests.extract.test_relations import edge, facts


def build_talk(build_text, lines):
    """A dialogue of (speaker, line) turns, built."""
    return build_text({"talk.txt": "\n".join(f"{who}: {line}" for who, line in lines)})


def test_numbered_transcript_first_person_is_the_guest(seeds_graph):
    works = facts(seeds_graph, "WORKS_AT")
    assert ("Anjney Midha", "WORKS_AT", "Kleiner Perkins") in works  # 'I ended up spending ... at Kleiner'
    assert edge(seeds_graph, "WORKS_AT", "anjney-midha") is not None
    kleiner = next(r for r in seeds_graph.relations if r.type.value == "WORKS_AT" and r.target == "Organization:kleiner-perkins")
    assert kleiner.past is True and kleiner.role == "investor"
    # 'my own company called ...' then 'selling that business to Discord'
    assert ("Anjney Midha", "FOUNDED", "Ubiquity6") in facts(seeds_graph, "FOUNDED")
    assert ("Discord", "ACQUIRED", "Ubiquity6") in facts(seeds_graph, "ACQUIRED")


def test_listing_speaker_labels_say_who_i_is(build_text):
    page = ("  • Deep Talk\n\n    Building robots — Sarah Wang\n\n    19/02/2026 | 55min\n    Notes.\n\n    Transcript\n"
            "    [00:00:01] Alex Chen: Welcome. Sarah Wang is here.\n"
            "    [00:00:05] Sarah Wang: Thanks. I joined Andreessen Horowitz as a general partner in 2019.\n"
            "    [00:00:09] Alex Chen: And you also backed Cursor?\n"
            "    [00:00:12] Sarah Wang: Yes, we invested in Cursor early.\n"
            "  • Deep Talk\n\n    Another one\n\n    12/02/2026 | 30min\n    Nothing here.\n")
    kg = build_text({"page.txt": page})
    found = facts(kg)
    assert ("Sarah Wang", "WORKS_AT", "Andreessen Horowitz") in found
    assert ("Andreessen Horowitz", "INVESTED_IN", "Cursor") in found  # 'we' is her firm
    work = edge(kg, "WORKS_AT", "sarah-wang")
    assert (work.evidence[0].speaker, work.evidence[0].timestamp) == ("Sarah Wang", "00:00:05")


def test_range_stamped_turns_with_first_names_resolve_to_the_full_name(build_text):
    page = ("  • Deep Talk\n\n    Materials — Prof. Max Welling\n\n    25/02/2026 | 33min\n    Max Welling joins us.\n\n"
            "    Transcript\n    [01:00:44:14 - 01:01:34:08]\n    Brandon: Welcome Max.\n"
            "    [01:01:34:08 - 01:02:41:13]\n    Max: That's why I started a company called CuspAI.\n"
            "  • Deep Talk\n\n    Other\n\n    24/02/2026 | 3min\n    Empty.\n")
    kg = build_text({"page.txt": page})
    assert ("Max Welling", "FOUNDED", "CuspAI") in facts(kg)


def test_show_notes_quotes_speak_for_the_guest(build_text):
    notes = ("Deep Talk with Harry Stebbings\n\nRobots everywhere | Deep Talk\n\n"
             "Jane Roe, CEO of Acme Robotics, talks robots. ## [00:10] Origins Jane Roe explains her start. "
             "> *I left Google to start Acme Robotics. [00:12]* ## Entities - **Jane Roe** (person): CEO of Acme Robotics.\n")
    found = facts(build_text({"notes.md": notes}))
    assert ("Jane Roe", "WORKS_AT", "Google") in found
    assert all(source != "Harry Stebbings" for source, _, _ in found)  # the host does not speak the quote


def test_captions_without_speakers_give_no_first_person_facts(build_text):
    lines = "\n".join(["so i joined anthropic as an engineer", "and that was great for me", "we built a lot",
                       "of things over there", "and we learned a lot", "about how to ship models"] * 5)
    kg = build_text({"captions.txt": lines})
    assert facts(kg, "WORKS_AT") == set()


def test_dialogue_turns_say_who_i_is(build_text):
    lines = [("Alex Chen", "Welcome, Sarah Wang."), ("Sarah Wang", "Thanks for having me."),
             ("Alex Chen", "Where were you before?"), ("Sarah Wang", "I worked at Google for six years."),
             ("Alex Chen", "And now?"), ("Sarah Wang", "I joined Andreessen Horowitz as a partner.")]
    kg = build_talk(build_text, lines)
    found = facts(kg, "WORKS_AT")
    assert {("Sarah Wang", "WORKS_AT", "Google"), ("Sarah Wang", "WORKS_AT", "Andreessen Horowitz")} <= found
    assert not any(who == "Alex Chen" for who, _, _ in found)


def test_a_speaker_who_has_worked_at_two_firms_works_at_both(build_text):
    lines = [("Alex Chen", "Welcome, Sarah Wang."), ("Sarah Wang", "Thanks for having me."),
             ("Alex Chen", "Where were you before?"),
             ("Sarah Wang", "I've worked at Quillfeather Systems and Hollowbrook Labs, so I have seen both sides."),
             ("Alex Chen", "And now?"), ("Sarah Wang", "Now I write about it.")]
    found = facts(build_talk(build_text, lines), "WORKS_AT")
    assert {("Sarah Wang", "WORKS_AT", "Quillfeather Systems"), ("Sarah Wang", "WORKS_AT", "Hollowbrook Labs")} <= found


def test_quoted_first_person_is_the_person_said_to_say_it(build_text):
    text = ('Groq builds inference chips. "I left Google to found Groq," Jonathan Ross said. '
            'Analysts agree. “We invested in Groq early,” said Chamath Palihapitiya of Social Capital.')
    found = facts(build_text({"news.md": text}))
    assert {("Jonathan Ross", "WORKS_AT", "Google"), ("Jonathan Ross", "FOUNDED", "Groq")} <= found
    assert ("Social Capital", "INVESTED_IN", "Groq") in found  # 'we' is the speaker's firm


def test_you_in_a_dialogue_is_the_speaker_who_answers(build_text):
    lines = [("Tom Becker", "Welcome back. Today my guest is Mara Lindqvist."),
             ("Tom Becker", "So you founded Quillfeather Systems in 2015, right?"),
             ("Mara Lindqvist", "That's right. It was a long road."),
             ("Tom Becker", "And before that, you worked at Hollowbrook Labs."),
             ("Mara Lindqvist", "For six years, yes.")]
    found = facts(build_talk(build_text, lines))
    assert {("Mara Lindqvist", "FOUNDED", "Quillfeather Systems"), ("Mara Lindqvist", "WORKS_AT", "Hollowbrook Labs")} <= found
    assert not any(who == "Tom Becker" for who, _, _ in found)


@pytest.mark.parametrize("intro", ["Welcome back. Today my guest is Mara Lindqvist, the founder and CEO of Quillfeather Systems.",
                                   "Welcome back. Today my guest is the CEO of Quillfeather Systems, Mara Lindqvist."])
def test_the_host_who_introduces_a_founder_as_my_guest_is_no_founder(build_text, intro):
    lines = [("Tom Becker", intro),
             ("Mara Lindqvist", "Thanks for having me, it is good to be here."),
             ("Tom Becker", "So how did it all start?"),
             ("Mara Lindqvist", "It started in a garage, like many others."),
             ("Tom Becker", "Tell us more.")]
    found = facts(build_talk(build_text, lines))
    assert ("Mara Lindqvist", "WORKS_AT", "Quillfeather Systems") in found
    assert not any(who == "Tom Becker" for who, _, _ in found)


def test_you_outside_a_dialogue_is_nobody(build_text):
    text = ("Tom Becker writes about startups. If you founded Quillfeather Systems, you would know the grind. "
            "Mara Lindqvist runs it today.")
    found = facts(build_text({"essay.md": text}), "FOUNDED")
    assert found == set()


def talk(build_text, lines: list[tuple[str, str]]):
    return facts(build_talk(build_text, lines))


def test_you_in_a_condition_or_before_a_modal_is_anyone(build_text):
    found = talk(build_text, [
        ("Tom Becker", "Welcome back. Today my guest is Mara Lindqvist."),
        ("Mara Lindqvist", "If you invest in Quillfeather Systems at the seed stage, you make a fortune."),
        ("Tom Becker", "And if you work at Hollowbrook Labs, send us a note."),
        ("Mara Lindqvist", "You can join Ostrava Robotics tomorrow. You have to work at Brindle Analytics first."),
        ("Tom Becker", "Thanks, Mara.")])
    assert not any(who in {"Tom Becker", "Mara Lindqvist"} for who, _, _ in found), found


def test_you_is_another_person_than_the_speaker_under_any_of_their_labels(build_text):
    found = talk(build_text, [
        ("Tom Becker", "Welcome back. Today my guest is Mara Lindqvist."),
        ("Tom", "So you founded Quillfeather Systems in 2015, right?"),
        ("Tom Becker", "Sorry, my line dropped."),  # the same man under his full label: not whom he asks
        ("Mara Lindqvist", "That's right."), ("Tom", "A long road?"), ("Mara Lindqvist", "Yes, a long road.")])
    assert ("Mara Lindqvist", "FOUNDED", "Quillfeather Systems") in found
    assert not any(who == "Tom Becker" for who, _, _ in found)


def test_you_is_addressed_past_labels_naming_nobody_and_across_split_turns(build_text):
    found = talk(build_text, [
        ("Tom Becker", "Welcome back. Today my guest is Mara Lindqvist."),
        ("Tom Becker", "So you founded Quillfeather Systems in 2015, right?"),
        ("Tom Becker", "It was a hard year."), ("Tom Becker", "Money was scarce."), ("Tom Becker", "Tell us."),
        ("Narrator", "A short pause."), ("Narrator", "Music."),
        ("Mara Lindqvist", "That's right."), ("Tom Becker", "A long road?"), ("Mara Lindqvist", "Yes, a long road.")])
    assert ("Mara Lindqvist", "FOUNDED", "Quillfeather Systems") in found


def test_only_a_fact_more_likely_than_not_says_whose_firm_his_company_is():
    from graphbuild.extract.references import References
    from graphbuild.models import Document, Mention, Provenance, RelationMention, Segment

    text = "Matan Grinberg met Twitter people. Later Matan Grinberg started Factory. His co-founder Eno joined."
    doc = Document(id="d", source="d.md", layout="article", text=text, segments=[Segment(start=0, end=len(text))])
    at = lambda name, nth=0: [i for i in range(len(text)) if text.startswith(name, i)][nth]  # noqa: E731
    mentions = [Mention(text=name, label=label, start=at(name, nth), end=at(name, nth) + len(name), source="ner")
                for name, label, nth in [("Matan Grinberg", "Person", 0), ("Twitter", "Organization", 0),
                                         ("Matan Grinberg", "Person", 1), ("Factory", "Organization", 0)]]

    def founded(target: int, confidence: float) -> RelationMention:
        return RelationMention(type="FOUNDED", source=0, target=target, confidence=confidence,
                               provenance=Provenance(doc_id="d", start=0, end=10, quote="Matan"))

    refs = References(doc, mentions)
    refs.learn_organizations([founded(1, 0.3), founded(3, 0.8)])
    assert refs.org_of == {0: 3}  # Factory, not the weak guess Twitter that comes first


def test_a_first_name_alone_is_the_speaker_of_that_name_however_often_another_is_named(build_text):
    lines = [("Alex Chen", "Nora Quint wrote a memo. Nora Quint runs Hollowbrook Labs."),
             ("Nora Vale", "I read what Nora Quint wrote."), ("Alex Chen", "Nora, you were at Quillfeather Systems?"),
             ("Nora Vale", "Yes."), ("Alex Chen", "Thanks, Nora.")]
    aliases = {e.name: set(e.aliases) for e in build_talk(build_text, lines).entities}
    assert "Nora" in aliases["Nora Vale"] and "Nora" not in aliases["Nora Quint"]


TITLED_TALK = ("# How Robots Learn to Drive: Datavant CEO Mara Quell\n\n"
               "[00:00:01] Tobin Ashe: Welcome, Mara. So Datavent raised a Series B last year?\n"
               "[00:00:04] Mara Quell: Yes, and Datavent now sells to banks.\n"
               "[00:00:08] Tobin Ashe: And the cars learn from it?\n[00:00:11] Mara Quell: Yes, they learn from driving.\n"
               "[00:00:14] Tobin Ashe: Thanks for coming.\n[00:00:16] Mara Quell: Thank you.\n")


def test_a_title_names_the_firm_before_a_job_and_the_talk_s_misheard_form_of_it_is_that_firm(build_text):
    kg = build_text({"talk.md": TITLED_TALK})
    [firm] = [e for e in kg.entities if e.label.value == "Organization"]
    assert (firm.name, set(firm.aliases)) == ("Datavant", {"Datavant", "Datavent"})
    assert ("Mara Quell", "WORKS_AT", "Datavant") in facts(kg, "WORKS_AT")


def test_a_lone_name_that_only_sounds_like_the_title_s_firm_is_not_joined_to_it_when_the_talk_says_the_firm_too(build_text):
    talk = TITLED_TALK.replace("Yes, they learn", "Datavant and my colleague Datavent learn")
    kg = build_text({"talk.md": talk})
    assert "Datavent" not in {a for e in kg.entities if e.name == "Datavant" for a in e.aliases}


def test_a_family_name_alone_is_not_given_to_the_speaker_who_shares_it(build_text):
    lines = [("Tobin Ashe", "Lena Ashe wrote a memo. Lena Ashe runs Hollowbrook Labs."),
             ("Mara Quell", "I read what Lena Ashe wrote, and Lena Ashe is right."), ("Tobin Ashe", "Ashe is often right."),
             ("Mara Quell", "Yes."), ("Tobin Ashe", "Thanks.")]
    aliases = {e.name: set(e.aliases) for e in build_talk(build_text, lines).entities}
    assert "Ashe" not in aliases.get("Tobin Ashe", set())


def test_a_rare_name_a_title_writes_is_no_garble_though_the_talk_never_says_it(build_text):
    talk = ("# Building Robots: Datavant CEO Mara Quell\n\n"
            "[00:00:01] Tobin Ashe: Welcome, Mara.\n[00:00:04] Mara Quell: Thanks for having me.\n"
            "[00:00:08] Tobin Ashe: How did it start?\n[00:00:11] Mara Quell: With one robot.\n"
            "[00:00:14] Tobin Ashe: Thanks for coming.\n[00:00:16] Mara Quell: Thank you.\n")
    kg = build_text({"talk.md": talk})
    assert {e.name for e in kg.entities if e.label.value == "Organization"} == {"Datavant"}


def test_a_title_names_the_person_after_a_job_of_two_words(build_text):
    kg = build_text({"post.md": "# Building Robots: Datavant Chief Executive Mara Quell\n\nRobots are hard to build.\n"})
    assert "Mara Quell" in {e.name for e in kg.entities if e.label.value == "Person"}


@pytest.mark.parametrize("intro", ["because I'm Talia and I like plain answers", "and my name is Talia, by the way"])
def test_a_speaker_who_gives_a_first_name_is_a_person(build_text, intro):
    talk = f"All right, stay with me. We look at agents today, {intro}. Quillfeather Systems ships one. I'm Claude, the model said."
    people = {e.name for e in build_text({"talk.md": talk}).entities if e.label.value == "Person"}
    assert people == {"Talia"}  # and not 'Claude', which the knowledge base knows as a model


@pytest.mark.parametrize("said", ["I'm French, and I moved to Boston for a job at Quillfeather Systems.",
                                  "I'm Ada Health's chief medical officer, and we build triage tools."])
def test_a_nationality_or_a_firm_after_i_am_is_no_one_s_name(build_text, said):
    assert not [e.name for e in build_text({"talk.md": said + "\n"}).entities if e.label.value == "Person"]


def test_in_an_excerpt_of_a_few_bold_labelled_turns_i_is_the_speaker(build_text):
    excerpt = ("**Tobin Ashe:** So Mara, welcome. How did it start?\n\n"
               "**Mara Quell:** We started slowly. Before that, I was at Quillfeather Systems for many years.\n\n"
               "**Tobin Ashe:** And then?\n\n**Mara Quell:** Then we hired our first engineer.\n")
    assert ("Mara Quell", "WORKS_AT", "Quillfeather Systems") in facts(build_text({"talk.md": excerpt}), "WORKS_AT")
