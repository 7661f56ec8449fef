-- 006: accounts, province scopes of data officers, access settings and the append-only audit log.
-- Read and written only through the `auth` package (auth/store.py, auth/audit.py).
CREATE TABLE users (
    username VARCHAR PRIMARY KEY,          -- lower case, [a-z0-9._-]
    display_name VARCHAR NOT NULL,
    email VARCHAR UNIQUE,                  -- lower case; the key for OpenID Connect sign-in
    password_hash VARCHAR,                 -- argon2id; NULL: no local password (OIDC only)
    role VARCHAR NOT NULL CHECK (role IN ('viewer', 'data_officer', 'national_officer', 'admin')),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    last_sign_in_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- The provinces a data officer may load for. `era` says which map the code belongs to: a 34-era
-- (2025) province also covers the pre-2025 provinces merged into it; a 63-era grant covers only
-- that old province's pre-2025 years (see README, "Tài khoản và phân quyền").
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
-- Append-only: rows are inserted by auth.audit.record and never updated or deleted. Each row
-- carries the hash of the previous one, so a rewritten or removed row breaks the chain
-- (auth.audit.verify_chain).
CREATE SEQUENCE audit_id_seq START 1;
CREATE TABLE audit_log (
    id BIGINT PRIMARY KEY DEFAULT nextval('audit_id_seq'),
    occurred_at TIMESTAMP NOT NULL,     -- local time of the server, like submissions.submitted_at
    actor VARCHAR NOT NULL,                -- username, 'cli:<os user>' or 'anonymous'
    action VARCHAR NOT NULL,               -- e.g. auth.sign_in, user.role, submission.confirm
    target VARCHAR,                        -- what it acted on: a username, a submission id, a file
    details JSON NOT NULL,
    ip VARCHAR,
    session VARCHAR,
    prev_hash VARCHAR NOT NULL,
    hash VARCHAR NOT NULL
);
