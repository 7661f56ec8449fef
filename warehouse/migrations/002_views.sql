-- 002: the documented analyst views (current values only).
CREATE OR REPLACE VIEW unit_values AS
SELECT c.year, c.unit_code, COALESCE(u.unit_name, c.unit_code) AS unit_name, c.unit_level,
       c.province_code, c.indicator_code, c.value
FROM current_values c LEFT JOIN units u USING (unit_code);

CREATE OR REPLACE VIEW province_values AS
WITH direct AS (
    SELECT year, unit_code AS province_code, indicator_code, value
    FROM current_values WHERE unit_level = 'province'
), level_sums AS (
    -- provinces no file reported directly: their sub-units' sum, at one level only (no double count)
    SELECT year, province_code, indicator_code, unit_level, sum(value) AS value
    FROM current_values WHERE unit_level IN ('district', 'commune', 'other')
    GROUP BY ALL
), by_level AS (
    SELECT *, row_number() OVER (PARTITION BY year, province_code, indicator_code
              ORDER BY CASE unit_level WHEN 'district' THEN 1 WHEN 'commune' THEN 2 ELSE 3 END) AS pick
    FROM level_sums
), typed AS (
    SELECT * FROM direct
    UNION ALL
    SELECT b.year, b.province_code, b.indicator_code, b.value FROM by_level b
    WHERE b.pick = 1 AND NOT EXISTS (
        SELECT 1 FROM direct d WHERE d.year = b.year AND d.province_code = b.province_code
                                 AND d.indicator_code = b.indicator_code)
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

CREATE OR REPLACE VIEW submissions AS
SELECT id AS submission_id, file_hash, file_name, year, unit_code, unit_name, shape, status, kind,
       reverts_to, n_values, submitted_by, submitted_at, messages, stored_path
FROM submission_log;
