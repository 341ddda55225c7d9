-- Engagement with organizations.
-- int_unit_spans: every activity a unit has with an organization, as a span of years, with the
-- cooperation depth level it reaches (1 membership held, 2 attended a conference, 3 co-hosted
-- or hosted one, 4 post, 5 leader post, 6 office): memberships held (active/lapsed/withdrawn)
-- in force, conferences (their start year; org_id may be empty), posts in force, established
-- (or since closed) offices in force. Consumers group it by their own keys before spreading the
-- spans over the calendar, so the year join only ever sees a reduced set of spans.
CREATE OR REPLACE VIEW int_unit_spans AS
SELECT 'memberships' AS kind, unit_id, org_id, 1 AS level, first_year, last_year
FROM stg_memberships
WHERE is_held AND first_year IS NOT NULL
UNION ALL
SELECT
    'conferences',
    unit_id,
    org_id,
    CASE WHEN is_cohosted THEN 3 WHEN is_attended THEN 2 END,
    year,
    year
FROM stg_conferences
WHERE year IS NOT NULL
UNION ALL
SELECT 'posts', unit_id, org_id, CASE WHEN is_leader THEN 5 ELSE 4 END, first_year, last_year
FROM stg_posts
WHERE first_year IS NOT NULL
UNION ALL
SELECT 'offices', unit_id, org_id, 6, first_year, last_year
FROM stg_offices
WHERE has_existed AND first_year IS NOT NULL;

-- Dashboard: which unit engaged which organization and how (kind = memberships | conferences |
-- posts | offices), as spans of years, one per record (the same span may repeat): engaged
-- during every calendar year Y with first_year <= Y <= last_year. A question about one year
-- filters these spans directly, far cheaper than spreading them all over the calendar first.
CREATE OR REPLACE VIEW engagement_spans AS
SELECT kind, unit_id, org_id, first_year, last_year
FROM int_unit_spans
WHERE org_id IS NOT NULL;

-- Dashboard: the same, one row per year, before any roll-up.
CREATE OR REPLACE VIEW engagement AS
WITH spans AS (
    SELECT DISTINCT kind, unit_id, org_id, first_year, last_year
    FROM engagement_spans
)
SELECT DISTINCT y.year, s.unit_id, s.org_id, s.kind
FROM spans AS s
JOIN calendar_years AS y ON y.year BETWEEN s.first_year AND s.last_year;

-- Distinct organizations, rolled up without double counting: each organization gets a dense
-- number, and a row of int_unit_org_bits is a 64-bit bitmap of the organizations (of one
-- 64-number chunk) a unit engaged in a year. OR-ing over a scope and counting bits = distinct.
-- deep_bits marks those engaged beyond membership and attendance (depth level >= 3: co-hosting,
-- a post, an office), for the shallow-cooperation challenge (75_challenges.sql).
CREATE OR REPLACE VIEW int_org_numbers AS
SELECT org_id, CAST(row_number() OVER (ORDER BY org_id) - 1 AS BIGINT) AS org_no
FROM (
    SELECT org_id FROM organizations
    UNION  -- an org_id missing from organizations (the loader forbids it) still counts
    SELECT org_id FROM int_unit_spans WHERE org_id IS NOT NULL
);

CREATE OR REPLACE VIEW int_unit_org_bits AS
WITH spans AS (
    SELECT
        s.unit_id,
        n.org_no // 64 AS chunk,
        s.first_year,
        s.last_year,
        bit_or(CAST(1 AS UBIGINT) << CAST(n.org_no % 64 AS UBIGINT)) AS bits,
        coalesce(
            bit_or(CAST(1 AS UBIGINT) << CAST(n.org_no % 64 AS UBIGINT)) FILTER (s.level >= 3),
            CAST(0 AS UBIGINT)
        ) AS deep_bits
    FROM int_unit_spans AS s
    JOIN int_org_numbers AS n ON n.org_id = s.org_id
    GROUP BY ALL
)
SELECT y.year, s.unit_id, s.chunk, bit_or(s.bits) AS bits, bit_or(s.deep_bits) AS deep_bits
FROM spans AS s
JOIN calendar_years AS y ON y.year BETWEEN s.first_year AND s.last_year
GROUP BY ALL;

-- orgs_engaged, partners_new (engaged in Y and in no earlier year of the same scope) and
-- partners_continuing (engaged in Y and in Y-1, same scope), per scope (subtree or academy);
-- orgs_deep (engaged beyond attending) is a part of orgs_shallow_share, not an indicator.
CREATE OR REPLACE VIEW mart_partners AS
WITH scoped AS (
    SELECT b.year, m.scope_unit_id, b.chunk, bit_or(b.bits) AS bits, bit_or(b.deep_bits) AS deep_bits
    FROM int_unit_org_bits AS b
    LEFT JOIN scope_units AS m ON m.unit_id = b.unit_id
    GROUP BY ALL
),
with_history AS (
    SELECT
        year,
        scope_unit_id,
        bits,
        deep_bits,
        coalesce(bit_or(bits) OVER (
            PARTITION BY scope_unit_id, chunk ORDER BY year
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
        ), CAST(0 AS UBIGINT)) AS earlier_bits,
        CASE
            WHEN lag(year) OVER w = year - 1 THEN lag(bits) OVER w
            ELSE CAST(0 AS UBIGINT)
        END AS last_year_bits
    FROM scoped
    WINDOW w AS (PARTITION BY scope_unit_id, chunk ORDER BY year)
)
SELECT
    year,
    scope_unit_id AS unit_id,
    sum(CAST(bit_count(bits) AS INTEGER)) AS orgs_engaged,
    sum(CAST(bit_count(xor(bits, bits & earlier_bits)) AS INTEGER)) AS partners_new,
    sum(CAST(bit_count(bits & last_year_bits) AS INTEGER)) AS partners_continuing,
    sum(CAST(bit_count(deep_bits) AS INTEGER)) AS orgs_deep
FROM with_history
GROUP BY ALL;

-- countries_engaged: distinct countries of the year's conferences (any role, with or without an
-- organization) together with the headquarters countries of the organizations engaged. Same
-- bitmap technique as for organizations, over country numbers.
CREATE OR REPLACE VIEW int_country_numbers AS
SELECT country, CAST(row_number() OVER (ORDER BY country) - 1 AS BIGINT) AS country_no
FROM (
    SELECT hq_country AS country FROM organizations
    UNION
    SELECT country FROM stg_conferences
)
WHERE country IS NOT NULL;

CREATE OR REPLACE VIEW int_unit_country_bits AS
WITH country_spans AS (
    SELECT c.unit_id, n.country_no, c.year AS first_year, c.year AS last_year
    FROM stg_conferences AS c
    JOIN int_country_numbers AS n ON n.country = c.country
    WHERE c.year IS NOT NULL
    UNION ALL
    SELECT s.unit_id, n.country_no, s.first_year, s.last_year
    FROM int_unit_spans AS s
    JOIN organizations AS o ON o.org_id = s.org_id
    JOIN int_country_numbers AS n ON n.country = o.hq_country
),
spans AS (
    SELECT
        unit_id,
        country_no // 64 AS chunk,
        first_year,
        last_year,
        bit_or(CAST(1 AS UBIGINT) << CAST(country_no % 64 AS UBIGINT)) AS bits
    FROM country_spans
    GROUP BY ALL
)
SELECT y.year, s.unit_id, s.chunk, bit_or(s.bits) AS bits
FROM spans AS s
JOIN calendar_years AS y ON y.year BETWEEN s.first_year AND s.last_year
GROUP BY ALL;

CREATE OR REPLACE VIEW mart_countries AS
WITH scoped AS (
    SELECT b.year, m.scope_unit_id, b.chunk, bit_or(b.bits) AS bits
    FROM int_unit_country_bits AS b
    LEFT JOIN scope_units AS m ON m.unit_id = b.unit_id
    GROUP BY ALL
)
SELECT year, scope_unit_id AS unit_id, sum(CAST(bit_count(bits) AS INTEGER)) AS value
FROM scoped
GROUP BY ALL;
