-- Calendar: the reporting years.
-- Every year from the earliest to the latest year found in the record dates (membership
-- start/end, conference start, post start/end, office established/closed, safeguard done),
-- extended to the current year while an open-ended record is in force now (an active
-- membership, a post or an established office without an end). Targets and due dates are plans,
-- not activity, so they never add years. No dates at all means no years (and so no rows).
--
-- Convention for records in force over a period: "in force during Y" means start_date <= 31 Dec
-- Y and (end_date is null or end_date >= 1 Jan Y), which is exactly first_year <= Y <= last_year
-- with first_year = year(start), last_year = year(end), and last_year = 9999 while ongoing.
-- Joining such a span to calendar_years (a range join on a few dozen years) both caps it at the
-- last reporting year and spreads it over the years it covers.

-- Today: current_date, unless the session fixed it (etl.clock.bind, $COOP_TODAY).
CREATE OR REPLACE MACRO coop_today() AS
    coalesce(try_cast(getvariable('coop_today') AS DATE), current_date);

CREATE OR REPLACE VIEW calendar_bounds AS
WITH record_dates AS (
    -- min/max per column first: a handful of rows instead of one per record date
    SELECT min(start_date) AS lo, max(start_date) AS hi FROM memberships
    UNION ALL SELECT min(end_date), max(end_date) FROM memberships
    UNION ALL SELECT min(start_date), max(start_date) FROM conferences
    UNION ALL SELECT min(start_date), max(start_date) FROM posts
    UNION ALL SELECT min(end_date), max(end_date) FROM posts
    UNION ALL SELECT min(established_date), max(established_date) FROM offices
    UNION ALL SELECT min(closed_date), max(closed_date) FROM offices
    UNION ALL SELECT min(done_date), max(done_date) FROM safeguards
),
open_now AS (
    SELECT coop_today() AS d
    WHERE EXISTS (
            SELECT 1 FROM memberships
            WHERE status = 'active' AND end_date IS NULL AND start_date <= coop_today())
       OR EXISTS (
            SELECT 1 FROM posts
            WHERE end_date IS NULL AND start_date <= coop_today())
       OR EXISTS (
            SELECT 1 FROM offices
            WHERE status = 'established' AND closed_date IS NULL
              AND established_date <= coop_today())
),
dates AS (
    SELECT lo AS d FROM record_dates
    UNION ALL SELECT hi FROM record_dates
    UNION ALL SELECT d FROM open_now
)
SELECT
    CAST(year(min(d)) AS INTEGER) AS first_year,
    CAST(year(max(d)) AS INTEGER) AS last_year
FROM dates;

-- One row per reporting year; empty when there is no data.
CREATE OR REPLACE VIEW calendar_years AS
SELECT CAST(g.year AS INTEGER) AS year
FROM calendar_bounds AS b, generate_series(b.first_year, b.last_year) AS g(year)
WHERE b.first_year IS NOT NULL;
