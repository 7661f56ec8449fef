-- 007: a submission can be withdrawn (issue 16, defect 6), and a remembered label mapping says
-- where it was made (defect 3). DuckDB cannot alter a CHECK constraint, so submission_log is
-- rebuilt with the same columns, rows and id sequence; the views read it by name and need no change.
CREATE TABLE submission_log_007 (
    id INTEGER PRIMARY KEY DEFAULT nextval('submission_id_seq'),
    file_hash VARCHAR NOT NULL, file_name VARCHAR NOT NULL,
    year INTEGER, unit_code VARCHAR, unit_name VARCHAR, shape VARCHAR,
    status VARCHAR NOT NULL CHECK (status IN ('accepted', 'rejected', 'reverted', 'withdrawn')),
    kind VARCHAR NOT NULL DEFAULT 'file',   -- 'file', 'revert' (re-applies an earlier submission)
                                            -- or 'withdraw' (takes one back; reverts_to names it)
    reverts_to INTEGER,                     -- for kind = 'revert' and 'withdraw'
    n_values INTEGER NOT NULL DEFAULT 0,
    messages VARCHAR NOT NULL DEFAULT '[]', -- JSON list of problems
    submitted_by VARCHAR NOT NULL, submitted_at TIMESTAMP NOT NULL,
    stored_path VARCHAR
);
INSERT INTO submission_log_007 SELECT id, file_hash, file_name, year, unit_code, unit_name, shape, status, kind,
    reverts_to, n_values, messages, submitted_by, submitted_at, stored_path FROM submission_log;
DROP TABLE submission_log;
ALTER TABLE submission_log_007 RENAME TO submission_log;
-- The file, province and year a mapping was chosen on (a data officer may map labels only on
-- files of their provinces); NULL for mappings made before this version.
ALTER TABLE label_synonyms ADD COLUMN file_name VARCHAR;
ALTER TABLE label_synonyms ADD COLUMN province_code VARCHAR;
ALTER TABLE label_synonyms ADD COLUMN year INTEGER;
