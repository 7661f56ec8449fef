-- PostgreSQL's dialect of the schema as of version 010 (issue 19): the tables of migrations
-- 001–010 in their final shape, with the same keys, CHECKs and sequences. A PostgreSQL store
-- starts here; from now on every migration comes in both dialects (warehouse/migrations/ and this
-- folder, same number). The analyst views (unit_values, province_values, submissions,
-- current_narratives) are DuckDB views made on each connection (warehouse/write/views.py).
CREATE TABLE indicators (
    code VARCHAR PRIMARY KEY, grp VARCHAR NOT NULL, label_vi VARCHAR NOT NULL, label_en VARCHAR NOT NULL,
    unit_vi VARCHAR NOT NULL, unit_en VARCHAR NOT NULL, kind VARCHAR NOT NULL, derived BOOLEAN NOT NULL,
    ord INTEGER NOT NULL
);
CREATE TABLE provinces (
    era INTEGER NOT NULL, code VARCHAR NOT NULL, name VARCHAR NOT NULL, full_name VARCHAR NOT NULL,
    code_2025 VARCHAR NOT NULL,
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
    status VARCHAR NOT NULL CHECK (status IN ('accepted', 'rejected', 'reverted', 'withdrawn')),
    kind VARCHAR NOT NULL DEFAULT 'file',
    reverts_to INTEGER,
    n_values INTEGER NOT NULL DEFAULT 0,
    messages VARCHAR NOT NULL DEFAULT '[]',
    submitted_by VARCHAR NOT NULL, submitted_at TIMESTAMP NOT NULL,
    stored_path VARCHAR
);
CREATE INDEX submission_log_hash ON submission_log (file_hash);
CREATE TABLE observations (
    submission_id INTEGER NOT NULL, year INTEGER NOT NULL,
    unit_code VARCHAR NOT NULL, unit_level VARCHAR NOT NULL, province_code VARCHAR NOT NULL,
    indicator_code VARCHAR NOT NULL, value BIGINT NOT NULL,
    sheet VARCHAR, cell VARCHAR, raw_text VARCHAR, label VARCHAR, derived BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX observations_unit ON observations (year, unit_code);
CREATE TABLE current_values (
    year INTEGER NOT NULL, unit_code VARCHAR NOT NULL, indicator_code VARCHAR NOT NULL,
    value BIGINT NOT NULL, submission_id INTEGER NOT NULL,
    unit_level VARCHAR NOT NULL, province_code VARCHAR NOT NULL,
    PRIMARY KEY (year, unit_code, indicator_code)
);
CREATE TABLE label_synonyms (
    label_key VARCHAR PRIMARY KEY, indicator_code VARCHAR NOT NULL, label_text VARCHAR,
    created_by VARCHAR, created_at TIMESTAMP,
    file_name VARCHAR, province_code VARCHAR, year INTEGER
);
CREATE TABLE warehouse_info (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE population (
    year INTEGER NOT NULL, province_code VARCHAR NOT NULL,
    era INTEGER NOT NULL CHECK (era IN (63, 34)),
    population BIGINT NOT NULL CHECK (population > 0),
    source VARCHAR NOT NULL,
    loaded_at TIMESTAMP NOT NULL DEFAULT localtimestamp,
    PRIMARY KEY (year, era, province_code)
);
CREATE TABLE reporting_deadlines (
    year INTEGER PRIMARY KEY, deadline DATE NOT NULL, note VARCHAR,
    updated_by VARCHAR, updated_at TIMESTAMP
);
CREATE TABLE users (
    username VARCHAR PRIMARY KEY,
    display_name VARCHAR NOT NULL,
    email VARCHAR UNIQUE,
    password_hash VARCHAR,
    role VARCHAR NOT NULL CHECK (role IN ('viewer', 'data_officer', 'national_officer', 'admin')),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    last_sign_in_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE user_provinces (
    username VARCHAR NOT NULL,
    era INTEGER NOT NULL CHECK (era IN (63, 34)),
    province_code VARCHAR NOT NULL,
    granted_by VARCHAR NOT NULL,
    granted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (username, era, province_code)
);
CREATE TABLE auth_settings (
    key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL, updated_by VARCHAR, updated_at TIMESTAMP
);
CREATE SEQUENCE audit_id_seq START 1;
CREATE TABLE audit_log (
    id BIGINT PRIMARY KEY DEFAULT nextval('audit_id_seq'),
    occurred_at TIMESTAMP NOT NULL,
    actor VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    target VARCHAR,
    details VARCHAR NOT NULL,          -- canonical JSON (VARCHAR as DuckDB keeps it: the hash covers the text)
    ip VARCHAR,
    session VARCHAR,
    prev_hash VARCHAR NOT NULL,
    hash VARCHAR NOT NULL
);
CREATE TABLE sign_in_failures (
    kind VARCHAR NOT NULL CHECK (kind IN ('name', 'address')),
    key VARCHAR NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    first_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP,
    PRIMARY KEY (kind, key)
);
CREATE TABLE narrative_sections (
    submission_id INTEGER NOT NULL, year INTEGER NOT NULL,
    unit_code VARCHAR NOT NULL, unit_name VARCHAR NOT NULL, unit_level VARCHAR NOT NULL,
    province_code VARCHAR NOT NULL,
    ord INTEGER NOT NULL,
    section_code VARCHAR NOT NULL,
    heading VARCHAR NOT NULL DEFAULT '',
    body VARCHAR NOT NULL,
    theme VARCHAR,
    PRIMARY KEY (submission_id, ord)
);
CREATE TABLE narrative_themes (
    code VARCHAR PRIMARY KEY, label_vi VARCHAR NOT NULL, label_en VARCHAR NOT NULL,
    keywords VARCHAR NOT NULL,
    updated_by VARCHAR NOT NULL, updated_at TIMESTAMP NOT NULL
);
-- The data version pages cache on: one row, bumped by every writing transaction
-- (warehouse/write/postgres.py), read by warehouse.queries.data_version.
CREATE TABLE store_version (id INTEGER PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL);
INSERT INTO store_version VALUES (1, 0);
