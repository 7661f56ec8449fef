"""Kept so older imports work: problems and cell addresses live below etl/, in reference/."""

from reference.cells import a1, col_letter
from reference.problems import Option, Problem, Text

__all__ = ["Option", "Problem", "Text", "a1", "col_letter"]
