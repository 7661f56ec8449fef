-- 001: reference tables, submissions, value history, current values and the analyst views.
CREATE TABLE indicators (
    code VARCHAR PRIMARY KEY, grp VARCHAR NOT NULL, label_vi VARCHAR NOT NULL, label_en VARCHAR NOT NULL,
    unit_vi VARCHAR NOT NULL, unit_en VARCHAR NOT NULL, kind VARCHAR NOT NULL, derived BOOLEAN NOT NULL,
    ord INTEGER NOT NULL
);
CREATE TABLE provinces (
    era INTEGER NOT NULL,              -- 63 (until 30 June 2025) or 34 (from 1 July 2025)
    code VARCHAR NOT NULL, name VARCHAR NOT NULL, full_name VARCHAR NOT NULL,
    code_2025 VARCHAR NOT NULL,        -- the 34-era province it lies in
    PRIMARY KEY (era, code)
);
CREATE TABLE units (
    unit_code VARCHAR PRIMARY KEY, unit_name VARCHAR NOT NULL, unit_level VARCHAR NOT NULL,
    province_code VARCHAR NOT NULL
);
CREATE SEQUENCE submission_id_seq START 1;
CREATE TABLE submission_log (
    id INTEGER PRIMARY KEY DEFAULT nextval('submission_id_seq'),
    file_hash VARCHAR NOT NULL, file_name VARCHAR NOT NULL,
    year INTEGER, unit_code VARCHAR, unit_name VARCHAR, shape VARCHAR,
    status VARCHAR NOT NULL CHECK (status IN ('accepted', 'rejected', 'reverted')),
    kind VARCHAR NOT NULL DEFAULT 'file',   -- 'file' or 'revert' (re-applies an earlier submission)
    reverts_to INTEGER,                     -- for kind = 'revert'
    n_values INTEGER NOT NULL DEFAULT 0,
    messages VARCHAR NOT NULL DEFAULT '[]', -- JSON list of problems
    submitted_by VARCHAR NOT NULL, submitted_at TIMESTAMP NOT NULL,
    stored_path VARCHAR
);
CREATE TABLE observations (                 -- every value ever loaded, with where it came from
    submission_id INTEGER NOT NULL, year INTEGER NOT NULL,
    unit_code VARCHAR NOT NULL, unit_level VARCHAR NOT NULL, province_code VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL, value BIGINT NOT NULL,
    sheet VARCHAR, cell VARCHAR, raw_text VARCHAR, label VARCHAR, derived BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE TABLE current_values (               -- the newest accepted value per (year, unit, indicator)
    year INTEGER NOT NULL, unit_code VARCHAR NOT NULL, indicator_code VARCHAR NOT NULL,
    value BIGINT NOT NULL, submission_id INTEGER NOT NULL,
    unit_level VARCHAR NOT NULL, province_code VARCHAR NOT NULL,
    PRIMARY KEY (year, unit_code, indicator_code)
);
CREATE TABLE label_synonyms (               -- mappings people chose for labels the loader did not know
    label_key VARCHAR PRIMARY KEY, indicator_code VARCHAR NOT NULL, label_text VARCHAR,
    created_by VARCHAR, created_at TIMESTAMP
);
CREATE TABLE warehouse_info (key VARCHAR PRIMARY KEY, value VARCHAR);
