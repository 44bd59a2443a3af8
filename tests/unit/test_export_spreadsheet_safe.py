"""CSV cells that a spreadsheet would run as formulas are quoted (OWASP CSV injection)."""

import pytest

from bot.export import spreadsheet_safe


@pytest.mark.parametrize("text", ["=1+2", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_looking_text_gets_a_leading_quote(text):
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["coffee with Jane", "", None, -5, 3])
def test_everything_else_passes_unchanged(value):
    assert spreadsheet_safe(value) == value
