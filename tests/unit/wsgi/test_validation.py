"""parse_json and validate: what every API's bodies go through."""
import pytest

from onestack.common import exceptions
from onestack.wsgi import validation


def _refused(raw) -> str:
    with pytest.raises(exceptions.BadRequest) as caught:
        validation.parse_json(raw)
    return caught.value.message


@pytest.mark.parametrize("raw", [b"[" * 1000 + b"]" * 1000,
                                 b'{"a":' * 33 + b"1" + b"}" * 33,
                                 b"[" * 100_000])
def test_nesting_past_the_bound_is_refused_before_parsing(raw):
    assert "nested deeper than 32 levels" in _refused(raw)


def test_nesting_up_to_the_bound_and_brackets_inside_strings_are_fine():
    deepest = b'{"a":' * 32 + b"1" + b"}" * 32
    assert validation.parse_json(deepest)["a"]["a"]["a"]
    assert validation.parse_json(b'{"a": "[[[[' + b"[" * 100 + b'", "b": "\\\\"}') == {
        "a": "[[[[" + "[" * 100, "b": "\\"}
    assert validation.parse_json(b'["\\"[[[", {"k": []}]') == ['"[[[', {"k": []}]


@pytest.mark.parametrize("raw,where,what", [
    (b'"\\ud800"', "", "unpaired UTF-16 surrogates"),
    (b'"\xed\xa0\x80"', "", "unpaired UTF-16 surrogates"),  # the surrogate in UTF-8
    (b'{"server": {"name": "a\\u0000b"}}', "server/name", "NUL characters"),
    (b'{"metadata": {"k\\u0000": "v"}}', "metadata", "NUL characters"),
    (b'{"tags": ["ok", "\\udfff"]}', "tags/1", "unpaired UTF-16 surrogates"),
])
def test_text_no_column_can_hold_is_refused(raw, where, what):
    message = _refused(raw)
    assert message.endswith(f"Strings may not contain {what}.")
    assert (f"field/attribute {where}." in message) == bool(where)


def test_a_surrogate_pair_is_one_character_and_fine():
    assert validation.parse_json(b'"\\ud83d\\ude00"') == "\U0001f600"


@pytest.mark.parametrize("raw", [b"{not json", b"\xff\xfe", b'"unclosed',
                                 b'"' + b'\\"' * 50_000 + b"\\"])
def test_malformed_json(raw):
    assert _refused(raw).startswith("Malformed JSON in request body")


INTEGER = {"type": ["integer", "string"], "pattern": "^[0-9]+$", "minimum": 1,
           "maximum": 10}


@pytest.mark.parametrize("value", [1, 10, "1", "10", 5.0])
def test_integers_within_bounds(value):
    validation.validate(INTEGER, value)


@pytest.mark.parametrize("value,words", [
    (11, "greater than the maximum"), ("11", "greater than the maximum"),
    (1e308, "greater than the maximum"), (2 ** 70, "greater than the maximum"),
    ("0", "less than the minimum"), ("9" * 5000, "too many digits"),
    (1.5, "is not of type"), ("1e3", "does not match"),
])
def test_integers_out_of_bounds_whether_number_or_text(value, words):
    with pytest.raises(exceptions.ValidationError) as caught:
        validation.validate(INTEGER, value)
    assert words in caught.value.message


@pytest.mark.parametrize("fmt,good,bad", [
    ("uuid", ["6a3ab2cc-0000-4000-8000-000000000000",
              "6a3ab2cc000040008000000000000000"], ["abc", "6a3ab2cc-0000"]),
    ("base64", ["aGk=", ""], ["%%%", "aGk"]),
])
def test_formats(fmt, good, bad):
    for value in good:
        validation.validate({"type": "string", "format": fmt}, value)
    for value in bad:
        with pytest.raises(exceptions.ValidationError):
            validation.validate({"type": "string", "format": fmt}, value)
