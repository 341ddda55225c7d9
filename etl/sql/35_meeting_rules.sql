-- Meeting rules: which conferences count as international meetings (etl.meeting_rules writes
-- the rules at every publish, the one in force marked). Each criterion of the rule in force is
-- TRUE (met or not applied), FALSE (not met) or NULL (the data cannot judge it: an empty cell it
-- needs). A conference is qualified when every criterion is TRUE, not qualified when one is
-- FALSE, and unknown otherwise — never counted as met. Without rules (a warehouse written
-- before they existed), every recorded conference counts, as the default rule says.
CREATE TABLE IF NOT EXISTS meeting_rules (
    rule_id VARCHAR,
    name_zh VARCHAR,
    name_en VARCHAR,
    source_zh VARCHAR,
    source_en VARCHAR,
    url VARCHAR,
    regular BOOLEAN,
    min_participants INTEGER,
    min_rotation_countries INTEGER,
    min_countries INTEGER,
    min_foreign_share DOUBLE,
    min_days INTEGER,
    by_organization BOOLEAN,
    in_force BOOLEAN
);

-- The countries recorded for each series (an online meeting has none).
CREATE OR REPLACE VIEW int_series_countries AS
SELECT series, count(DISTINCT country) AS countries
FROM stg_conferences
WHERE series IS NOT NULL
GROUP BY series;

CREATE OR REPLACE VIEW conference_qualification AS
WITH rule AS (
    SELECT * FROM meeting_rules WHERE in_force LIMIT 1
),
judged AS (
    SELECT
        c.conference_id,
        c.unit_id,
        c.year,
        CASE WHEN NOT coalesce(r.regular, FALSE) THEN TRUE
             WHEN c.series IS NOT NULL THEN TRUE END AS regular_ok,
        CASE WHEN r.min_participants IS NULL THEN TRUE
             ELSE c.attendees_total >= r.min_participants END AS participants_ok,
        CASE WHEN r.min_rotation_countries IS NULL THEN TRUE
             WHEN c.series IS NULL THEN NULL
             ELSE s.countries >= r.min_rotation_countries END AS rotation_ok,
        CASE WHEN r.min_countries IS NULL THEN TRUE
             ELSE c.countries_total >= r.min_countries END AS countries_ok,
        CASE WHEN r.min_foreign_share IS NULL THEN TRUE
             ELSE c.foreign_attendees >= r.min_foreign_share * c.attendees_total END AS foreign_ok,
        CASE WHEN r.min_days IS NULL THEN TRUE
             ELSE c.end_date - c.start_date + 1 >= r.min_days END AS days_ok,
        CASE WHEN NOT coalesce(r.by_organization, FALSE) THEN TRUE
             ELSE c.org_id IS NOT NULL END AS organization_ok
    FROM stg_conferences AS c
    LEFT JOIN rule AS r ON TRUE
    LEFT JOIN int_series_countries AS s ON s.series = c.series
)
SELECT
    conference_id,
    unit_id,
    year,
    CASE
        WHEN regular_ok AND participants_ok AND rotation_ok AND countries_ok AND foreign_ok
             AND days_ok AND organization_ok THEN 'qualified'
        WHEN NOT (regular_ok AND participants_ok AND rotation_ok AND countries_ok AND foreign_ok
             AND days_ok AND organization_ok) THEN 'not_qualified'
        ELSE 'unknown'
    END AS qualification
FROM judged;

-- Unit-level counts of qualified conferences per start year (additive, rolled up like the rest).
CREATE OR REPLACE VIEW int_qualified_counts AS
SELECT year, unit_id, 'conferences_qualified' AS indicator, count(*) AS value
FROM conference_qualification
WHERE qualification = 'qualified' AND year IS NOT NULL
GROUP BY ALL;
