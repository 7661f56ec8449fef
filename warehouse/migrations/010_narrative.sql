-- 010 (issue 20): what a Word report wrote, one row per section of the outline (REPORT_FORM.md)
-- per submission. Every row is written by warehouse/narrative_write.py inside the load's transaction.
-- The current text of a unit and year is the newest accepted file submission that carried text: a
-- later Word report replaces an earlier one, a spreadsheet (no text) leaves it; reverting or
-- withdrawing a submission changes its status in submission_log, so the view follows with no rewrite.
CREATE TABLE narrative_sections (
    submission_id INTEGER NOT NULL, year INTEGER NOT NULL,
    unit_code VARCHAR NOT NULL, unit_name VARCHAR NOT NULL, unit_level VARCHAR NOT NULL,
    province_code VARCHAR NOT NULL,
    ord INTEGER NOT NULL,                   -- 1-based, document order
    section_code VARCHAR NOT NULL,          -- data/narrative_sections.csv: intro, direction, ..., difficulties
    heading VARCHAR NOT NULL DEFAULT '',    -- as written
    body VARCHAR NOT NULL,
    theme VARCHAR,                          -- the year's chủ đề when the report states it
    PRIMARY KEY (submission_id, ord)
);
CREATE OR REPLACE VIEW current_narratives AS
WITH latest AS (
    SELECT n.year, n.unit_code, max(n.submission_id) AS submission_id
    FROM narrative_sections n JOIN submission_log s ON s.id = n.submission_id
    WHERE s.status = 'accepted' AND s.kind = 'file'
    GROUP BY ALL
)
SELECT n.submission_id, n.year, n.unit_code, n.unit_name, n.unit_level, n.province_code, n.ord,
       n.section_code, n.heading, n.body, n.theme, s.file_name, s.submitted_at
FROM narrative_sections n
JOIN latest l ON l.submission_id = n.submission_id AND l.year = n.year AND l.unit_code = n.unit_code
JOIN submission_log s ON s.id = n.submission_id;
-- The theme keyword table ships in data/narrative_themes.csv; an administrator's change (etl themes
-- set/reset) is kept here and wins over the CSV row of the same code (keywords '' turns a theme off).
CREATE TABLE narrative_themes (
    code VARCHAR PRIMARY KEY, label_vi VARCHAR NOT NULL, label_en VARCHAR NOT NULL,
    keywords VARCHAR NOT NULL,              -- '|'-separated, as in the CSV
    updated_by VARCHAR NOT NULL, updated_at TIMESTAMP NOT NULL
);
