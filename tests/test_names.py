import pytest

from graphbuild.knowledge import load
from graphbuild.names import compact, similar_person_names, similar_words, without_title


@pytest.fixture(scope="module")
def kb():
    return load()


@pytest.mark.parametrize("heard, real", [
    ("Max Woehling", "Max Welling"),
    ("Kevin wheel", "Kevin Weil"),
    ("Seb Hochreider", "Sepp Hochreiter"),
])
def test_misheard_people_are_the_known_person(kb, heard, real):
    assert kb.fuzzy_person(heard).name == real


@pytest.mark.parametrize("heard, real", [
    ("frenster", "Friendster"), ("cerebrus", "Cerebras"), ("grock", "Grok"), ("madx", "MatX"),
    ("bydance", "ByteDance"), ("CaspAI", "CuspAI"),
    ("Enthropic", "Anthropic"),  # one vowel heard for another at the start
    ("Open AAI", "OpenAI"),  # closer to OpenAI than to the longer OpenAI API, which holds it
])
def test_misheard_names_are_the_known_entity(kb, heard, real):
    assert kb.fuzzy(heard).name == real


@pytest.mark.parametrize("split, real", [
    ("open AI", "OpenAI"), ("mid Journey", "Midjourney"), ("Tik Tok", "TikTok"), ("NV link", "NVLink"),
    ("a16z", "Andreessen Horowitz"), ("hot shots", "Hotshot"), ("Apple podcast", "Apple Podcasts"),
])
def test_split_inflected_and_alternative_names_match_exactly(kb, split, real):
    assert kb.exact(split).name == real


@pytest.mark.parametrize("a, b", [
    ("Kevin Scott", "Kevin Weil"), ("Sam Altman", "Jack Altman"), ("Dario Amodei", "Daniela Amodei"),
    ("Mark Chen", "Mark Zuckerberg"),
])
def test_different_people_with_a_shared_name_do_not_match(a, b):
    assert not similar_person_names(a, b)


@pytest.mark.parametrize("a, b", [("GPT-4", "GPT-4o"), ("Llama 3", "Llama 2"), ("Gemini", "Gemma"), ("Cohere", "Coherent")])
def test_different_names_that_look_alike_do_not_match(a, b):
    assert not similar_words(compact(a), compact(b))


def test_ambiguous_heard_forms_are_left_alone(kb):
    assert kb.fuzzy("Dolly") is None  # as close to Dell as to DALL-E: no guess
    assert kb.fuzzy("grow") is None


@pytest.mark.parametrize("name, maker", [
    ("ChatGPT", "OpenAI"),
    ("Claude 3.5 Sonnet", "Anthropic"),  # a member of a known family
    ("GPT-4o mini", "OpenAI"),
    ("Llama 3.1 70B", "Meta"),
])
def test_the_knowledge_base_knows_the_makers_of_well_known_models_and_their_families(kb, name, maker):
    assert kb.makers_of(name)[0] == maker


@pytest.mark.parametrize("name", ["o1 preview", "Quillfeather Studio", "OpenAI"])
def test_no_maker_for_an_unknown_name_a_too_short_family_or_a_firm(kb, name):
    assert kb.makers_of(name) == []


def test_a_number_speech_to_text_wrote_in_digits_is_read_as_a_word_only_where_it_stands_alone():
    from graphbuild.names import numbers_as_words
    assert numbers_as_words("11 Labs") == "eleven Labs"
    assert numbers_as_words("GPT-4, Claude 3.5 and 40% of 2,000") == "GPT-4, Claude 3.5 and 40% of 2,000"


@pytest.mark.parametrize("name, bare", [
    ("President Boris Yeltsin", "Boris Yeltsin"), ("Dr. Fei-Fei Li", "Fei-Fei Li"), ("Ambassador Miller", "Miller"),
    ("Sen. Bob Dole", "Bob Dole"), ("Mara Quell", "Mara Quell"), ("Okafor", "Okafor"),
])
def test_a_title_before_a_person_s_name_is_told_from_the_name(name, bare):
    assert without_title(name) == bare


def test_a_person_is_found_by_the_name_without_the_title_the_text_gives(build_text):
    kg = build_text({"a.md": "The trade pact was signed by President Marta Okonkwo in January.\n"})
    person = next(e for e in kg.entities if e.name == "President Marta Okonkwo")  # the recogniser's span
    assert "Marta Okonkwo" in person.aliases
