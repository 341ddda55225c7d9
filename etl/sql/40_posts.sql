-- Posts held by the academy's people. In force during Y as for memberships (an empty end_date
-- means ongoing). A person is identified by person_id, else by name + unit: person_key encodes
-- that ('id:<person_id>' vs 'nu:<unit_id>|<name>'; unit ids cannot contain '|').

CREATE OR REPLACE VIEW stg_posts AS
SELECT
    p.post_id,
    p.person_name,
    p.person_id,
    CASE
        WHEN p.person_id IS NOT NULL THEN 'id:' || p.person_id
        ELSE 'nu:' || p.unit_id || '|' || p.person_name
    END AS person_key,
    p.unit_id,
    p.org_id,
    p.position,
    p.level,
    p.level = 'leader' AS is_leader,
    p.start_date,
    p.end_date,
    CAST(year(p.start_date) AS INTEGER) AS first_year,
    CAST(coalesce(year(p.end_date), 9999) AS INTEGER) AS last_year  -- 9999 while ongoing
FROM posts AS p;

-- Unit-level additive counts: posts in force, leader posts in force (grouped by span first, so
-- the year join spreads few rows).
CREATE OR REPLACE VIEW int_post_counts AS
WITH spans AS (
    SELECT
        unit_id,
        first_year,
        last_year,
        count(*) AS posts_held,
        count(*) FILTER (WHERE is_leader) AS posts_leader
    FROM stg_posts
    WHERE first_year IS NOT NULL
    GROUP BY ALL
)
UNPIVOT (
    SELECT y.year, s.unit_id, sum(s.posts_held) AS posts_held, sum(s.posts_leader) AS posts_leader
    FROM spans AS s
    JOIN calendar_years AS y ON y.year BETWEEN s.first_year AND s.last_year
    GROUP BY ALL
)
ON posts_held, posts_leader
INTO NAME indicator VALUE value;

-- Distinct people, rolled up without double counting. Each person gets a dense number
-- (person_no, ordered by their first unit so a unit's people share few 64-number chunks); a row
-- of int_post_people_bits is a 64-bit bitmap of the people of one chunk with a post in force in
-- that unit and year. OR-ing bitmaps over a subtree and counting the bits gives the distinct
-- count, so a person with posts in two sub-units counts once for their common ancestor.
CREATE OR REPLACE VIEW int_person_numbers AS
SELECT
    person_key,
    CAST(row_number() OVER (ORDER BY home_unit_id, person_key) - 1 AS BIGINT) AS person_no
FROM (SELECT person_key, min(unit_id) AS home_unit_id FROM stg_posts GROUP BY person_key);

CREATE OR REPLACE VIEW int_post_people_bits AS
WITH spans AS (
    SELECT
        p.unit_id,
        n.person_no // 64 AS chunk,
        p.first_year,
        p.last_year,
        bit_or(CAST(1 AS UBIGINT) << CAST(n.person_no % 64 AS UBIGINT)) AS bits
    FROM stg_posts AS p
    JOIN int_person_numbers AS n ON n.person_key = p.person_key
    WHERE p.first_year IS NOT NULL
    GROUP BY ALL
)
SELECT y.year, s.unit_id, s.chunk, bit_or(s.bits) AS bits
FROM spans AS s
JOIN calendar_years AS y ON y.year BETWEEN s.first_year AND s.last_year
GROUP BY ALL;

-- people_in_posts per scope (unit subtree or academy).
CREATE OR REPLACE VIEW mart_people_in_posts AS
WITH scoped AS (
    SELECT b.year, m.scope_unit_id, b.chunk, bit_or(b.bits) AS bits
    FROM int_post_people_bits AS b
    LEFT JOIN scope_units AS m ON m.unit_id = b.unit_id
    GROUP BY ALL
)
SELECT year, scope_unit_id AS unit_id, sum(CAST(bit_count(bits) AS INTEGER)) AS value
FROM scoped
GROUP BY ALL;
