import pytest

from graphbuild.extract.amounts import parse_amount, parse_round, parse_stake, parse_valuation, parse_year


@pytest.mark.parametrize("text, usd, usd_max", [
    ("Sequoia offered a $1M check for a 20% stake", 1e6, None),
    ("CuspAI raised a $100m Series A in September", 1e8, None),
    ("Kirkland spending half a billion dollars to build", 5e8, None),
    ("I wrote a million dollar check", 1e6, None),
    ("they raised 130 million in their Series B", 1.3e8, None),
    ("$100M–$1B hybrid rounds", 1e8, 1e9),
    ("AI's $10B+ Capital Flywheel", 1e10, None),
    ("We raised $2.5 billion at a valuation", 2.5e9, None),
    ("a pre-seed round of $3 million", 3e6, None),
    ("investments of 1,500,000 dollars", 1.5e6, None),
    ("an $80k angel check", 8e4, None),
])
def test_amounts_are_normalised_to_dollars(text, usd, usd_max):
    amount = parse_amount(text)
    assert (amount.usd, amount.usd_max) == (usd, usd_max)
    assert amount.text in text


@pytest.mark.parametrize("text", ["around 2011 and 12", "a 12-year career", "80% to 90% of tasks",
                                  "that is a lot of people", "he has 3 kids"])
def test_numbers_that_are_not_money_are_not_amounts(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize("text, raised, valuation", [
    ("Plinth raised $45 million in a Series C at a $4.1 billion valuation", 4.5e7, 4.1e9),
    ("Orrery closed a $640 million round, valued at $6 billion, in 2024.", 6.4e8, 6e9),
    ("Tessel secured $20M in Series B funding, which values the company at $1.2 billion.", 2e7, 1.2e9),
    ("They raised $30M at a $300M post-money valuation", 3e7, 3e8),
    ("after a valuation of about $2B they raised $100m", 1e8, 2e9),
    ("Quillon is now valued at $1.5 billion.", None, 1.5e9),
    ("We raised $2.5 billion at a valuation", 2.5e9, None),
    ("CuspAI raised a $100m Series A and reached a unicorn valuation.", 1e8, None),
])
def test_a_valuation_is_not_the_amount_raised(text, raised, valuation):
    amount, valued = parse_amount(text), parse_valuation(text)
    assert (amount.usd if amount else None, valued.usd if valued else None) == (raised, valuation)


def test_a_word_with_a_scale_letter_is_no_amount():
    assert parse_amount("the startup is valued at") is None  # 'at' is not 'a' trillion


@pytest.mark.parametrize("text, round_", [
    ("led Factory's seed round", "seed"), ("raised a $100m Series A", "Series A"),
    ("closed its series b extension", "Series B Extension"), ("a pre-seed check", "pre-seed"),
    ("go raise the first $100 million seed round", "seed"), ("as their angel investor", "angel"),
    ("a growth round", "growth"), ("nothing here", None),
])
def test_rounds(text, round_):
    assert parse_round(text) == round_


@pytest.mark.parametrize("text, stake", [
    ("a $1M check for a 20% stake", "20%"), ("they own 7.5 percent of the company", "7.5%"),
    ("80% to 90% of tasks", None),
])
def test_stakes(text, stake):
    assert parse_stake(text) == stake


def test_years():
    assert parse_year("around 2017 is when I decided to leave") == "2017"
    assert parse_year("2 ways to go") is None
