-- Progress against leadership's targets, one row per target, read from the materialised
-- indicator_values (the unit match is NULL-safe: a target without unit is the academy's).
-- A target covers the years `year` … `end_year` (one year, or a plan such as 十四五 2021–2025).
--   as_of_year     = the latest year counted so far: end_year, or this year while it runs
--   share          = the elapsed share of the period (0 before it starts, 1 once it is over)
--   flow indicator (counts of events in a year: conferences, new memberships …):
--                    actual = the sum over the period's years so far;
--                    expected = target × share (the target pro-rated)
--   stock indicator (things in force, shares, depth; a snapshot such as intention_open):
--                    actual = the value in as_of_year; baseline = the value the year before
--                    the period; expected = baseline + (target − baseline) × share (the straight
--                    line from the baseline to the target: open-sdg's progress rule)
--   ratio          = actual / target (NULL when the target is 0)
--   expected_ratio = expected / target
--   status         = on_track  if actual >= expected (a target of 0, or a period not yet
--                               started, is on track),
--                    at_risk   if actual >= 0.8 x expected,
--                    off_track otherwise.
CREATE OR REPLACE VIEW target_progress AS
WITH today AS (
    SELECT coop_today() AS d, CAST(year(coop_today()) AS INTEGER) AS y
),
snapshots AS (
    SELECT v.unit_id, v.indicator, max(v.value) AS value
    FROM indicator_values AS v
    JOIN indicator_catalog AS i ON i.indicator = v.indicator AND i.is_snapshot
    GROUP BY ALL
),
periods AS (
    SELECT
        t.year,
        CAST(coalesce(t.end_year, t.year) AS INTEGER) AS end_year,
        t.unit_id,
        t.indicator,
        t.target,
        coalesce(c.measure, 'stock') AS measure,
        CAST(least(coalesce(t.end_year, t.year), today.y) AS INTEGER) AS as_of_year,
        greatest(0.0, least(1.0,
            CAST(today.d - make_date(t.year, 1, 1) + 1 AS DOUBLE)
            / CAST(make_date(coalesce(t.end_year, t.year) + 1, 1, 1)
                   - make_date(t.year, 1, 1) AS DOUBLE)
        )) AS share
    FROM targets AS t
    CROSS JOIN today
    LEFT JOIN indicator_catalog AS c ON c.indicator = t.indicator
),
flows AS (
    SELECT p.year, p.end_year, p.unit_id, p.indicator, sum(v.value) AS total
    FROM periods AS p
    JOIN indicator_values AS v
        ON v.indicator = p.indicator
        AND v.unit_id IS NOT DISTINCT FROM p.unit_id
        AND v.year BETWEEN p.year AND p.as_of_year
    WHERE p.measure = 'flow'
    GROUP BY ALL
),
measured AS (
    SELECT
        p.*,
        CAST(CASE
            WHEN p.measure = 'flow' THEN coalesce(f.total, 0)
            ELSE coalesce(latest.value, s.value, 0)
        END AS DOUBLE) AS actual,
        CAST(CASE
            WHEN p.measure = 'flow' THEN 0
            ELSE coalesce(base.value, s.value, 0)
        END AS DOUBLE) AS baseline
    FROM periods AS p
    LEFT JOIN flows AS f
        ON f.year = p.year AND f.end_year = p.end_year AND f.indicator = p.indicator
        AND f.unit_id IS NOT DISTINCT FROM p.unit_id
    LEFT JOIN indicator_values AS latest
        ON latest.year = p.as_of_year AND latest.indicator = p.indicator
        AND latest.unit_id IS NOT DISTINCT FROM p.unit_id
    LEFT JOIN indicator_values AS base
        ON base.year = p.year - 1 AND base.indicator = p.indicator
        AND base.unit_id IS NOT DISTINCT FROM p.unit_id
    LEFT JOIN snapshots AS s
        ON s.indicator = p.indicator AND s.unit_id IS NOT DISTINCT FROM p.unit_id
),
expected AS (
    SELECT
        *,
        CASE
            WHEN measure = 'flow' THEN target * share
            WHEN share = 0 THEN 0.0
            ELSE baseline + (target - baseline) * share
        END AS expected
    FROM measured
)
SELECT
    CAST(year AS INTEGER) AS year,
    end_year,
    unit_id,
    indicator,
    measure,
    CAST(target AS DOUBLE) AS target,
    actual,
    baseline,
    CAST(expected AS DOUBLE) AS expected,
    CASE WHEN target <> 0 THEN actual / target END AS ratio,
    CAST(CASE WHEN target <> 0 THEN expected / target ELSE 0 END AS DOUBLE) AS expected_ratio,
    CAST(share AS DOUBLE) AS elapsed_share,
    CASE
        WHEN target = 0 OR share = 0 OR actual >= expected THEN 'on_track'
        WHEN actual >= 0.8 * expected THEN 'at_risk'
        ELSE 'off_track'
    END AS status
FROM expected;
