-- Safeguard measures (institutional, funding, personnel, information, services). A measure
-- counts in the year of its done_date once its status is done. An empty unit_id means
-- academy-wide: such a measure counts only in the academy row (unit_id NULL).

CREATE OR REPLACE VIEW stg_safeguards AS
SELECT
    measure_id,
    category,
    title,
    unit_id,
    status,
    due_date,
    done_date,
    amount_cny,
    people,
    status = 'done' AS is_done,
    CASE WHEN status = 'done' THEN CAST(year(done_date) AS INTEGER) END AS done_year
FROM safeguards;

-- Unit-level additive count: safeguards_done (unit_id NULL rows reach only the academy row).
CREATE OR REPLACE VIEW int_safeguard_counts AS
SELECT done_year AS year, unit_id, 'safeguards_done' AS indicator, count(*) AS value
FROM stg_safeguards
WHERE done_year IS NOT NULL
GROUP BY ALL;
