-- The paper's four challenges, measured per calendar year and scope (a unit's subtree, or the
-- academy: unit_id NULL), for the contract's indicator_values:
--   no unified strategy  memberships_individual_share, memberships_misplaced,
--                        units_with_targets_share
--   shallow cooperation  orgs_shallow_share, attend_host_ratio
--   few key posts        posts_leader_share, leader_posts_ending
--   weak incentives      safeguard_funding, safeguard_people
-- "In force during Y" as everywhere (00_calendar.sql): started on or before 31 Dec Y and not
-- ended before 1 Jan Y.
--
-- Counts are unit-level facts here, rolled up with every other count (int_unit_counts,
-- 90_indicator_values.sql). A ratio is taken there too, once, from its parts as already rolled
-- up for the scope: memberships_individual / memberships_active, conferences_attended /
-- conferences_cohosted, posts_leader / posts_held, (orgs_engaged - orgs_deep) / orgs_engaged
-- (orgs_deep: 60_engagement.sql). A ratio whose denominator is zero has no row at all (never 0
-- or infinity): the indicators marked is_ratio in etl.schema are left out of the zero-filled grid.

-- Unit-level additive counts (memberships_individual is a part of a ratio, not an indicator).
CREATE OR REPLACE VIEW int_challenge_counts AS
WITH member_spans AS (
    SELECT
        m.unit_id,
        m.first_year,
        m.last_year,
        count(*) FILTER (WHERE m.member_type = 'individual') AS individual,
        count(*) FILTER (
            WHERE m.member_type = 'institutional'
              AND o.scope = 'comprehensive'
              AND u.parent_unit_id IS NOT NULL
        ) AS misplaced
    FROM stg_memberships AS m
    LEFT JOIN organizations AS o ON o.org_id = m.org_id
    LEFT JOIN units AS u ON u.unit_id = m.unit_id
    WHERE m.is_held AND m.first_year IS NOT NULL
    GROUP BY ALL
    HAVING individual > 0 OR misplaced > 0
),
member_years AS (
    SELECT y.year, s.unit_id, sum(s.individual) AS individual, sum(s.misplaced) AS misplaced
    FROM member_spans AS s
    JOIN calendar_years AS y ON y.year BETWEEN s.first_year AND s.last_year
    GROUP BY ALL
),
-- A leader post in force during Y whose term ends within 12 months after the end of Y; for the
-- current year, within 12 months after today (coop_today(): the publishing day, for the
-- materialised indicator_values). Such an end falls in Y + 1 (or in Y itself, for the current
-- year), so each post meets at most two calendar years.
leader_ends AS (
    SELECT y.year, p.unit_id, count(*) AS n
    FROM stg_posts AS p
    JOIN calendar_years AS y
        ON y.year BETWEEN greatest(p.first_year, p.last_year - 1) AND p.last_year
    WHERE p.is_leader
      AND p.end_date IS NOT NULL
      AND p.end_date > CASE
            WHEN y.year = year(coop_today()) THEN coop_today()
            ELSE make_date(y.year, 12, 31)
        END
      AND p.end_date <= CASE
            WHEN y.year = year(coop_today()) THEN CAST(coop_today() + INTERVAL 12 MONTH AS DATE)
            ELSE make_date(y.year + 1, 12, 31)
        END
    GROUP BY ALL
),
-- Measures done in Y (an academy-wide one, without unit, counts for the academy only).
incentives AS (
    SELECT
        done_year AS year,
        unit_id,
        sum(amount_cny) FILTER (WHERE category = 'funding') AS funding,
        sum(people) FILTER (WHERE category IN ('personnel', 'services')) AS people
    FROM stg_safeguards
    WHERE done_year IS NOT NULL
    GROUP BY ALL
)
SELECT year, unit_id, 'memberships_individual' AS indicator, individual AS value
FROM member_years
WHERE individual > 0
UNION ALL
SELECT year, unit_id, 'memberships_misplaced', misplaced FROM member_years WHERE misplaced > 0
UNION ALL
SELECT year, unit_id, 'leader_posts_ending', n FROM leader_ends
UNION ALL
SELECT year, unit_id, 'safeguard_funding', funding FROM incentives WHERE funding IS NOT NULL
UNION ALL
SELECT year, unit_id, 'safeguard_people', people FROM incentives WHERE people IS NOT NULL;

-- units_with_targets_share per scope: units with a target of their own for Y over the units of
-- the scope (the whole tree for the academy; an academy-wide target has no unit and makes no
-- unit targeted). Units exist, so the denominator is never zero.
CREATE OR REPLACE VIEW mart_target_cover AS
WITH targeted AS (
    SELECT DISTINCT year, unit_id FROM targets WHERE unit_id IS NOT NULL
)
SELECT
    y.year,
    m.scope_unit_id AS unit_id,
    CAST(count(t.unit_id) AS DOUBLE) / count(*) AS value
FROM calendar_years AS y
CROSS JOIN scope_units AS m  -- years x scopes' units: the size of the closure, small
LEFT JOIN targeted AS t ON t.year = y.year AND t.unit_id = m.unit_id
GROUP BY ALL;
