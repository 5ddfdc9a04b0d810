import math
from datetime import date, datetime

import pytest

from ingest import credit_code
from ingest.values import ValueProblem, as_amount, as_count, as_date, as_number, as_text


@pytest.mark.parametrize(
    "raw",
    [
        "2019-03-31",
        "2019/3/31",
        "2019年3月31日",
        "2019.3.31",
        "20190331",
        "２０１９－０３－３１",
        datetime(2019, 3, 31, 0, 0),
        date(2019, 3, 31),
        43555.0,
    ],
)
def test_dates(raw):
    assert as_date(raw) == date(2019, 3, 31)


@pytest.mark.parametrize("raw", ["2019-02-30", "三月底", "12", True])
def test_bad_dates(raw):
    with pytest.raises(ValueProblem):
        as_date(raw)


def test_amounts():
    assert as_amount("1,234.5") == 1234.5
    assert as_amount(" １２３４ ") == 1234.0
    assert as_amount(0) == 0.0
    assert as_count("12") == 12
    with pytest.raises(ValueProblem, match="负数"):
        as_amount("-3")
    with pytest.raises(ValueProblem, match="不是数字"):
        as_amount("约100")
    with pytest.raises(ValueProblem, match="整数"):
        as_count(2.5)


def test_text_of_a_number_cell():
    assert as_text(13800138000.0) == "13800138000"


@pytest.mark.parametrize(
    "code", ["91350200776049653A", "91440101MA5CJQ4N59", "913502000728319549", "91350213678251743X"]
)
def test_credit_codes_that_pass(code):
    assert credit_code.is_valid(code)


def test_credit_codes_that_fail():
    assert "校验位" in credit_code.problem("91350203M0001QAY9B")
    assert "18 位" in credit_code.problem("9135020077604965")
    assert "不允许的字符" in credit_code.problem("91350200776049653I")


def test_bulk_credit_code_check_agrees_with_the_single_one():
    import random

    rng = random.Random(7)
    codes = [
        "91350200776049653A",
        "91440101MA5CJQ4N59",
        "91350203M0001QAY9B",
        "short",
        "91350200776049653a",
        "9135020077604965３A",
        "91AB0200776049653A",
        "91350200776049653I",
    ]
    for _ in range(300):  # random bodies, half with the right check character
        body = (
            "9"
            + rng.choice("123")
            + "".join(rng.choice("0123456789") for _ in range(6))
            + "".join(rng.choice(credit_code.ALPHABET) for _ in range(9))
        )
        codes.append(
            body
            + (credit_code.check_character(body) if rng.random() < 0.5 else rng.choice(credit_code.ALPHABET))
        )
    assert credit_code.valid_mask(codes).tolist() == [credit_code.is_valid(c) for c in codes]


@pytest.mark.parametrize(
    "raw, number",
    [
        ("1,234.56", 1234.56),
        ("１２３４", 1234.0),
        (" 12 ", 12.0),
        ("１，２３４．５", 1234.5),
        ("+5", 5.0),
        ("0.5", 0.5),
        (".5", 0.5),
        ("1.", 1.0),
        ("\u3000100\u00a0", 100.0),
        ("1,000,000", 1_000_000.0),
    ],
)
def test_numbers_written_as_text_the_way_clerks_write_them(raw, number):
    assert as_number(raw) == number


@pytest.mark.parametrize(
    "raw",
    [
        "1_000",
        "1e3",
        "５e３",
        "1E3",
        "0x10",
        "inf",
        "-inf",
        "nan",
        "Infinity",
        "1,23,4",
        "1,0000",
        "1 234",
        "12元",
        "１２%",
        "--1",
        "1.2.3",
        ".",
        "",
        "١٢",
        "½",
    ],
)
def test_forms_no_clerk_types_are_not_numbers(raw):
    with pytest.raises(ValueProblem, match="不是数字"):
        as_number(raw)


def test_minus_zero_is_zero():
    for raw in (-0.0, "-0", "-0.00", "－０"):
        assert math.copysign(1, as_amount(raw)) == 1.0 and as_amount(raw) == 0
    assert math.copysign(1, as_number(-0.0)) == 1.0
    assert as_count(-0.0) == 0


def test_a_huge_number_is_quoted_as_written_not_as_309_digits():
    assert as_text(1e308) == "1e+308"
    assert as_text(1e20) == "1e+20"
    assert as_text(13800138000.0) == "13800138000"
