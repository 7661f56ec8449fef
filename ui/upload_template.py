"""The report form as bytes for the Tải mẫu page, cached per (year, example, province)."""

from __future__ import annotations

from etl.template import template_bytes, template_file_name
from ui.cache import shared_cache


@shared_cache(max_entries=32)
def form_bytes(year: int, example: bool, province: str | None) -> bytes:
    return template_bytes(year, example=example, province_name=province)


def form_name(year: int, example: bool) -> str:
    return template_file_name(year, example)
