-- Conferences: single-year facts (the year the conference starts). An empty format means
-- in_person, as the contract says; an online meeting adds no country (even if one is given).

CREATE OR REPLACE VIEW stg_conferences AS
SELECT
    conference_id,
    unit_id,
    org_id,
    title,
    role,
    coalesce(format, 'in_person') AS format,
    start_date,
    end_date,
    CAST(year(start_date) AS INTEGER) AS year,
    city,
    CASE WHEN coalesce(format, 'in_person') <> 'online' THEN country END AS country,
    staff_attending,
    presentations,
    attendees_total,
    countries_total,
    foreign_attendees,
    series,
    role = 'attended' AS is_attended,
    role IN ('co_hosted', 'hosted') AS is_cohosted,
    coalesce(format, 'in_person') IN ('online', 'hybrid') AS is_online
FROM conferences;

-- Unit-level additive counts per start year: attended, co-hosted or hosted, online or hybrid.
CREATE OR REPLACE VIEW int_conference_counts AS
UNPIVOT (
    SELECT
        year,
        unit_id,
        count(*) FILTER (WHERE is_attended) AS conferences_attended,
        count(*) FILTER (WHERE is_cohosted) AS conferences_cohosted,
        count(*) FILTER (WHERE is_online) AS conferences_online
    FROM stg_conferences
    WHERE year IS NOT NULL
    GROUP BY ALL
)
ON conferences_attended, conferences_cohosted, conferences_online
INTO NAME indicator VALUE value;
