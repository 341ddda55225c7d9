-- Records in the warehouse that currently break a soft rule (the loader only warned about them).
-- comprehensive_by_headquarters (etl.schema MEMBERSHIPS.soft_rules): an institutional
-- membership of a comprehensive organization held by a sub-unit (a unit with a parent) instead
-- of the headquarters; any status, as the loader checks it. value = the holding unit_id.
CREATE OR REPLACE VIEW soft_rule_violations AS
SELECT
    'memberships' AS kind,
    m.membership_id AS record_id,
    'comprehensive_by_headquarters' AS rule,
    m.unit_id AS value
FROM memberships AS m
JOIN organizations AS o ON o.org_id = m.org_id
JOIN units AS u ON u.unit_id = m.unit_id
WHERE m.member_type = 'institutional'
  AND o.scope = 'comprehensive'
  AND u.parent_unit_id IS NOT NULL;
