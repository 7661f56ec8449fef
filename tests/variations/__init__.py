"""The variation corpus of issue 14: report files rendered from a known truth through small,
composable variations, and a scorer that runs the project's real analysis over them.

- `truth`: what a report says (year, reporting unit, sub-units, values per canonical indicator)
  and what a careful officer reads in it (`Truth.expected`).
- `phrasebook.csv`: real wording of the indicators, each row with its source and its half.
- `plan`: the render plan (`Plan`: every knob a variation turns), the sheet model, number and
  money writing; `vertical` and `wide` render the two shapes, `layout` a plan's whole workbook.
- `writers`: sheets to file bytes (.xlsx, .xls, .ods, .csv/.tsv; legacy encodings; password);
  `writers_formats`: what other software writes (HTML or XML 2003 under .xls, formulas with cached
  values, Excel's Unicode and ANSI text, CSV with BOM/CR/quotes, TCVN3/VNI/VISCII bytes).
- `catalogue`: the variations, each a small function with a name, a category and a half;
  `catalogue_formats`: tune variations of the format, encoding, measure and wording categories.
- `corpus`: a case (file name, bytes, expected values) from a seed; many cases.
- `scorer`: right / wrong / missing values and refused / asked files, per category and half.

Deterministic: the same seed gives the same sheets, cells and expected values on every machine
(only the .xlsx timestamps and the encryption salt differ between runs). Nothing here reads
/work/shared; the real unit names come from the `vietnamadminunits` package through
`reference.admin_units`."""
