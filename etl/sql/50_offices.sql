-- Offices set up locally by the organizations. Only established (or since closed) offices have
-- ever existed; one is in force during Y when established_date <= 31 Dec Y and (closed_date is
-- null or closed_date >= 1 Jan Y). Negotiating/approved offices never count.

CREATE OR REPLACE VIEW stg_offices AS
SELECT
    o.office_id,
    o.org_id,
    o.unit_id,
    o.office_type,
    o.city,
    o.country,
    o.status,
    o.established_date,
    o.closed_date,
    o.status IN ('established', 'closed') AS has_existed,
    CAST(year(o.established_date) AS INTEGER) AS first_year,
    CAST(coalesce(year(o.closed_date), 9999) AS INTEGER) AS last_year  -- 9999 while open
FROM offices AS o;

-- Unit-level additive count: offices_established (in force during Y).
CREATE OR REPLACE VIEW int_office_counts AS
WITH spans AS (
    SELECT unit_id, first_year, last_year, count(*) AS n
    FROM stg_offices
    WHERE has_existed AND first_year IS NOT NULL
    GROUP BY ALL
)
SELECT y.year, s.unit_id, 'offices_established' AS indicator, sum(s.n) AS value
FROM spans AS s
JOIN calendar_years AS y ON y.year BETWEEN s.first_year AND s.last_year
GROUP BY ALL;
