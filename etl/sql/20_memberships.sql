-- Memberships. Staging adds the years a membership is in force: it is in force during Y when
-- start_date <= 31 Dec Y and (end_date is null or end_date >= 1 Jan Y), i.e. year(start) <= Y
-- <= year(end) (9999 while ongoing; see 00_calendar.sql). Only held memberships (active,
-- lapsed, withdrawn) count as in force; intended/applying ones are the intention list.

CREATE OR REPLACE VIEW stg_memberships AS
SELECT
    m.membership_id,
    m.unit_id,
    m.org_id,
    m.member_type,
    m.person_name,
    m.status,
    m.start_date,
    m.end_date,
    m.status IN ('active', 'lapsed', 'withdrawn') AS is_held,
    m.status IN ('intended', 'applying') AS is_intention,
    CAST(year(m.start_date) AS INTEGER) AS start_year,
    CAST(year(m.start_date) AS INTEGER) AS first_year,
    CAST(coalesce(year(m.end_date), 9999) AS INTEGER) AS last_year  -- 9999 while ongoing
FROM memberships AS m;

-- Unit-level additive counts (rolled up over the unit tree in 90_indicator_values.sql).
-- memberships_active: held and in force during Y; grouped by span first, then spread over the
-- calendar, so the year join works on a few distinct spans rather than on every record.
-- memberships_new: start_date in Y, any status (as the contract says).
-- intention_open: a current snapshot (intended or applying now), repeated in every year.
CREATE OR REPLACE VIEW int_membership_counts AS
WITH held_spans AS (
    SELECT unit_id, first_year, last_year, count(*) AS n
    FROM stg_memberships
    WHERE is_held AND first_year IS NOT NULL
    GROUP BY ALL
),
intentions AS (
    SELECT unit_id, count(*) AS n FROM stg_memberships WHERE is_intention GROUP BY ALL
)
SELECT y.year, s.unit_id, 'memberships_active' AS indicator, sum(s.n) AS value
FROM held_spans AS s
JOIN calendar_years AS y ON y.year BETWEEN s.first_year AND s.last_year
GROUP BY ALL
UNION ALL
SELECT start_year, unit_id, 'memberships_new', count(*)
FROM stg_memberships
WHERE start_year IS NOT NULL
GROUP BY ALL
UNION ALL
SELECT y.year, i.unit_id, 'intention_open', i.n
FROM intentions AS i
CROSS JOIN calendar_years AS y;  -- units with intentions x years: small by construction
