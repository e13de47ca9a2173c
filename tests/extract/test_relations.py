"""Facts from constructions, on short texts in the seeds' layouts."""

import pytest


def facts(kg, rel_type=None):
    names = {e.id: e.name for e in kg.entities}
    funds = {r.source: r.target for r in kg.relations if r.type.value == "FUNDS"}
    out = set()
    for r in kg.relations:
        if r.type.value in ("MENTIONED_IN", "FUNDS") or rel_type and r.type.value != rel_type:
            continue
        target = funds.get(r.target, r.target)
        out.add((names.get(r.source), r.type.value, names.get(target)))
    return out


def interview(question: str, answer: str) -> str:
    """A short timestamped talk: the host's question, the guest's answer, among turns that name nothing."""
    return ("[00:00:01] Dana Whitfield: Welcome back to the show.\n"
            "[00:00:05] Lee Carver: Thanks for having me, it is good to be here.\n"
            f"[00:00:09] Dana Whitfield: {question}\n"
            f"[00:00:14] Lee Carver: {answer}\n"
            "[00:00:19] Dana Whitfield: Money is flowing into the field again.\n")


def edge(kg, rel_type, source):
    return next(r for r in kg.relations if r.type.value == rel_type and r.source.endswith(source))


@pytest.mark.parametrize("text, expected", [
    ("Matan Grinberg, CEO and co-founder of Factory, spoke today.",
     {("Matan Grinberg", "WORKS_AT", "Factory"), ("Matan Grinberg", "FOUNDED", "Factory")}),
    ("Anthropic CEO Dario Amodei gave a talk.", {("Dario Amodei", "WORKS_AT", "Anthropic")}),
    ("Kevin Weil joined OpenAI last year.", {("Kevin Weil", "WORKS_AT", "OpenAI")}),
    ("Yesterday the big hires of Mike Krieger and Kevin Weil at Anthropic and OpenAI made news.",
     {("Mike Krieger", "WORKS_AT", "Anthropic"), ("Kevin Weil", "WORKS_AT", "OpenAI"),
      ("Anthropic", "COMPETES_WITH", "OpenAI")}),  # known rivals, named close together
])
def test_works_at_and_founded(build_text, text, expected):
    assert facts(build_text({"a.md": text})) == expected


def test_former_roles_are_past(build_text):
    kg = build_text({"a.md": "Sarah Wang, a former partner at Sequoia Capital, now invests at a16z."})
    assert edge(kg, "WORKS_AT", "sarah-wang").past is True
    assert edge(kg, "WORKS_AT", "sarah-wang").role == "partner"


@pytest.mark.parametrize("text, expected", [
    ("Mistral AI vs Cohere vs AI21 Labs: who wins?", {("Mistral AI", "COMPETES_WITH", "Cohere"),
                                                      ("Cohere", "COMPETES_WITH", "AI21 Labs"),
                                                      ("Mistral AI", "COMPETES_WITH", "AI21 Labs")}),
    ("Groq competes with Nvidia on inference.", {("Groq", "COMPETES_WITH", "Nvidia")}),
    ("UALink is an open source competitor to NVLink.", {("NVLink", "COMPETES_WITH", "UALink")}),
    ("Both Quillfeather Systems and Harborline Labs hired researchers from Lanternfield Robotics.", set()),
    ("Quokka-7B reportedly beats GPT-4o mini and Mistral 7B on coding.",
     {("Quokka-7B", "COMPETES_WITH", "GPT-4o mini"), ("Quokka-7B", "COMPETES_WITH", "Mistral 7B")}),
    ("Quokka-7B reportedly beats **GPT-4o mini** and *Mistral 7B* on coding.",  # a newsletter's emphasis
     {("Quokka-7B", "COMPETES_WITH", "GPT-4o mini"), ("Quokka-7B", "COMPETES_WITH", "Mistral 7B")}),
])
def test_competes_with_needs_words_that_oppose(build_text, text, expected):
    found = {tuple(sorted((a, b))) for a, _, b in facts(build_text({"a.md": text}), "COMPETES_WITH")}
    assert found == {tuple(sorted((a, b))) for a, _, b in expected}


@pytest.mark.parametrize("text, expected", [
    ("Anthropic launched Claude Code in February.", ("Anthropic", "DEVELOPED", "Claude Code")),
    ("AMD acquired ZT Systems for $4.9 billion.", ("AMD", "ACQUIRED", "ZT Systems")),
    ("Silo AI was acquired by AMD.", ("AMD", "ACQUIRED", "Silo AI")),
    ("Andreessen Horowitz invested in Mistral AI.", ("Andreessen Horowitz", "INVESTED_IN", "Mistral AI")),
    ("Cursor is backed by Thrive Capital.", ("Thrive Capital", "INVESTED_IN", "Cursor")),
    ("Databricks is cutting off access to Mosaic, which was acquired by Snowflake.", ("Snowflake", "ACQUIRED", "Mosaic")),
    ("After we sold Tabular to Databricks, we took a year off.", ("Databricks", "ACQUIRED", "Tabular")),
    ("Microsoft's an early investor in Mistral AI, which surprised people.", ("Microsoft", "INVESTED_IN", "Mistral AI")),
    ("Vellum Robotics, a new company which raised a Series A led by Founders Fund, is hiring.",
     ("Founders Fund", "INVESTED_IN", "Vellum Robotics")),
])
def test_developed_acquired_invested(build_text, text, expected):
    assert expected in facts(build_text({"a.md": text}))


@pytest.mark.parametrize("text, wrong", [
    ("Lena Ortiz was for Microsoft buying Activision, and Tom Reyes was against it.",
     ("Lena Ortiz", "WORKS_AT", "Microsoft")),
    ("Sam Altman said he would never have sold OpenAI to Microsoft.", ("Microsoft", "ACQUIRED", "OpenAI")),
    ("FTX's stake in Anthropic, which was bought by Mubadala in 2024, is now worth billions.",
     ("Mubadala", "ACQUIRED", "Anthropic")),
    ("Lena Ortiz left Harbor Bank for the startup that raised a Series A led by Sequoia Capital.",
     ("Sequoia Capital", "INVESTED_IN", "Harbor Bank")),
    ("Orbit Labs, which raised a Series A led by Sequoia Capital, hired Lena Ortiz from Harbor Bank.",
     ("Harbor Bank", "INVESTED_IN", "Orbit Labs")),
    ("Lena Ortiz's early investor in Orbit Labs was Tom Reyes.", ("Lena Ortiz", "INVESTED_IN", "Orbit Labs")),
])
def test_constructions_near_a_fact_s_that_state_none(build_text, text, wrong):
    assert wrong not in facts(build_text({"a.md": text}))


def test_who_welcomes_listeners_to_a_show_hosts_it_but_not_a_guest_welcomed_by_name(build_text):
    talk = ("**Dana Whitfield:** Welcome to another Deep Dive episode of the Harbor Signals Podcast. Today we talk "
            "about robots on farms.\n\n**Lee Carver:** Thanks for having me, it is good to be here.\n\n"
            "**Dana Whitfield:** So how did it start?\n\n**Lee Carver:** We started with one farm and one robot.\n\n"
            "**Dana Whitfield:** Lee Carver, welcome to Harbor Signals. Money is flowing into the field again.\n")
    kg = build_text({"talk.md": talk})
    assert facts(kg, "WORKS_AT") == {("Dana Whitfield", "WORKS_AT", "Harbor Signals Podcast")}  # not 'Deep Dive'
    assert edge(kg, "WORKS_AT", "dana-whitfield").role == "host"


def test_our_investors_are_the_speaker_s_firm_s(build_text):
    talk = ("[00:00:01] Dana Whitfield: Welcome back to the show.\n"
            "[00:00:05] Aravind Srinivas: Thanks for having me. I am the CEO of Perplexity.\n"
            "[00:00:09] Dana Whitfield: So how did it start?\n"
            "[00:00:14] Aravind Srinivas: One of our angel investors was Jeff Dean, and he helped us a lot.\n"
            "[00:00:19] Dana Whitfield: Money is flowing into the field again.\n")
    assert ("Jeff Dean", "INVESTED_IN", "Perplexity") in facts(build_text({"talk.md": talk}))


def test_funding_event_node_carries_amount_round_stake_and_lead(build_text):
    kg = build_text({"a.md": "Sequoia Capital led the $5 million seed round of Factory in 2023, for a 20% stake."})
    [investment] = kg.investments
    assert (investment.amount_usd, investment.round, investment.stake, investment.date) == (5e6, "seed", "20%", "2023")
    invested = edge(kg, "INVESTED_IN", "sequoia-capital")
    assert invested.target == investment.id and invested.lead is True
    assert edge(kg, "FUNDS", investment.id.split(":")[1]).target == "Organization:factory"


def test_a_raise_without_investors_still_gets_its_event(build_text):
    kg = build_text({"a.md": "CuspAI raised a $100m Series A in September."})
    [investment] = kg.investments
    assert (investment.amount_usd, investment.round) == (1e8, "Series A")
    assert [r.target for r in kg.relations if r.type.value == "FUNDS"] == ["Organization:cuspai"]
    assert not [r for r in kg.relations if r.type.value == "INVESTED_IN"]


def test_a_funding_event_keeps_its_valuation_apart_from_the_amount(build_text):
    kg = build_text({"a.md": "Anthropic raised $450 million in a Series C at a $4.1 billion valuation, "
                             "led by Spark Capital."})
    [investment] = kg.investments
    assert (investment.amount_usd, investment.amount_text) == (4.5e8, "$450 million")
    assert (investment.valuation_usd, investment.valuation_text) == (4.1e9, "$4.1 billion")


def test_a_valuation_alone_is_no_funding_event(build_text):
    assert build_text({"a.md": "Anthropic is now valued at $61.5 billion, people say."}).investments == []


def test_entity_lists_are_read_as_facts(build_text):
    notes = ("Episode notes\n\n## Entities - **Jane Roe** (person): Partner at Benchmark Ventures and host of Deep Talk. "
             "- **Acme Robotics** (organization): Startup that acquired Widget Labs.\n")
    found = facts(build_text({"notes.md": notes}))
    assert ("Jane Roe", "WORKS_AT", "Benchmark Ventures") in found
    assert ("Acme Robotics", "ACQUIRED", "Widget Labs") in found


def test_min_confidence_trades_recall_for_precision(nlp):
    from graphbuild.build import build_graph
    from graphbuild.readers import read_text

    docs = read_text("Sam Altman's OpenAI competes with Anthropic. Dario Amodei, CEO of Anthropic, agreed.", "a.md")
    everything = build_graph(docs, nlp)
    confident = build_graph(docs, nlp, min_confidence=0.95)
    kept = lambda kg: [r for r in kg.relations if r.type.value != "MENTIONED_IN"]
    assert len(kept(confident)) < len(kept(everything))
    assert all(r.confidence >= 0.95 for r in kept(confident))


@pytest.mark.parametrize("text, expected", [
    ("Anthropic, founded by Dario Amodei and Daniela Amodei, grew fast.",
     {("Dario Amodei", "FOUNDED", "Anthropic"), ("Daniela Amodei", "FOUNDED", "Anthropic")}),
    ("Mira Murati left OpenAI to start Thinking Machines Lab.",
     {("Mira Murati", "FOUNDED", "Thinking Machines Lab"), ("Mira Murati", "WORKS_AT", "Thinking Machines Lab")}),
    ("Arthur Mensch, who co-founded Mistral AI, spoke first.", {("Arthur Mensch", "FOUNDED", "Mistral AI")}),
])
def test_founders_in_other_constructions(build_text, text, expected):
    assert expected <= facts(build_text({"a.md": text}))


def test_investors_named_after_the_raise(build_text):
    kg = build_text({"a.md": "Cursor raised $900 million in a round led by Thrive Capital, with Andreessen Horowitz."})
    [investment] = kg.investments
    assert investment.amount_usd == 9e8
    assert {("Thrive Capital", "INVESTED_IN", "Cursor"), ("Andreessen Horowitz", "INVESTED_IN", "Cursor")} <= facts(kg)
    assert edge(kg, "INVESTED_IN", "thrive-capital").lead is True


@pytest.mark.parametrize("text, expected", [
    ("AMD, the chip maker from Santa Clara, last year quietly acquired ZT Systems.", ("AMD", "ACQUIRED", "ZT Systems")),
    ("Sequoia Capital, the Menlo Park firm, had invested heavily in Factory.", ("Sequoia Capital", "INVESTED_IN", "Factory")),
    ("Google DeepMind, after two years of work, finally released Gemini.", ("Google DeepMind", "DEVELOPED", "Gemini")),
    ("This week we spoke with Quillfeather's Mara Lindqvist about pricing.", ("Mara Lindqvist", "WORKS_AT", "Quillfeather")),
])
def test_spread_out_constructions_come_from_the_parse(build_text, text, expected):
    assert expected in facts(build_text({"a.md": text}))


def test_choosing_between_two_is_competition(build_text):
    kg = build_text({"a.md": "Asked to choose between OpenAI and Anthropic, he picked Anthropic."})
    assert {tuple(sorted((a, b))) for a, _, b in facts(kg, "COMPETES_WITH")} == {("Anthropic", "OpenAI")}


def test_the_job_is_preferred_over_the_founding_as_role(build_text):
    kg = build_text({"a.md": "Jonathan Ross, the founder and CEO of Groq, spoke."})
    assert edge(kg, "WORKS_AT", "jonathan-ross").role == "CEO"
    assert ("Jonathan Ross", "FOUNDED", "Groq") in facts(kg)


def test_a_speaker_who_was_at_a_firm_worked_there_before(build_text):
    talk = interview("So where did you start?",
                     "Myself, I was at Coinbase for quite many years, and then I ended up working for Akamai.")
    kg = build_text({"talk.md": talk})
    assert {("Lee Carver", "WORKS_AT", "Coinbase"), ("Lee Carver", "WORKS_AT", "Akamai")} <= facts(kg)
    past = {r.target: r.past for r in kg.relations if r.type.value == "WORKS_AT"}
    assert past["Organization:coinbase"] is True


def test_founded_by_is_not_a_past_job(build_text):
    kg = build_text({"a.md": "Cerebras was co-founded by Andrew Feldman. Sarah Wang was a partner at Sequoia Capital."})
    assert edge(kg, "WORKS_AT", "andrew-feldman").past is False
    assert edge(kg, "WORKS_AT", "sarah-wang").past is True


def test_the_startup_refers_to_the_organisation_before(build_text):
    kg = build_text({"a.md": "Mistral AI released a new model. The startup was backed by Lightspeed Venture Partners."})
    assert ("Lightspeed Venture Partners", "INVESTED_IN", "Mistral AI") in facts(kg)


def test_work_at_from_the_parse_with_its_tense(build_text):
    kg = build_text({"a.md": "Jonathan Ross, the founder of Groq, previously worked at Google for years."})
    google = next(r for r in kg.relations if r.type.value == "WORKS_AT" and r.target == "Organization:google")
    assert google.past is True


def test_rivals_named_with_their_makers(build_text):
    kg = build_text({"a.md": "Anthropic's Claude competes directly with OpenAI's GPT-4 in coding."})
    # the makers too: rivals the annotations name in several documents (knowledge/learned_facts.jsonl)
    assert {tuple(sorted((a, b))) for a, _, b in facts(kg, "COMPETES_WITH")} == {("Claude", "GPT-4"), ("Anthropic", "OpenAI")}
    assert {("Anthropic", "DEVELOPED", "Claude"), ("OpenAI", "DEVELOPED", "GPT-4")} <= facts(kg)


@pytest.mark.parametrize("text", ["Welcome to No Priors, I'm Sarah Guo.", "Hi, I'm Sarah Guo and this is No Priors."])
def test_podcast_intros_name_the_host(build_text, text):
    kg = build_text({"a.md": text})
    assert ("Sarah Guo", "WORKS_AT", "No Priors") in facts(kg)
    assert edge(kg, "WORKS_AT", "sarah-guo").role == "host"


def test_a_title_states_its_facts_a_list_of_chapters_none(build_text):
    text = ("# OpenAI vs Anthropic: Inside the Race\n\n"
            "## Chapters\n\n00:00 Intro 03:10 Google vs Meta 10:00 Mistral vs Cohere\n\n"
            "Last week we sat down with the team. Anthropic shipped a new model, and it competes with OpenAI on price.\n")
    kg = build_text({"episode.md": text})
    assert not [r for r in kg.relations if r.type.value == "COMPETES_WITH" and "Google" in r.evidence[0].quote]
    rivals = [r for r in kg.relations if r.type.value == "COMPETES_WITH"]
    assert [{r.source, r.target} for r in rivals] == [{"Organization:openai", "Organization:anthropic"}]
    assert "OpenAI vs Anthropic: Inside the Race" in [e.quote for e in rivals[0].evidence]
    mentioned = {r.source: r.evidence[0].quote for r in kg.relations if r.type.value == "MENTIONED_IN"}
    # first named in the title, first said in a sentence of the text
    assert mentioned["Organization:openai"] == mentioned["Organization:anthropic"] == \
        "Anthropic shipped a new model, and it competes with OpenAI on price."


def test_dependency_patterns_are_data_one_file_per_relation_type():
    from graphbuild.extract.dependencies import PATTERNS, load_patterns
    from graphbuild.models import RelationType

    files = {path.name for path in PATTERNS.iterdir() if path.name.endswith(".jsonl")}
    assert files and files <= {f"{rel.value}.jsonl" for rel in RelationType}
    for rel in RelationType:
        for entry in load_patterns(rel):
            roles = {node["RIGHT_ID"] for node in entry["pattern"]}
            assert entry["id"] and {"subject", "object"} <= roles, (rel, entry["id"])


def _masked(text, names):
    from graphbuild.extract.relations import MaskedSentence
    from graphbuild.models import EntityLabel

    at = {name: text.index(name) for name, _ in names}
    return MaskedSentence(text, 100, [(i, 100 + at[name], 100 + at[name] + len(name), EntityLabel(label))
                                      for i, (name, label) in enumerate(names)])


def _facts_of(masked, names):
    from graphbuild.extract.relations import find_facts

    return {(f.type.value, names[f.source][0], names[f.target][0]) for f in find_facts(masked)}


@pytest.mark.parametrize("text, names, expected", [
    ("**Quillfeather** [launched Lanternfield](https://x.com/q/status/(1)) in May.",
     [("Quillfeather", "Organization"), ("Lanternfield", "Product")], ("DEVELOPED", "Quillfeather", "Lanternfield")),
    ("Quokka-7B reportedly beats **Lanternfield** and *Mistral 7B* on coding.",
     [("Quokka-7B", "Model"), ("Lanternfield", "Model"), ("Mistral 7B", "Model")], ("COMPETES_WITH", "Quokka-7B", "Mistral 7B")),
])
def test_hand_patterns_read_a_sentence_through_its_markdown(text, names, expected):
    masked = _masked(text, names)
    assert expected in _facts_of(masked, names)
    assert not {"*", "[", "]", "http"} & set(masked.masked.replace("(", " ").split()) and "x.com" not in masked.masked
    for word in ("May", "coding", "<<E1"):  # offsets stay the file's, marks removed before them or not
        if word in masked.masked:
            plain = text.index(word) if not word.startswith("<<") else text.index(names[1][0])
            assert masked.file_offset(masked.masked.index(word)) == 100 + plain


def test_brackets_stars_and_underscores_that_are_no_markdown_stay():
    masked = _masked("[laughs] Quillfeather ships 5 * 3 builds of __init__ a day.", [("Quillfeather", "Organization")])
    assert masked.masked == "[laughs] <<E0:O>> ships 5 * 3 builds of __init__ a day."


def test_a_makers_product_in_apposition_but_not_its_rival():
    names = [("Quillfeather", "Organization"), ("Lanternfield", "Product")]
    agent = "Quillfeather’s coding agent, Lanternfield, ships weekly."
    rival = "Quillfeather’s biggest rival, Lanternfield, ships weekly."
    assert ("DEVELOPED", "Quillfeather", "Lanternfield") in _facts_of(_masked(agent, names), names)
    assert ("DEVELOPED", "Quillfeather", "Lanternfield") not in _facts_of(_masked(rival, names), names)


def test_a_fact_the_annotations_state_in_several_documents_is_taken_where_its_ends_are_said_close_together(build_text):
    from graphbuild.knowledge import load
    from graphbuild.models import RelationType

    assert load().states(RelationType.WORKS_AT, "Sam Altman", "OpenAI")  # knowledge/learned_facts.jsonl
    answer = "Sam Altman has been quiet lately. Still, OpenAI keeps shipping every week."
    kg = build_text({"a.md": interview("Who is ahead right now?", answer)})
    assert facts(kg, "WORKS_AT") == {("Sam Altman", "WORKS_AT", "OpenAI")}
    far = answer.replace("Still,", "Still, " + "we talked about many other things that week, " * 4)
    assert not facts(build_text({"a.md": interview("Who is ahead right now?", far)}), "WORKS_AT")
    rivals = build_text({"a.md": "OpenAI and Anthropic both hired researchers from Google."})  # known rivals, said close
    assert {tuple(sorted((a, b))) for a, _, b in facts(rivals, "COMPETES_WITH")} == \
        {("Anthropic", "OpenAI"), ("Google", "OpenAI"), ("Anthropic", "Google")}


@pytest.mark.parametrize("text", [
    "Anthropic says it does not compete with OpenAI.",  # denied
    "Anthropic partners with Google on chips.",  # tied otherwise
])
def test_known_rivals_said_close_together_are_no_rivals_where_the_text_denies_it_or_ties_them_otherwise(build_text, text):
    assert not facts(build_text({"a.md": text}), "COMPETES_WITH")


def test_a_known_fact_adds_nothing_where_the_text_states_the_pair_itself(build_text):
    kg = build_text({"a.md": "Sam Altman spoke for an hour about chips. He used to work at OpenAI, he said."})
    job = next(r for r in kg.relations if r.type.value == "WORKS_AT")
    assert job.past is True and len(job.evidence) == 1 and "used to work" in job.evidence[0].quote


def test_a_firm_and_the_model_it_makes_said_close_together_in_one_turn_is_a_fact_said_once(build_text):
    answer = ("I think Meta had a quiet week. Honestly, Llama is still where most teams start. "
              "People still like Meta. Llama remains the default.")
    kg = build_text({"a.md": interview("What did you make of the open models?", answer)})
    made = [r for r in kg.relations if r.type.value == "DEVELOPED"]
    assert facts(kg, "DEVELOPED") == {("Meta", "DEVELOPED", "Llama")} and len(made[0].evidence) == 1
    assert made[0].evidence[0].quote == "I think Meta had a quiet week. Honestly, Llama is still where most teams start."
    assert made[0].evidence[0].speaker == "Lee Carver"


@pytest.mark.parametrize("question, answer", [
    ("What did you make of Meta this week?", "Honestly, Llama is still where most teams start."),  # two turns
    ("What did you make of the open models?", "I think Meta had a quiet week. Honestly, Claude is where most start."),
])
def test_a_firm_and_a_model_said_close_together_are_no_fact_across_turns_or_where_it_is_not_its_maker(
        build_text, question, answer):
    assert not facts(build_text({"a.md": interview(question, answer)}), "DEVELOPED")


def test_a_job_a_pattern_gives_the_nearer_person_is_not_the_farther_ones_too(build_text):
    kg = build_text({"panel.md": "Mara Quell welcomed Tomas Eriksen, chief scientist at Hollowbrook Labs, to the panel on Tuesday.\n"})
    assert facts(kg, "WORKS_AT") == {("Tomas Eriksen", "WORKS_AT", "Hollowbrook Labs")}
    kg = build_text({"intro.md": "Intro: Dana Whitfield introduces Priya Raman, CEO of Quillfeather Systems, who moved from "
                                 "physics to software.\n"})
    assert facts(kg, "WORKS_AT") == {("Priya Raman", "WORKS_AT", "Quillfeather Systems")}
    kg = build_text({"news.md": "Mara Quell and Tomas Eriksen founded Hollowbrook Labs in 2019.\n"})  # a list: both
    assert {("Mara Quell", "WORKS_AT", "Hollowbrook Labs"), ("Tomas Eriksen", "WORKS_AT", "Hollowbrook Labs")} <= facts(kg)
