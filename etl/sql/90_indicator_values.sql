-- The contract's indicator_values: every indicator x every calendar year x (every unit + the
-- academy row, unit_id NULL), zeros included. indicator_catalog (one row per indicator of
-- etl.schema.INDICATORS) is created by etl.indicators before these files run.

-- Additive unit-level counts from every concern (unit_id NULL = academy-wide records).
CREATE OR REPLACE VIEW int_unit_counts AS
SELECT year, unit_id, indicator, value FROM int_membership_counts
UNION ALL SELECT year, unit_id, indicator, value FROM int_conference_counts
UNION ALL SELECT year, unit_id, indicator, value FROM int_qualified_counts
UNION ALL SELECT year, unit_id, indicator, value FROM int_post_counts
UNION ALL SELECT year, unit_id, indicator, value FROM int_office_counts
UNION ALL SELECT year, unit_id, indicator, value FROM int_safeguard_counts
UNION ALL SELECT year, unit_id, indicator, value FROM int_challenge_counts;

-- Additive counts rolled up: a unit's row sums its subtree; the academy row sums everything.
CREATE OR REPLACE VIEW mart_counts AS
SELECT n.year, m.scope_unit_id AS unit_id, n.indicator, sum(n.value) AS value
FROM int_unit_counts AS n
LEFT JOIN scope_units AS m ON m.unit_id = n.unit_id
GROUP BY ALL;

-- Every non-zero value, already per scope (unit subtree or academy), then the challenges'
-- ratios taken from their parts in the same rows (75_challenges.sql): computed once, read twice.
-- Parts that are not indicators (memberships_individual, orgs_deep) find no place in the grid.
CREATE OR REPLACE VIEW mart_indicator_values AS
WITH base AS MATERIALIZED (
    SELECT year, unit_id, indicator, CAST(value AS DOUBLE) AS value FROM mart_counts
    UNION ALL
    SELECT year, unit_id, 'people_in_posts', value FROM mart_people_in_posts
    UNION ALL
    SELECT year, unit_id, indicator, value FROM (
        UNPIVOT mart_partners
        ON orgs_engaged, partners_new, partners_continuing, orgs_deep
        INTO NAME indicator VALUE value
    )
    UNION ALL
    SELECT year, unit_id, 'countries_engaged', value FROM mart_countries
    UNION ALL
    SELECT year, unit_id, 'units_engaged', value FROM mart_units_engaged
    UNION ALL
    SELECT year, unit_id, 'depth', value FROM mart_depth
),
parts AS (
    SELECT
        year,
        unit_id,
        coalesce(sum(value) FILTER (indicator = 'memberships_active'), 0) AS held,
        coalesce(sum(value) FILTER (indicator = 'memberships_individual'), 0) AS individual,
        coalesce(sum(value) FILTER (indicator = 'conferences_attended'), 0) AS attended,
        coalesce(sum(value) FILTER (indicator = 'conferences_cohosted'), 0) AS cohosted,
        coalesce(sum(value) FILTER (indicator = 'posts_held'), 0) AS posts,
        coalesce(sum(value) FILTER (indicator = 'posts_leader'), 0) AS leader,
        coalesce(sum(value) FILTER (indicator = 'orgs_engaged'), 0) AS engaged,
        coalesce(sum(value) FILTER (indicator = 'orgs_deep'), 0) AS deep
    FROM base
    WHERE indicator IN (
        'memberships_active', 'memberships_individual', 'conferences_attended',
        'conferences_cohosted', 'posts_held', 'posts_leader', 'orgs_engaged', 'orgs_deep'
    )
    GROUP BY ALL
)
SELECT year, unit_id, indicator, value FROM base
UNION ALL
SELECT year, unit_id, 'memberships_individual_share', individual / held FROM parts WHERE held > 0
UNION ALL
SELECT year, unit_id, 'attend_host_ratio', attended / cohosted FROM parts WHERE cohosted > 0
UNION ALL
SELECT year, unit_id, 'posts_leader_share', leader / posts FROM parts WHERE posts > 0
UNION ALL
SELECT year, unit_id, 'orgs_shallow_share', (engaged - deep) / engaged FROM parts WHERE engaged > 0
UNION ALL
SELECT year, unit_id, 'units_with_targets_share', value FROM mart_target_cover;

-- The full grid with zeros, except for a ratio (is_ratio), which has no row where its
-- denominator is zero (75_challenges.sql). The grid (years x scopes x indicators) is the output itself, so
-- its cross join is bounded by what the table must hold anyway.
CREATE OR REPLACE VIEW indicator_values_computed AS
WITH scopes AS (
    SELECT DISTINCT unit_id FROM units
    UNION ALL
    SELECT NULL
),
grid AS (
    SELECT y.year, s.unit_id, i.indicator, i.sort_order, i.is_ratio
    FROM calendar_years AS y
    CROSS JOIN scopes AS s
    CROSS JOIN indicator_catalog AS i
)
SELECT
    CAST(g.year AS INTEGER) AS year,
    CAST(g.unit_id AS VARCHAR) AS unit_id,
    CAST(g.indicator AS VARCHAR) AS indicator,
    CAST(coalesce(v.value, 0) AS DOUBLE) AS value
FROM grid AS g
LEFT JOIN mart_indicator_values AS v
    ON v.year = g.year
    AND v.indicator = g.indicator
    AND v.unit_id IS NOT DISTINCT FROM g.unit_id
WHERE NOT g.is_ratio OR v.value IS NOT NULL
ORDER BY g.year, g.unit_id NULLS FIRST, g.sort_order;

-- The materialised values: etl.indicators.refresh() replaces this table at publish time, so the
-- dashboard reads a small table instead of recomputing. Created empty here so the views below
-- can be defined on a fresh warehouse.
CREATE TABLE IF NOT EXISTS indicator_values_table (
    year INTEGER,
    unit_id VARCHAR,
    indicator VARCHAR,
    value DOUBLE
);

-- The contract's view.
CREATE OR REPLACE VIEW indicator_values AS
SELECT year, unit_id, indicator, value FROM indicator_values_table;
