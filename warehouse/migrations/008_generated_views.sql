-- 008: the view province_values is generated from the product's declarations from now on
-- (warehouse/write/views.py: the sub-unit level order of reference/levels.py and the derived
-- totals declared in data/indicators.csv, column sum_of) and re-created after every migration;
-- this version marks the change. No table changes.
SELECT 1;
