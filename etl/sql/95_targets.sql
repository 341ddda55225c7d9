-- Progress against leadership's annual targets, one row per target, read from the materialised
-- indicator_values (the unit match is NULL-safe: a target without unit is the academy's).
--   actual         = the indicator's value for that year and unit (a snapshot indicator such as
--                    intention_open has the same value every year, so a target for a year
--                    outside the calendar uses it; otherwise a year without data counts 0)
--   ratio          = actual / target (NULL when the target is 0)
--   expected_ratio = share of the year elapsed: 1 for past years, day-of-year / days-in-year for
--                    the current year, 0 for future years
--   status rule    = on_track  if ratio >= expected_ratio (a target of 0 is always met),
--                    at_risk   if ratio >= 0.8 x expected_ratio,
--                    off_track otherwise.
CREATE OR REPLACE VIEW target_progress AS
WITH snapshots AS (
    SELECT v.unit_id, v.indicator, max(v.value) AS value
    FROM indicator_values AS v
    JOIN indicator_catalog AS i ON i.indicator = v.indicator AND i.is_snapshot
    GROUP BY ALL
),
measured AS (
    SELECT
        t.year,
        t.unit_id,
        t.indicator,
        t.target,
        CAST(coalesce(v.value, s.value, 0) AS DOUBLE) AS actual,
        CASE
            WHEN t.year < year(coop_today()) THEN 1.0
            WHEN t.year > year(coop_today()) THEN 0.0
            ELSE dayofyear(coop_today())
                / CAST(make_date(t.year + 1, 1, 1) - make_date(t.year, 1, 1) AS DOUBLE)
        END AS expected_ratio
    FROM targets AS t
    LEFT JOIN indicator_values AS v
        ON v.year = t.year
        AND v.indicator = t.indicator
        AND v.unit_id IS NOT DISTINCT FROM t.unit_id
    LEFT JOIN snapshots AS s
        ON s.indicator = t.indicator
        AND s.unit_id IS NOT DISTINCT FROM t.unit_id
)
SELECT
    CAST(year AS INTEGER) AS year,
    unit_id,
    indicator,
    CAST(target AS DOUBLE) AS target,
    actual,
    CASE WHEN target <> 0 THEN actual / target END AS ratio,
    CAST(expected_ratio AS DOUBLE) AS expected_ratio,
    CASE
        WHEN target = 0 OR actual / target >= expected_ratio THEN 'on_track'
        WHEN actual / target >= 0.8 * expected_ratio THEN 'at_risk'
        ELSE 'off_track'
    END AS status
FROM measured;
