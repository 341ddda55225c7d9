-- Which units are active, and how deep their cooperation goes (unit level, then rolled up).

-- One row per (year, unit, kind of activity) before roll-up: a membership held in force, a
-- conference starting in the year, a post in force, an office in force, a safeguard measure
-- done in the year (academy-wide measures have no unit and are left out). The dashboard reads
-- it materialised, as unit_activity (below).
CREATE OR REPLACE VIEW unit_activity_computed AS
WITH spans AS (
    SELECT DISTINCT unit_id, kind, first_year, last_year
    FROM int_unit_spans
    WHERE unit_id IS NOT NULL
)
SELECT y.year, s.unit_id, s.kind
FROM spans AS s
JOIN calendar_years AS y ON y.year BETWEEN s.first_year AND s.last_year
UNION  -- distinct
SELECT done_year, unit_id, 'safeguards'
FROM stg_safeguards
WHERE done_year IS NOT NULL AND unit_id IS NOT NULL;

-- units_engaged: distinct units of the scope with any activity in the year.
CREATE OR REPLACE VIEW mart_units_engaged AS
SELECT a.year, m.scope_unit_id AS unit_id, count(DISTINCT a.unit_id) AS value
FROM unit_activity_computed AS a
LEFT JOIN scope_units AS m ON m.unit_id = a.unit_id
GROUP BY ALL;

-- The highest depth level a unit reaches by itself in a year (levels as in etl.schema
-- DEPTH_LEVELS: 1 member . 2 attends . 3 co-hosts/hosts . 4 post . 5 leader post . 6 office).
CREATE OR REPLACE VIEW int_unit_levels AS
WITH spans AS (
    SELECT unit_id, first_year, last_year, max(level) AS level
    FROM int_unit_spans
    WHERE level IS NOT NULL
    GROUP BY ALL
)
SELECT y.year, s.unit_id, max(s.level) AS level
FROM spans AS s
JOIN calendar_years AS y ON y.year BETWEEN s.first_year AND s.last_year
GROUP BY ALL;

-- Every unit x year with the unit's OWN depth, 0 when it did nothing (the depth in
-- indicator_values is the maximum over the unit's subtree). The dashboard reads it
-- materialised, as unit_depth (below).
CREATE OR REPLACE VIEW unit_depth_computed AS
SELECT y.year, u.unit_id, CAST(coalesce(l.level, 0) AS INTEGER) AS depth
FROM calendar_years AS y
CROSS JOIN (SELECT DISTINCT unit_id FROM units) AS u  -- the output grid itself: years x units
LEFT JOIN int_unit_levels AS l ON l.year = y.year AND l.unit_id = u.unit_id;

-- depth per scope: the maximum over the subtree; the academy row is the maximum over all.
CREATE OR REPLACE VIEW mart_depth AS
SELECT l.year, m.scope_unit_id AS unit_id, max(l.level) AS value
FROM int_unit_levels AS l
LEFT JOIN scope_units AS m ON m.unit_id = l.unit_id
GROUP BY ALL;

-- Dashboard: unit_activity and unit_depth, materialised. etl.indicators.refresh() replaces
-- these tables from the *_computed views at publish time (as for indicator_values), so a page
-- reads a few thousand rows instead of spreading every record over the calendar. Created empty
-- here so the views can be defined on a fresh warehouse.
CREATE TABLE IF NOT EXISTS unit_activity_table (year INTEGER, unit_id VARCHAR, kind VARCHAR);

CREATE OR REPLACE VIEW unit_activity AS
SELECT year, unit_id, kind FROM unit_activity_table;

CREATE TABLE IF NOT EXISTS unit_depth_table (year INTEGER, unit_id VARCHAR, depth INTEGER);

CREATE OR REPLACE VIEW unit_depth AS
SELECT year, unit_id, depth FROM unit_depth_table;
