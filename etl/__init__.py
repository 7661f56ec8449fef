"""ETL: everything between a submitted report file and the warehouse.

A library first (read -> find tables -> map labels -> parse numbers, units, year -> validate ->
load); `python -m etl` and the upload page are thin front ends over the same functions.
Nothing here imports Streamlit."""
