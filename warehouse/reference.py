"""Reference tables in the warehouse (indicator catalog, provinces of both eras), refreshed from
`reference/` whenever the schema is migrated. The statements live in the write package."""

from __future__ import annotations

from warehouse.write.reference import refresh_reference

__all__ = ["refresh_reference"]
