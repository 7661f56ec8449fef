-- 004: reference data the dashboard needs beside the submissions.
-- population: inhabitants by province and year (from the statistics office's published tables),
-- for figures per 1,000 inhabitants; `era` says which province map the codes belong to.
CREATE TABLE population (
    year INTEGER NOT NULL, province_code VARCHAR NOT NULL,
    era INTEGER NOT NULL CHECK (era IN (63, 34)),
    population BIGINT NOT NULL CHECK (population > 0),
    source VARCHAR NOT NULL,
    loaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (year, era, province_code)
);
-- reporting_deadlines: by when provinces must report a year's Week (editable: `python -m etl deadline`).
CREATE TABLE reporting_deadlines (
    year INTEGER PRIMARY KEY, deadline DATE NOT NULL, note VARCHAR,
    updated_by VARCHAR, updated_at TIMESTAMP
);
