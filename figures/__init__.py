"""Figures shared by the pages and the slide export: maps, number formatting."""
