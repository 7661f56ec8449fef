"""Vietnamese number display, re-exported from reference.numberfmt: the formatter is pure and
lives below etl/ so that loader messages format numbers the same way the dashboard does."""

from reference.numberfmt import (
    DECIMAL,
    MISSING,
    MONEY_UNITS,
    THOUSANDS,
    fmt_int,
    fmt_money,
    fmt_number,
    fmt_percent,
    fmt_value,
    money_unit,
)

__all__ = [
    "DECIMAL",
    "MISSING",
    "MONEY_UNITS",
    "THOUSANDS",
    "fmt_int",
    "fmt_money",
    "fmt_number",
    "fmt_percent",
    "fmt_value",
    "money_unit",
]
