"""The trained entity recogniser: shipped in the package, loaded with a clear error when it
is missing or damaged, and finding names no knowledge base lists, on texts written here."""

import shutil

import pytest
import spacy

from graphbuild.errors import ModelMissingError
from graphbuild.extract.nlp import TRAINED_NER, load_nlp, load_recogniser
from graphbuild.models import EntityLabel, Layout
from tests.extract.test_relations import facts, interview



def names(kg, label):
    return {e.name for e in kg.entities if e.label.value == label}


def test_the_recogniser_ships_inside_the_package_and_replaces_the_stock_one(nlp):
    assert TRAINED_NER.parent.parent.name == "graphbuild"
    assert {"PERSON", "ORG", "MODEL", "PRODUCT"} <= set(nlp.get_pipe("ner").labels)


def test_a_missing_recogniser_is_one_clear_error(tmp_path):
    with pytest.raises(ModelMissingError, match=r"recogniser is missing; rebuild it with: make train"):
        load_nlp(ner=tmp_path / "nowhere")


def test_a_damaged_recogniser_is_one_clear_error(tmp_path):
    damaged = tmp_path / "ner"
    shutil.copytree(TRAINED_NER, damaged)
    (damaged / "ner" / "model").write_bytes(b"not a model")
    with pytest.raises(ModelMissingError, match=r"cannot be loaded .*make train"):
        load_recogniser(damaged)


def test_new_companies_named_by_ordinary_words_are_found_where_used_as_names(build_text):
    text = ("Last month Harbor raised a $40 million Series B led by Index Ventures. "
            "Harbor sells software to hospitals, and its chief executive Priya Raman said the money "
            "will pay for engineers.\n")
    kg = build_text({"news.md": text})
    assert {"Harbor", "Index Ventures"} <= names(kg, "Organization")
    assert "Priya Raman" in names(kg, "Person")
    assert not {"Series", "Series B", "Last"} & names(kg, "Organization")


@pytest.mark.parametrize("text", ["Headlines\n\nTomas Okafor is the CEO of Brightwater Analytics.\n",
                                  "Tomas Okafor is the CEO of Brightwater Analytics."])
def test_a_short_text_of_one_sentence_gives_its_person_and_company(build_text, text):
    kg = build_text({"note.txt": text})
    assert "Tomas Okafor" in names(kg, "Person")
    assert "Brightwater Analytics" in names(kg, "Organization")


def test_a_title_case_heading_still_gives_no_names(build_text):
    kg = build_text({"show.md": "# Lessons From Building Copper Kettle Labs\n\nWe talked about pricing and hiring.\n"})
    assert not kg.entities


def test_an_ordinary_word_written_as_a_name_only_once_is_not_enough(build_text):
    kg = build_text({"notes.md": "- **Juan Maldacena** (person): Renowned physicist at Princeton.\n"
                                 "Incentive is driving the outcome.\n"})
    found = {e.name for e in kg.entities}
    assert "Juan Maldacena" in found
    assert not {"Renowned", "Incentive"} & found


def test_unknown_models_are_found_and_new_products_are_entities(build_text):
    text = ("## Model releases\n\n"
            "- Zephyrine released Quokka-7B-Instruct, an open-weights model that beats Llama 3 8B on coding.\n"
            "- The team also shipped Burrow, a desktop app that runs Quokka-7B-Instruct locally.\n")
    kg = build_text({"issue.md": text})
    assert "Quokka-7B-Instruct" in names(kg, "Model")
    # a new product's name is found; whether it is the product or its maker is often unclear
    assert "Burrow" in names(kg, "Product") | names(kg, "Organization")


def test_a_name_ending_in_a_company_word_is_an_organisation(build_text):
    notes = "- **Acme Robotics** (organization): Startup that acquired Widget Labs.\n"
    kg = build_text({"notes.md": notes})
    assert "Widget Labs" in names(kg, "Organization")


def test_a_name_ending_in_a_word_of_the_firm_list_reads_as_a_firm():
    from graphbuild.extract.mentions import COMPANY_SUFFIX, ORG_SUFFIX  # knowledge/company_words.txt

    assert ORG_SUFFIX.search("Oriana Minerals") and ORG_SUFFIX.search("Lucia Robotics Inc.")
    assert COMPANY_SUFFIX.search("Selena Therapeutics") and not ORG_SUFFIX.search("Minerals Oriana")


def test_a_name_ending_in_a_word_of_the_product_list_reads_as_a_product(build_text):
    from graphbuild.extract.mentions import PRODUCT_SUFFIX  # knowledge/product_words.txt

    assert PRODUCT_SUFFIX.search("Quillfeather Studio") and PRODUCT_SUFFIX.search("Brindle Toolkit")
    assert not PRODUCT_SUFFIX.search("Studio") and not PRODUCT_SUFFIX.search("Studio Quillfeather")
    kg = build_text({"a.md": "Last week Tomas Okafor showed Quillfeather Studio to investors at Harbor Labs.\n"})
    assert "Quillfeather Studio" in names(kg, "Product")


def test_generic_speaker_labels_are_never_people(build_text):
    transcript = ("[00:00:01] SPEAKER_00: Welcome back. Today I'm talking with Dana Whitfield from Orchard Robotics.\n"
                  "[00:00:09] SPEAKER_01: Thanks for having me. I started Orchard Robotics in 2021.\n"
                  "[00:00:15] Host: What does the company build?\n"
                  "[00:00:18] Unknown Guest: Robots that pick apples, mostly in orchards in Washington.\n"
                  "[00:00:25] SPEAKER_01: We sell them to growers, and we compete with a few other startups.\n")
    kg = build_text({"episode.md": transcript})
    people = names(kg, "Person")
    assert "Dana Whitfield" in people
    assert not {"SPEAKER_00", "SPEAKER_01", "Host", "Unknown Guest"} & people


def test_link_addresses_are_blanks_to_the_recogniser_and_offsets_stay():
    from graphbuild.extract.pipeline import spacy_text
    from graphbuild.readers import read_text

    text = "Thanks to [Jane Doe](https://x.com/janedoe) for the tip, see https://example.com/a.\n"
    document = read_text(text, "n.md")[0]
    segment = document.segments[0]
    seen = spacy_text(document, segment)
    assert len(seen) == segment.end - segment.start
    assert "[Jane Doe]" in seen and "x.com" not in seen and "example.com" not in seen


def test_a_family_name_alone_is_a_person_in_writing_and_a_first_name_alone_is_not_in_talk(build_text):
    written = build_text({"paper.txt": "Haverkamp said the results were encouraging."})
    assert "Haverkamp" in names(written, "Person")
    talk = ("[00:00:01] Dana Whitfield: Marco told me the same thing last week, honestly.\n"
            "[00:00:06] Lee Carver: He says that about every launch.\n")
    assert "Marco" not in names(build_text({"talk.md": talk}), "Person")


def test_a_first_name_said_alone_in_talk_is_no_firm_though_the_recogniser_reads_one(build_text):
    talk = ("[00:00:01] Dana Whitfield: Welcome back to the show, everyone.\n"
            "[00:00:04] Lee Carver: Thanks for having me, Sonja, it is good to be here.\n"  # read as a firm
            "[00:00:08] Dana Whitfield: Let us talk about the seed round at Quillfeather Systems.\n"
            "[00:00:12] Lee Carver: They raised it from Hollowbrook Capital last spring.\n"
            "[00:00:16] Dana Whitfield: And the round closed within a week, I heard.\n")
    kg = build_text({"talk.md": talk})
    assert kg.documents[0].layout == Layout.DIALOGUE_TRANSCRIPT
    assert "Sonja" not in {e.name for e in kg.entities}
    assert {"Quillfeather Systems", "Hollowbrook Capital"} <= names(kg, "Organization")


def test_a_word_no_dictionary_knows_is_a_name_in_a_transcript_only_where_the_talk_supports_it(build_text):
    once = ("[00:00:01] Dana Whitfield: Welcome back to the show. Today we talk about robots on farms.\n"
            "[00:00:05] Lee Carver: Thanks for having me, it is good to be here.\n"
            "[00:00:09] Dana Whitfield: The folks at Vexlorin raised a Series A last month, I heard.\n"
            "[00:00:14] Lee Carver: The team at Orchard Robotics told me the same story.\n"
            "[00:00:19] Dana Whitfield: Money is flowing into the field again.\n")
    again = once + "[00:00:12] Dana Whitfield: I think Vexlorin and Stripe are the two companies to watch.\n"
    assert "Vexlorin" not in {e.name for e in build_text({"once.md": once}).entities}
    assert "Vexlorin" in names(build_text({"again.md": again}), "Organization")
    # written text is no garble: a new name said once stays
    assert "Vexlorin" in names(build_text({"news.md": "The folks at Vexlorin raised a Series A last month."}),
                               "Organization")
    # nor is a word in camel case, which only a transcriber who knows the name writes
    camel = once.replace("Vexlorin", "VexLorin")
    assert "VexLorin" in {e.name for e in build_text({"camel.md": camel}).entities}


def test_a_lone_name_no_full_name_explains_is_the_one_well_known_person_it_can_only_mean(build_text):
    written = build_text({"post.md": "Last week Karpathy argued that the new tokenizer was a step back. On Monday Trump "
                                     "signed an order on chips.\n"})
    assert {"Andrej Karpathy", "Donald Trump"} <= names(written, "Person")
    talk = ("[00:00:01] Dana Whitfield: Satya told the whole room that the deal was off, honestly.\n"
            "[00:00:06] Lee Carver: And Tim said the same thing to me last week.\n")
    people = names(build_text({"talk.md": talk}), "Person")
    assert "Satya Nadella" in people
    assert "Tim Cook" not in people  # a first name too common to tell whose it is


def test_a_name_keeps_neither_the_full_stop_glued_to_it_nor_a_letter_of_a_hyphenated_word(build_text):
    kg = build_text({"news.md": "The new release is competitive with Llama 3.1 70B.\n\n"
                                "Harbor Labs shipped Realm-X, and radiologists read X-ray images with it.\n"})
    models = names(kg, "Model")
    assert "Llama 3.1 70B" in models and not any(name.endswith(".") for name in models)
    assert "X Corp" not in names(kg, "Organization")


def test_a_known_name_in_lower_case_is_the_word_it_spells_where_the_writer_uses_case(build_text):
    kg = build_text({"news.md": "Harbor Labs built a copilot for radiologists, and its engineers use GitHub Copilot.\n"})
    copilots = [e for e in kg.entities if e.name == "GitHub Copilot"]
    assert len(copilots) == 1 and "copilot" not in copilots[0].aliases
    captions = "so you studied at cool tech before all this and then you went to work on robots on farms for years " * 10
    assert "Caltech" in names(build_text({"talk.md": captions}), "Organization")  # caseless speech misheard as words
    turns = [("Dana Whitfield", "Welcome back to the show, Lee."), ("Lee Carver", "Thanks for having me."),
             ("Dana Whitfield", "We always get involved at what we call inflection points."),
             ("Lee Carver", "And the three of us built that company together. It was fun."),
             ("Dana Whitfield", "And then what happened?"), ("Lee Carver", "We sold it, and I picked data dog to study.")]
    talk = build_text({"talk.txt": "\n".join(f"{who}: {line}" for who, line in turns)})
    # a transcriber who writes case writes names with capitals, though it splits one it does not know
    assert names(talk, "Organization") == {"Datadog"}


def test_two_firms_joined_by_and_are_two_but_one_name_with_and_stays_one():
    from graphbuild.extract.mentions import _listed_firms

    nlp = spacy.blank("en")
    assert [s.text for s in _listed_firms(nlp("Quillfeather Systems and Hollowbrook Labs")[:])] == \
        ["Quillfeather Systems", "Hollowbrook Labs"]
    assert [s.text for s in _listed_firms(nlp("Battery Minerals and Metals")[:])] == ["Battery Minerals and Metals"]
    assert [s.text for s in _listed_firms(nlp("Procter and Gamble")[:])] == ["Procter and Gamble"]


def test_two_full_names_written_with_no_comma_between_are_two_people(build_text):
    from graphbuild.extract.mentions import _listed_people

    kg = build_text({"talk.md": "so today we have Edward Quillmore Joshua Brenwick and Paul Hadlow on the show\n"})
    assert {"Edward Quillmore", "Joshua Brenwick", "Paul Hadlow"} <= names(kg, "Person")
    nlp = spacy.blank("en")
    for one in ["Martin Luther King Jr", "Jean Claude Van Damme", "Illinois Gov. James Thompson",
                "Ludwig Mies Van Der Rohe", "Robert F. Kennedy Jr."]:
        assert [s.text for s in _listed_people(nlp(one)[:])] == [one]


def test_a_conference_is_an_event_not_an_organisation(build_text):
    kg = build_text({"talk.md": "Priya Raman of Quillfeather Systems presented the paper at NeurIPS and again at ICML.\n"})
    assert names(kg, "Organization") == {"Quillfeather Systems"}


def test_a_known_name_with_an_inner_capital_is_a_name_and_its_versions_are_products(build_text):
    kg = build_text({"phones.md": "The assistant now runs on the iPhone 4S and on every iPad sold since May.\n"})
    assert names(kg, "Product") == {"iPhone 4S", "iPad"}
    # a known product's name and more capitalised words is a version, whatever type the recogniser read
    kg = build_text({"tablets.txt": "Quillfeather ships its reader for the iPad Air , the iPad Mini and the Pixel 8 ."})
    assert "iPad Air" in names(kg, "Product")


def test_a_word_like_a_known_name_is_misheard_only_in_speech(build_text):
    said = "We sold our first robots to Bydance, and then we went to work on farms."
    writing = f"Lee Carver runs Quillfeather Systems. {said}\n"
    assert "ByteDance" not in names(build_text({"news.md": writing}), "Organization")  # writing spells what it means
    talk = ("[00:00:01] Dana Whitfield: Welcome back to the show. Today we talk about robots on farms.\n"
            "[00:00:05] Lee Carver: Thanks for having me, it is good to be here.\n"
            "[00:00:09] Dana Whitfield: So how did it start?\n"
            f"[00:00:14] Lee Carver: {said}\n"
            "[00:00:19] Dana Whitfield: Money is flowing into the field again.\n")
    assert "ByteDance" in names(build_text({"talk.md": talk}), "Organization")
    subtitles = f"1\n00:00:01,000 --> 00:00:04,000\nWelcome back to the show.\n\n2\n00:00:04,500 --> 00:00:09,000\n{said}\n"
    assert "ByteDance" in names(build_text({"talk.srt": subtitles}), "Organization")  # speech, though nobody is named


def test_a_misheard_word_before_a_known_name_is_the_longer_name_it_sounds_like(build_text):
    talk = ("[00:00:01] Dana Whitfield: Welcome back to the show.\n"
            "[00:00:05] Lee Carver: Thanks for having me, it is good to be here.\n"
            "[00:00:09] Dana Whitfield: So how do you write now?\n"
            "[00:00:14] Lee Carver: I asked Chad GPT to draft the whole memo for me.\n"
            "[00:00:19] Dana Whitfield: And the LinkedIn DM you sent after it?\n"
            "[00:00:24] Lee Carver: The Microsoft board approved it, and I use the Claude app every day.\n"
            "[00:00:29] Dana Whitfield: I heard it on Apple podcast.\n")
    kg = build_text({"talk.md": talk})
    chatgpt = next(e for e in kg.entities if e.name == "ChatGPT")
    assert "Chad GPT" in chatgpt.aliases and "GPT" not in names(kg, "Model")
    assert "Apple Podcasts" in names(kg, "Product")  # a known name split and inflected, not Apple
    # a known name and then a word is that name: no LinkedIn DM, Microsoft Word or Claude Opus
    assert {"LinkedIn", "Microsoft", "Claude"} <= {e.name for e in kg.entities}
    assert not {"LinkedIn DM", "Microsoft board", "Claude app"} & {a for e in kg.entities for a in e.aliases}
    # automatic captions: 'llm Claude' ends in no known name it holds, so it is no LlamaCloud
    captions = ("so today I want to talk about writing with these tools and what happens when you lean on them " * 12
                + "a fair bit of work put in an llm is going to sound like an llm Claude has a house style and you can hear it "
                + "so take the time to edit what comes out " * 10)
    kg = build_text({"captions.txt": captions})
    assert "Claude" in names(kg, "Model") and "LlamaCloud" not in {e.name for e in kg.entities}


def test_a_number_heard_in_a_name_is_read_as_the_word_the_name_spells(build_text):
    talk = interview("So who makes the voices?", "We license every voice from 11 Labs, and it took 3 weeks.")
    kg = build_text({"talk.md": talk})
    assert "11 Labs" in next(e for e in kg.entities if e.name == "ElevenLabs").aliases
    said = talk.replace("We license every voice from 11 Labs", "Base 10 Partners led our seed round")
    written = "Lena Ortiz, who ran 11 Labs for a decade, joined Quillfeather Systems as chief executive.\n"
    # a firm's word after the number, or writing, which spells what it means: no Baseten, no ElevenLabs
    assert not {"Baseten", "ElevenLabs"} & {e.name for e in build_text({"talk.md": said, "news.md": written}).entities}


def test_a_method_of_the_field_is_no_entity(build_text):
    text = "Lena Ortiz compared AdaBoost with the Kalman Filter and Latent Dirichlet Allocation at Quillfeather Systems.\n"
    assert {e.name for e in build_text({"news.md": text}).entities} == {"Lena Ortiz", "Quillfeather Systems"}


def test_where_the_transcriber_writes_case_a_word_in_lower_case_is_no_misheard_name(build_text):
    talk = interview("So what did you do all day?",
                     "We watched the stock market tickers all day, and then the small AI modules shipped.")
    assert {e.name for e in build_text({"talk.md": talk}).entities} == {"Dana Whitfield", "Lee Carver"}  # no Docker


@pytest.mark.parametrize("text, names", [
    ("Priya Raman of Quillfeather Systems wrote the parser in Java and the tests in Python.", {"Priya Raman", "Quillfeather Systems"}),
    ("Priya Raman: one of the things you did with Elixir which I appreciated is the docs.", {"Priya Raman"}),
    ("The economist Tim Rust joined Quillfeather Systems.", {"Tim Rust", "Quillfeather Systems"})])
def test_a_programming_language_is_no_entity(build_text, text, names):
    assert {e.name for e in build_text({"news.md": text + "\n"}).entities} == names


def test_a_capitalised_adjective_that_begins_a_term_is_no_name(build_text):
    kg = build_text({"wiki.md": "Priya Raman built a Facial recognition system at Quillfeather Systems using Recurrent neural networks.\n"})
    assert {e.name for e in kg.entities} == {"Priya Raman", "Quillfeather Systems"}


def test_an_adjective_the_parse_ties_loosely_to_a_term_s_noun_still_begins_the_term():
    from spacy.tokens import Doc

    from graphbuild.extract.mentions import _begins_a_term
    # a stray bracket in a list makes the parse tie 'Stochastic' to 'descent' as an nmod, not an amod
    words = ["include", "Stochastic", "gradient", "descent", ")"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=[0, 3, 3, 0, 0], deps=["ROOT", "nmod", "compound", "dobj", "punct"],
              pos=["VERB", "ADJ", "NOUN", "NOUN", "PUNCT"])
    assert _begins_a_term(doc[1])
    senate = Doc(doc.vocab, words=["the", "Senate", "committee"], heads=[2, 2, 2], deps=["det", "compound", "ROOT"],
                 pos=["DET", "PROPN", "NOUN"])
    assert not _begins_a_term(senate[1])


def test_an_award_or_a_prize_is_no_entity(build_text):
    kg = build_text({"a.txt": "The root mean squared error was the measure used in the Quorvane Prize , which Harlow Labs "
                              "ran in 2009 ."})
    assert {e.name for e in kg.entities} == {"Harlow Labs"}


def test_an_acronym_that_is_also_a_word_is_a_name_where_it_stands(build_text):
    kg = build_text({"wire.txt": "The panel voted to keep the drug on prescription, said Mara Quell, an FDA spokeswoman."})
    assert "FDA" in names(kg, "Organization")
    assert ("Mara Quell", "WORKS_AT", "FDA") in facts(kg, "WORKS_AT")


def test_a_line_ending_in_a_quote_written_with_two_apostrophes_is_prose_not_a_title(build_text):
    kg = build_text({"quote.txt": "As union leader Mara Quell put it: ` ` We have set the table; we have not served the meal yet.''\n"
                                  "The talks resume on Monday .\n"})
    assert "Mara Quell" in names(kg, "Person")


def test_a_firm_written_in_capitals_is_a_name_even_in_a_title_case_line(build_text):
    kg = build_text({"dateline.txt": "DAYTON, Ohio (AP)\n"})
    assert names(kg, "Organization") == {"AP"}


def test_a_product_named_after_its_maker_is_a_name_of_its_own_but_a_maker_before_a_model_stays_apart(build_text):
    kg = build_text({"notes.md": "Figma makes design tools. We moved our notes into Notion Calendar and Figma Slides.\n\n"
                                 "They compared GPT-4o in fast thinking and OpenAI o1 in slow thinking.\n"})
    assert {"Figma Slides", "Notion Calendar"} <= names(kg, "Product")
    assert {"GPT-4o", "o1"} <= names(kg, "Model") and "OpenAI" in names(kg, "Organization")


def test_a_sentence_tokenised_with_a_space_before_its_full_stop_is_prose_not_a_title(build_text):
    kg = build_text({"wiki.txt": "SURF was first published by Herbert Bay , Tinne Tuytelaars , and Luc Van Gool , "
                                 "and presented at the 2006 European Conference on Computer Vision .\n"})
    assert {"Herbert Bay", "Luc Van Gool"} <= names(kg, "Person")


def test_a_file_of_one_line_with_no_full_stop_is_its_text_not_a_title(build_text):
    kg = build_text({"line.txt": "In 1969 , Scheinman invented the Stanford arm ,\n"})
    assert "Scheinman" in names(kg, "Person")


def test_a_name_may_begin_with_an_accented_latin_letter(build_text):
    kg = build_text({"bio.txt": "Čapek was born in Hronov , Bohemia , in 1887 ."})
    assert "Čapek" in names(kg, "Person")


def test_an_ordinary_word_the_text_writes_in_lower_case_more_often_than_with_a_capital_is_no_name(build_text):
    text = ("The legal team helped make this possible, because legal opened with a plan. And so, Legal was put in "
            "a position of figuring out the rules for Quillfeather Systems, and legal signed off in a week.\n")
    found = {e.name for e in build_text({"memo.md": text}).entities}
    assert "Quillfeather Systems" in found and "Legal" not in found
    # a web address or a handle in lower case is the name's, not the word's
    text = ("Last month we moved our tickets to Harbor, and it stuck. See [Harbor](https://harbor.dev), the docs at "
            "harbor.dev/docs and the @harbor account.\n")
    assert "Harbor" in {e.name for e in build_text({"tickets.md": text}).entities}


def test_in_a_caption_stream_an_ordinary_word_with_a_capital_is_no_name(build_text):
    # automatic captions run together (a corpus episode of Nate Jones): capitals mark where a
    # caption began ('Capital', 'Yen', 'Downs')
    captions = ('number one is what we call the Yen carry trade I actually lived through the first instance when this '
                "became un stock in 1998 in Asia it's a very vivid memory for me it's a really big deal when this "
                'gets unstuck so brief history since 1990 about the Japanese government has maintained broadly '
                'speaking about a 0% interest rate on the Yen and the reason for that is because they want t the AI '
                "capex problem which I have talked about on this channel Affair bit fundamentally we're spending a "
                'ton of money on Capital expenses for AI but the return on investment window is way longer than the '
                "street wants it is not 12 to 18 months it's going to be years out and that's not me saying that "
                "that's big corporations saying that in their earnings reports and that is scaring the market that "
                "was really hoping that AI would produce an earlier boost to earnings and instead they're sing it "
                "produce an earlier boost to Capital expenditures on the wrong side of the balance she f you're "
                'looking at what is going to drive your Equity package look at the broader economic signals because '
                "that is what's going to be most influential for the earnings and revenue for your if you look back "
                'at the history of say Amazon or Netflix or other big companies they will have these big draw Downs '
                "it's happened before this it may happen aga")
    found = {e.name for e in build_text({"captions.md": captions}).entities}
    assert {"Amazon", "Netflix"} <= found
    assert not {"Capital", "Equity", "Yen", "Downs", "Affair"} & found
    # and so is a run of ordinary words; not a name that holds a capital inside ('Final AI') nor a
    # person's begun with a given name ('Grace Hopper')
    captions = ("so my advice is simple do not hand the Final Phase of your interview practice to a chatbot because "
                "the way you think out loud is what they hire and nobody can fake that for you " * 3
                + "I said as much to Grace Hopper and to the team at Final AI last week when they showed me their agent "
                "and it is the same with investing you cannot make good decisions from a summary " * 3)
    found = {e.name for e in build_text({"captions.md": captions}).entities}
    assert {"Grace Hopper", "Final AI"} <= found and "Final Phase" not in found


def test_in_a_caption_stream_a_word_english_knows_though_rarely_is_no_name_on_a_capital_alone(build_text):
    talk = ("and the thing that I think is most interesting is how fast the tools got better over the summer you can "
            "see it in the numbers people are shipping more and they are shipping faster ")
    said = ["so this carry trade is starting to get Unwound as Traders have to go back and make good on their loans ",
            "we are just going to cook The Omelette serve it to you and say please enjoy it like Amazon does ",
            "maybe the unit economics Dro maybe it costs less to run a marketplace like Amazon "]
    kg = build_text({f"captions-{i}.md": talk * 3 + line + talk * 3 for i, line in enumerate(said)})
    found = {e.name for e in kg.entities}
    assert "Amazon" in found and not {"Unwound", "Omelette", "Dro"} & found
    # a person's name may score as a rare word: it stays a name
    said = talk * 3 + "last week I was talking to Arvind Narayanan about exactly this " + talk * 3
    assert "Arvind Narayanan" in {e.name for e in build_text({"captions.md": said}).entities}


def test_in_a_caption_stream_an_ordinary_word_a_product_noun_describes_is_a_product(build_text):
    talk = ("and the thing that I think is most interesting is how fast the tools got better over the summer you can "
            "see it in the numbers people are shipping more and they are shipping faster ")
    captions = talk * 3 + ("so a designer did a long Twitter thread over the weekend saying I am coding a Harbor app I have "
                           "never coded before I am using an agent for all of it ") + talk * 3
    assert "Harbor" in names(build_text({"captions.md": captions}), "Product")
    # in writing, a sentence's first word before a product's noun is as often a plain word
    assert "Fitness" not in {e.name for e in build_text({"a.md": "Fitness app makers sold data to Harlow Labs.\n"}).entities}


def test_a_monologue_s_transcript_without_labels_is_speech_where_a_misheard_name_is_the_known_one(build_text):
    talk = "I really think Enthropic is doing careful work on safety this year, and people should read it. " * 60
    anthropic = next(e for e in build_text({"monologue.md": talk}).entities if e.name == "Anthropic")
    assert "Enthropic" in anthropic.aliases


def test_words_of_the_language_written_as_a_name_are_a_term_where_the_text_writes_them_in_lower_case(build_text):
    text = ("**2. Progress in Safety, Evaluation, and Bug Fixing**\n\n"
            "- **[Quillfeather Agent in Bug Fixing](https://example.com/post)**: Quillfeather Systems' agent shows "
            "success in automated bug fixing on a hard benchmark.\n")
    found = {e.name for e in build_text({"news.md": text}).entities}
    assert "Quillfeather Systems" in found and "Bug Fixing" not in found


def test_an_event_or_an_honour_is_no_organisation(build_text):
    kg = build_text({"bio.txt": "Ada Quell presented the paper at the KDD Conference in 2019 and won the Turing Award."})
    assert {e.name for e in kg.entities} == {"Ada Quell"}


def test_a_name_with_an_event_word_is_a_firm_s_where_a_firm_s_word_ends_it():
    from graphbuild.extract.mentions import _names_an_event
    blank = spacy.blank("en")
    assert _names_an_event(blank("International Conference on Computer Vision")[:])
    assert not _names_an_event(blank("Summit Partners")[:]) and not _names_an_event(blank("Expo")[:])


def test_a_firm_s_name_may_hold_a_number_in_order_or_joined_but_not_a_measure_or_a_number_alone(build_text):
    from graphbuild.extract.mentions import _name_word
    from graphbuild.models import EntityLabel
    kg = build_text({"wire.txt": "Admiral Ada Quell, commander of the 6th Fleet, said the ships would sail on Monday."})
    assert "6th Fleet" in names(kg, "Organization")
    assert _name_word("Kanal-6", EntityLabel.ORGANIZATION)
    assert not any(_name_word(word, EntityLabel.ORGANIZATION) for word in ("2024", "100", "40TB", "1hr", "7i"))
    assert not _name_word("6th", EntityLabel.PERSON)


def test_a_newsletter_of_bold_items_with_a_maker_in_brackets_stays_an_article(build_text):
    items = "\n\n".join(f"**{model} ({maker}):** {maker} released {model} this week." for model, maker in [
        ("Quokka-7B", "Quillfeather"), ("Vantorq-2", "Hollowbrook Labs"), ("Pellmore-3", "Pellmore Capital"),
        ("Ashe-1", "Ashe Robotics"), ("Tobin-4", "Tobin AI"), ("Mara-5", "Mara Systems")])
    kg = build_text({"issue.md": "# AI News for 6/10/2025\n\n" + items + "\n"})
    assert kg.documents[0].layout == "article"


def test_a_maker_s_name_and_a_number_after_it_are_no_product(build_text):
    kg = build_text({"markets.md": "Meta Q3 earnings beat estimates as Meta 2Q capex rose; CoreWeave 10x revenue surprised analysts."})
    assert {"Meta", "CoreWeave"} <= names(kg, "Organization")
    assert not names(kg, "Model") | names(kg, "Product")


@pytest.mark.parametrize("text, name, label", [
    ("Varnholt is a speech recognition toolkit that runs on phones.", "Varnholt", "Product"),
    ("Last spring we rebuilt the demo with the Quorvane library.", "Quorvane", "Product"),
    ("In May they shipped an agent framework called Telvara to every team.", "Telvara", "Product"),
    ("Mirelle Voss is a research engineer at a lab in Leeds.", "Mirelle Voss", "Person"),
    ("Orlanda is a fintech company from Leeds that lends to farms.", "Orlanda", "Organization"),
    ("Tambrell served as chairman of the Northwind Institute.", "Tambrell", "Person"),
    ("Velasquor became a professor at a university in Leeds.", "Velasquor", "Person"),
    ("Velasquor is a Fellow of the Royal Society.", "Velasquor", "Person"),  # a capital describes too
    # a family name that is a word too is a name where its sentence describes a person by it
    ("Baker is a professor of linguistics at a university in Leeds.", "Baker", "Person"),
    ("Fisher, a senior official at the ministry, declined to comment.", "Fisher", "Person"),
    # a model is no person by a description, nor is a machine's lawyer anyone
    ("For the final edit I use Sonnet 4, since Sonnet 4 is a careful writer with a light touch.", "Sonnet 4", "Model"),
    ("Quorvane is an AI lawyer that drafts contracts for small firms.", "Quorvane", "Organization"),
    # an apposition is set off by a comma or a bracket: here the parse ran two phrases together
    ("Over lunch with Xinhua the editor of the weekly said little.", "Xinhua", "Organization"),
    ("The chatbot (Quorvane) answered at once.", "Quorvane", "Product"),
    # a list of examples names things of the noun it follows
    ("We tried coding tools like Quorvane and Telvara last month.", "Quorvane", "Product"),
    ("Startups such as Quorvane, Telvara and Brindle raised money this year.", "Brindle", "Organization"),
])
def test_a_name_the_sentence_describes_takes_the_type_the_description_says(build_text, text, name, label):
    kg = build_text({"a.md": f"{text}\n"})
    assert name in names(kg, label)


def test_the_first_word_of_a_job_s_title_is_no_name_but_a_firm_before_a_job_is(build_text):
    kg = build_text({
        "a.txt": "She has held the positions of President , Vice President , and Secretary-Treasurer of the Harlow "
                 "Society for Computational Semantics .",
        "b.txt": "The talks resumed on Monday , said Ford President Harold Poling ."})
    found = {e.name for e in kg.entities}
    assert {"Harlow Society for Computational Semantics", "Ford", "Harold Poling"} <= found and "Vice" not in found
    assert ("Harold Poling", "WORKS_AT", "Ford") in facts(kg, "WORKS_AT")


def test_a_cloud_a_firm_sells_is_its_product_and_a_platform_firm_is_a_product_where_it_is_used(build_text):
    kg = build_text({"a.md": "Our team moved every workload to Azure last year, and we post updates on Substack."})
    assert {"Microsoft Azure", "Substack"} <= names(kg, "Product")


def test_a_platform_firm_is_a_product_where_its_threads_servers_and_recaps_are_spoken_of(build_text):
    kg = build_text({"a.md": "Mara Quell wrote a long Twitter thread about the launch, the Discord server filled up "
                             "within the hour, and our weekly Reddit recap covered both.\n"})
    assert {"Twitter", "Discord", "Reddit"} <= names(kg, "Product")


def test_a_platform_firm_is_a_product_where_its_users_bots_and_calls_are_spoken_of_or_it_is_one_of_many(build_text):
    kg = build_text({"a.md": "You do not have to join a Discord to try it, and any active Twitter user has seen the "
                             "demo. We met on a Zoom call.\n"})
    assert {"Discord", "Twitter", "Zoom"} <= names(kg, "Product")
    moderator = build_text({"a.md": "She was a Discord moderator for years before she joined the startup.\n"})
    assert names(moderator, "Organization") == {"Discord"}  # the moderator's 'a'


def test_an_o_model_speech_to_text_writes_with_a_zero_is_a_model_in_speech_only(build_text):
    from tests.extract.test_relations import interview

    talk = build_text({"a.md": interview("Which model do you use?", "Mostly 03, sometimes 03 mini, and 01 Pro when it is hard.")})
    assert {"o3", "03 mini", "01 Pro"} <= names(talk, "Model")
    assert not names(build_text({"a.md": "The 03 team met at 10:03 in room 01 with the 02 crew.\n"}), "Model")
    counted = interview("How long is the intro?", "Cut it at 03 seconds, then step 01 and step 04 of the plan, and 07 pro.")
    assert not names(build_text({"a.md": counted}), "Model")


def test_well_known_products_of_the_big_platforms_are_known_with_their_makers(build_text):
    kg = build_text({"a.md": "Last year we moved our notebooks from Colab to BigQuery, and Google shipped TPUs to us.\n"})
    assert {"Google Colab", "BigQuery", "Tensor Processing Unit"} <= names(kg, "Product")
    assert not names(build_text({"a.md": "That talk gave the team a spark of hope and new threads to pull.\n"}), "Product")


def test_trade_shows_and_generations_are_no_entities(build_text):
    kg = build_text({"a.md": "At CES this year Mara Quell of Harborline Labs said Gen Z and Millennials buy robots, "
                             "and she repeated it at WWDC.\n"})
    assert {e.name for e in kg.entities} == {"Mara Quell", "Harborline Labs"}


def test_a_name_inside_a_term_of_art_is_no_entity(build_text):
    kg = build_text({"a.md": "Mara Quell tuned the Kalman filter, then a naive Bayes classifier, and measured the "
                             "Kullback-Leibler divergence at Harborline Labs.\n"})
    assert {e.name for e in kg.entities} == {"Mara Quell", "Harborline Labs"}
    kg = build_text({"b.md": "Machine learning techniques , either Supervised learning or Unsupervised learning , are "
                             "used at Harborline Labs , as is the automatic metric for Machine translation ( MT ) .\n"})
    assert {e.name for e in kg.entities} == {"Harborline Labs"}
    kg = build_text({"c.md": "Harborline Labs compared Quorvane translation with its own.\n"})
    assert "Quorvane" in {e.name for e in kg.entities}  # a word English does not know names the product


def test_news_agencies_and_foundations_are_known_organisations(build_text):
    kg = build_text({"a.md": "Reuters reported that the Linux Foundation will host the project, and CNBC agreed.\n"})
    assert {"Reuters", "Linux Foundation", "CNBC"} <= names(kg, "Organization")


def test_a_verb_s_ing_form_opening_a_sentence_is_no_part_of_the_person_after_it(build_text):
    kg = build_text({"a.md": "Starring Tilda Swinton, Oscar Isaac and Cate Blanchett, the drama follows three robots in a city.\n"})
    assert {"Tilda Swinton", "Oscar Isaac", "Cate Blanchett"} <= names(kg, "Person")


def test_a_person_s_name_never_ends_in_an_organisation_s_noun(nlp):
    from graphbuild.extract.mentions import _label_by_words

    doc = nlp.make_doc("Okafor Academy")
    assert _label_by_words(doc[:], EntityLabel.PERSON) == (EntityLabel.ORGANIZATION, False)


def test_a_word_of_a_name_beside_a_person_does_not_describe_the_person(nlp):
    from graphbuild.extract.described import described_label

    text = "In a radio interview the head of Peru's Defence Committee, Lucia Quispe, has denied reports that troops moved."
    doc = nlp(text)
    person = doc.char_span(text.index("Lucia"), text.index("Lucia") + len("Lucia Quispe"))
    assert person.root.dep_ == "appos" and person.root.head.text == "Committee"  # the parse this test is about
    assert described_label(person, EntityLabel.PERSON) is None


@pytest.mark.parametrize("text, name, label", [
    ("The office ran on Gmail, SharePoint and Quorvane for years.", "Quorvane", "Product"),
    ("Backers included Sequoia Capital, Andreessen Horowitz and Plaidwell.", "Plaidwell", "Organization"),
    ("We compared GPT-4, Claude and Zephyrine on the same prompts.", "Zephyrine", "Model"),
])
def test_a_name_listed_with_known_names_of_one_kind_is_of_their_kind(build_text, text, name, label):
    assert name in names(build_text({"a.md": f"{text}\n"}), label)


def test_a_job_written_with_capitals_is_nobody_s_name(build_text):
    kg = build_text({"a.md": interview("You went from VP of Product to Founder and CEO in two years. How?", "It was a long road.")})
    assert {e.name for e in kg.entities if e.label.value != "Person"} == set()
    # one word of a job alone may be a firm's or a product's name
    named = build_text({"b.md": "We moved our accounting to Principal last year, and Principal handled the migration well.\n"})
    assert "Principal" in {e.name for e in named.entities}


def test_a_lone_letter_that_stands_for_anything_is_no_firm(build_text):
    placeholders = ("The most reliable workflows are deterministic: when X happens, do Y and move on. "
                    "Firms that only use AI to produce X cheaper are a commodity, and they raised X amount of dollars. "
                    "What has enterprise customer X been requesting? A fund can return a hundred X.")
    assert "X Corp" not in {e.name for e in build_text({"essay.txt": placeholders}).entities}
    for network in ["Mara Quell posted the demo on X last night, and Hollowbrook Labs shared it on LinkedIn.",
                    "Honestly I think X is where the AI conversation happens now, Mara Quell said.",
                    "The company X was formerly known as Twitter, and Mara Quell still calls it that.",
                    "In 2024 X sued Media Matters, and X CEO Linda Yaccarino resigned a year later."]:
        assert "X Corp" in {e.name for e in build_text({"news.txt": network}).entities}, network


def test_ordinary_words_before_ai_that_describe_a_noun_name_no_firm(build_text):
    kg = build_text({"news.md": "Lean AI native startups are growing quickly. We talk about the EU AI act a lot.\n\n"
                                "Contextual AI engineers shipped a retriever, said Mara Quell.\n\n"
                                "Agentic AI is everywhere this year, and Artificial General Intelligence is a goal.\n\n"
                                "Welcome back to the Practical AI podcast, where Quillfeather Robotics joins us.\n"})
    firms = names(kg, "Organization")
    assert not firms & {"Lean AI", "EU AI", "Agentic AI", "Agentic", "Artificial General Intelligence"}
    assert {"Practical AI", "Quillfeather Robotics"} <= firms  # capitalised inside a sentence: a show's name
    assert "Contextual AI" in firms  # a firm's engineers, at a sentence's start


def test_where_a_person_s_job_is_held_is_a_firm_though_named_like_a_person(build_text):
    kg = build_text({"a.md": "I'm joined as always by my co-host, Dana Whitfield, who is a principal AI research engineer "
                             "at Harlow Martin. How are you doing, Dana?\n",
                     "b.md": "Welcome back. My co-host Lee Carver is a tech strategist at Brenton Marshall, and today we "
                             "talk about robots.\n"})
    assert {"Harlow Martin", "Brenton Marshall"} <= names(kg, "Organization")
    assert names(kg, "Person") == {"Dana Whitfield", "Lee Carver"}
    assert ("Dana Whitfield", "WORKS_AT", "Harlow Martin") in facts(kg, "WORKS_AT")
    firms = build_text({"c.md": "Zentrix, the architect of the new tower, is a strategist for hedge funds.\n"})
    assert "Zentrix" not in names(firms, "Person")  # a firm may be called so; no one holds a job at a person


def test_a_handle_keeps_its_closing_underscore_and_a_given_and_family_name_in_one_is_a_person(build_text):
    post = ("# Agent News\n\n- **Agents**: [@talia_quell_ says agents will reshape work](https://x.com/a). "
            "The Comet browser gets early reviews, with [@PeterKline calling it good](https://x.com/b). "
            "Revenue _ grew at Hollowbrook _ last year, and the startup _Vexlorin_ raised a seed round.\n")
    entities = build_text({"post.md": post}).entities
    assert {"@talia_quell_", "@PeterKline"} <= {e.name for e in entities if e.label.value == "Person"}
    assert not [e.name for e in entities if e.name.endswith("_") and not e.name.startswith("@")]  # nor italics


def test_a_word_of_a_person_s_full_name_is_no_misheard_product(build_text):
    talk = ("[00:00:01] Dana Whitfield: Welcome back to the show.\n[00:00:05] Lee Carver: Thanks for having me.\n"
            "[00:00:09] Dana Whitfield: Who taught you?\n[00:00:14] Lee Carver: I learned it all from Tomas Jeminy, years ago.\n"
            "[00:00:19] Dana Whitfield: And now?\n[00:00:24] Lee Carver: Now I ask Jeminy every day.\n")
    kg = build_text({"talk.md": talk})
    assert "Tomas Jeminy" in names(kg, "Person")
    assert "Jeminy" in next(e.aliases for e in kg.entities if e.name == "Gemini")  # heard alone, it is the model
