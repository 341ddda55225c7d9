-- The paper's four challenges, measured per calendar year and scope (a unit's subtree, or the
-- academy: unit_id NULL), for the contract's indicator_values (90_indicator_values.sql):
--   no unified strategy  memberships_individual_share, memberships_misplaced,
--                        units_with_targets_share
--   shallow cooperation  orgs_shallow_share, attend_host_ratio
--   few key posts        posts_leader_share, leader_posts_ending
--   weak incentives      safeguard_funding, safeguard_people
-- "In force during Y" as everywhere (00_calendar.sql): started on or before 31 Dec Y and not
-- ended before 1 Jan Y. A ratio whose denominator is zero has no row at all (never 0 or
-- infinity): the indicators marked is_ratio in etl.schema are left out of the zero-filled grid.

-- Unit-level additive parts, summed over each scope before any ratio is taken.
CREATE OR REPLACE VIEW int_challenge_parts AS
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
),
member_years AS (
    SELECT y.year, s.unit_id, sum(s.individual) AS individual, sum(s.misplaced) AS misplaced
    FROM member_spans AS s
    JOIN calendar_years AS y ON y.year BETWEEN s.first_year AND s.last_year
    GROUP BY ALL
),
-- A leader post in force during Y whose term ends within 12 months after the end of Y; for the
-- current year, within 12 months after today (coop_today(): the publishing day, for the
-- materialised indicator_values). Such an end falls in Y + 1 (or in Y itself, for
-- the current year), so each post meets at most two calendar years.
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
SELECT year, unit_id, indicator AS part, CAST(value AS DOUBLE) AS value
FROM int_membership_counts
WHERE indicator = 'memberships_active'
UNION ALL
SELECT year, unit_id, indicator, value
FROM int_conference_counts
WHERE indicator IN ('conferences_attended', 'conferences_cohosted')
UNION ALL
SELECT year, unit_id, indicator, value FROM int_post_counts  -- posts_held, posts_leader
UNION ALL
SELECT year, unit_id, 'memberships_individual', individual FROM member_years
UNION ALL
SELECT year, unit_id, 'memberships_misplaced', misplaced FROM member_years
UNION ALL
SELECT year, unit_id, 'leader_posts_ending', n FROM leader_ends
UNION ALL
SELECT year, unit_id, 'safeguard_funding', funding FROM incentives WHERE funding IS NOT NULL
UNION ALL
SELECT year, unit_id, 'safeguard_people', people FROM incentives WHERE people IS NOT NULL;

-- Organizations engaged beyond attending (a co-hosted or hosted conference, a post or an
-- office: depth level >= 3), as bitmaps like int_unit_org_bits (60_engagement.sql).
CREATE OR REPLACE VIEW int_unit_deep_org_bits AS
WITH spans AS (
    SELECT
        s.unit_id,
        n.org_no // 64 AS chunk,
        s.first_year,
        s.last_year,
        bit_or(CAST(1 AS UBIGINT) << CAST(n.org_no % 64 AS UBIGINT)) AS bits
    FROM int_unit_spans AS s
    JOIN int_org_numbers AS n ON n.org_id = s.org_id
    WHERE s.level >= 3
    GROUP BY ALL
)
SELECT y.year, s.unit_id, s.chunk, bit_or(s.bits) AS bits
FROM spans AS s
JOIN calendar_years AS y ON y.year BETWEEN s.first_year AND s.last_year
GROUP BY ALL;

CREATE OR REPLACE VIEW mart_challenges AS
WITH scoped AS (
    SELECT p.year, m.scope_unit_id AS unit_id, p.part, sum(p.value) AS value
    FROM int_challenge_parts AS p
    LEFT JOIN scope_units AS m ON m.unit_id = p.unit_id
    GROUP BY ALL
),
wide AS (
    SELECT
        year,
        unit_id,
        coalesce(sum(value) FILTER (WHERE part = 'memberships_active'), 0) AS held,
        coalesce(sum(value) FILTER (WHERE part = 'memberships_individual'), 0) AS individual,
        coalesce(sum(value) FILTER (WHERE part = 'conferences_attended'), 0) AS attended,
        coalesce(sum(value) FILTER (WHERE part = 'conferences_cohosted'), 0) AS cohosted,
        coalesce(sum(value) FILTER (WHERE part = 'posts_held'), 0) AS posts,
        coalesce(sum(value) FILTER (WHERE part = 'posts_leader'), 0) AS leader
    FROM scoped
    GROUP BY ALL
),
-- Units with a target of their own for Y, over the units of the scope (the whole tree for the
-- academy; an academy-wide target has no unit and makes no unit targeted).
targeted AS (
    SELECT DISTINCT year, unit_id FROM targets WHERE unit_id IS NOT NULL
),
target_cover AS (
    SELECT
        y.year,
        m.scope_unit_id AS unit_id,
        count(*) AS units,
        count(t.unit_id) AS with_targets
    FROM calendar_years AS y
    CROSS JOIN scope_units AS m
    LEFT JOIN targeted AS t ON t.year = y.year AND t.unit_id = m.unit_id
    GROUP BY ALL
),
-- Organizations engaged in Y, and those engaged beyond attending, per scope: the shallow ones
-- are the difference (an organization reached only by membership or attendance, depth <= 2).
org_depth AS (
    SELECT year, scope_unit_id AS unit_id, sum(engaged) AS engaged, sum(deep) AS deep
    FROM (
        SELECT b.year, m.scope_unit_id, b.chunk,
            CAST(bit_count(bit_or(b.bits)) AS INTEGER) AS engaged, 0 AS deep
        FROM int_unit_org_bits AS b
        LEFT JOIN scope_units AS m ON m.unit_id = b.unit_id
        GROUP BY ALL
        UNION ALL
        SELECT b.year, m.scope_unit_id, b.chunk,
            0, CAST(bit_count(bit_or(b.bits)) AS INTEGER)
        FROM int_unit_deep_org_bits AS b
        LEFT JOIN scope_units AS m ON m.unit_id = b.unit_id
        GROUP BY ALL
    )
    GROUP BY ALL
)
SELECT year, unit_id, part AS indicator, value
FROM scoped
WHERE part IN (
    'memberships_misplaced', 'leader_posts_ending', 'safeguard_funding', 'safeguard_people'
)
UNION ALL
SELECT year, unit_id, 'memberships_individual_share', individual / held FROM wide WHERE held > 0
UNION ALL
SELECT year, unit_id, 'attend_host_ratio', attended / cohosted FROM wide WHERE cohosted > 0
UNION ALL
SELECT year, unit_id, 'posts_leader_share', leader / posts FROM wide WHERE posts > 0
UNION ALL
SELECT year, unit_id, 'units_with_targets_share', CAST(with_targets AS DOUBLE) / units
FROM target_cover
WHERE units > 0
UNION ALL
SELECT year, unit_id, 'orgs_shallow_share', CAST(engaged - deep AS DOUBLE) / engaged
FROM org_depth
WHERE engaged > 0;
