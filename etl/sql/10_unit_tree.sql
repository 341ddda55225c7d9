-- The unit tree. A unit's indicator row counts the unit and all of its descendants; the academy
-- row (unit_id NULL) counts every record, academy-wide ones without a unit included.

CREATE OR REPLACE VIEW stg_units AS
SELECT
    unit_id,
    parent_unit_id,
    name_zh,
    name_en,
    parent_unit_id IS NULL AS is_headquarters
FROM units;

-- Every ancestor of every unit, the unit itself at distance 0 (the roll-ups' scopes below; the
-- dashboard reads it materialised, as unit_closure).
CREATE OR REPLACE VIEW unit_closure_computed AS
WITH RECURSIVE closure(ancestor_unit_id, unit_id, distance) AS (
    SELECT unit_id, unit_id, 0 FROM units
    UNION ALL
    SELECT c.ancestor_unit_id, u.unit_id, c.distance + 1
    FROM closure AS c
    JOIN units AS u ON u.parent_unit_id = c.unit_id
    WHERE c.distance < 64  -- the loader rejects cycles; this only stops a runaway recursion
)
SELECT ancestor_unit_id, unit_id, CAST(min(distance) AS INTEGER) AS distance
FROM closure
GROUP BY ancestor_unit_id, unit_id;

-- The reporting scopes each unit's records count in: every ancestor's subtree (itself
-- included), plus the academy (scope_unit_id NULL). Every roll-up LEFT JOINs its unit-level
-- facts here and groups by scope_unit_id, so one pass yields the unit rows and the academy row;
-- a record with no unit (an academy-wide safeguard) finds no match and so lands, once, in the
-- academy scope only.
CREATE OR REPLACE VIEW scope_units AS
SELECT ancestor_unit_id AS scope_unit_id, unit_id FROM unit_closure_computed
UNION ALL
SELECT DISTINCT NULL, unit_id FROM units;

-- Dashboard: unit_closure, materialised (filled by etl.indicators.refresh() at publish time, as
-- indicator_values is): every subtree filter reads it, a scan of a small table instead of a
-- recursive query.
CREATE TABLE IF NOT EXISTS unit_closure_table (
    ancestor_unit_id VARCHAR,
    unit_id VARCHAR,
    distance INTEGER
);

CREATE OR REPLACE VIEW unit_closure AS
SELECT ancestor_unit_id, unit_id, distance FROM unit_closure_table;
