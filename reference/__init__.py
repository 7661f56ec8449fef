"""Reference data that ships with the product: indicator catalog, administrative units, text rules.

Pure and read-only; both the ETL and the warehouse build on it."""
