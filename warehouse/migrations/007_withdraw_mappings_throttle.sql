-- 007 (issue 16): a submission can be withdrawn (defect 6), a remembered label mapping says
-- where it was made (defect 3), failed sign-ins are counted per name and address (defect 5).
-- DuckDB cannot alter a CHECK constraint, so submission_log is
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
-- Failed sign-ins that no account row can hold (defect 5): names with no account, counted like an
-- account's so that both lock after the same number of tries with the same message, and client
-- addresses, throttled after many failures so that one visitor cannot lock every account.
-- Read and written only by auth/throttle.py.
CREATE TABLE sign_in_failures (
    kind VARCHAR NOT NULL CHECK (kind IN ('name', 'address')),
    key VARCHAR NOT NULL,                  -- the typed user name (lower case) or the client address
    failures INTEGER NOT NULL DEFAULT 0,
    first_at TIMESTAMP NOT NULL,           -- start of the address's counting window
    locked_until TIMESTAMP,
    PRIMARY KEY (kind, key)
);
