-- 003: the province value of a province that reports through its districts or communes is summed
-- here, from the sub-units' current values, instead of being stored per file (two districts that
-- send separate files used to overwrite each other's province figure).
-- Per (year, province, indicator):
--   * sub-unit values are summed at one level only (districts, else communes, else units not in
--     the catalogue), so a district and its communes from different files are never counted
--     twice; within one file every sub-unit row counts, at the file's level (a catalogue-less
--     'other' row in a district table is a district);
--   * a value the province reported itself stands when it is newer than every summed sub-unit
--     value; otherwise the sum stands (the newest submission wins, as everywhere else).
-- Province rows that older loads stored as a file's own sum ('derived' observations) are dropped:
-- the view recomputes them.
DELETE FROM current_values c
WHERE c.unit_level = 'province' AND EXISTS (
    SELECT 1 FROM observations o
    WHERE o.derived AND o.submission_id = c.submission_id AND o.year = c.year
      AND o.unit_code = c.unit_code AND o.indicator_code = c.indicator_code);

CREATE OR REPLACE VIEW province_values AS
WITH by_file AS (   -- a file's sub-unit rows; its catalogue-less rows count at the file's level
    SELECT year, province_code, indicator_code, submission_id,
           min(CASE unit_level WHEN 'district' THEN 1 WHEN 'commune' THEN 2 ELSE 3 END) AS lvl,
           sum(value) AS value
    FROM current_values WHERE unit_level IN ('district', 'commune', 'other')
    GROUP BY year, province_code, indicator_code, submission_id
), top AS (         -- the one level summed across files (no district + commune double count)
    SELECT year, province_code, indicator_code, min(lvl) AS lvl FROM by_file GROUP BY ALL
), sums AS (
    SELECT b.year, b.province_code, b.indicator_code, sum(b.value) AS value, max(b.submission_id) AS sid
    FROM by_file b JOIN top t USING (year, province_code, indicator_code, lvl)
    GROUP BY ALL
), direct AS (
    SELECT year, unit_code AS province_code, indicator_code, value, submission_id AS sid
    FROM current_values WHERE unit_level = 'province'
), typed AS (
    SELECT d.year, d.province_code, d.indicator_code, d.value
    FROM direct d LEFT JOIN sums s USING (year, province_code, indicator_code)
    WHERE s.sid IS NULL OR d.sid > s.sid
    UNION ALL
    SELECT s.year, s.province_code, s.indicator_code, s.value
    FROM sums s LEFT JOIN direct d USING (year, province_code, indicator_code)
    WHERE d.sid IS NULL OR d.sid <= s.sid
), derived AS (
    SELECT year, province_code,
           CASE WHEN indicator_code LIKE 'classes.%.classes' THEN 'classes.total.classes'
                WHEN indicator_code LIKE 'classes.%.learners' THEN 'classes.total.learners'
                ELSE 'funding.total' END AS indicator_code,
           sum(value) AS value
    FROM typed
    WHERE (indicator_code LIKE 'classes.%' AND indicator_code NOT LIKE 'classes.online.%')
       OR indicator_code IN ('funding.state_budget', 'funding.socialized')
    GROUP BY ALL
), all_values AS (
    SELECT * FROM typed UNION ALL SELECT * FROM derived
)
SELECT v.year, v.province_code, p.name AS province_name, p.code_2025 AS province_code_2025,
       p25.name AS province_name_2025, v.indicator_code, CAST(v.value AS BIGINT) AS value
FROM all_values v
JOIN provinces p ON p.era = CASE WHEN v.year >= 2025 THEN 34 ELSE 63 END AND p.code = v.province_code
JOIN provinces p25 ON p25.era = 34 AND p25.code = p.code_2025;
