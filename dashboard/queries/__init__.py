"""Every question the dashboard asks the warehouse: SQL in, a small Polars frame out.

One module per page's questions (`common` for those several pages ask); the filters become SQL
in one place (`scope`); reading the file (connections, cache, status) is `dashboard.warehouse`.
Aggregation happens in DuckDB: what comes back is what a chart or table shows. Questions
already answered at publish time (`unit_closure`, `unit_activity`, `unit_depth`) are read.

Every question and the warehouse's plumbing are importable from here, as `queries.<name>`.
"""

from __future__ import annotations

from dashboard.queries.common import (
    health,
    indicator_series,
    indicator_year,
    meeting_rule,
    offices_by_status,
    organizations_brief,
    units,
)
from dashboard.queries.data import load_files, load_runs
from dashboard.queries.modes import (
    attend_host_ratio,
    conference_countries,
    conference_qualification,
    conferences_by_role,
    conferences_online_share,
    leader_posts,
    office_pipeline,
    office_timeline,
    posts_by_level,
    succession_alerts,
)
from dashboard.queries.organizations import (
    organization,
    organization_conferences,
    organization_directory,
    organization_memberships,
    organization_offices,
    organization_posts,
)
from dashboard.queries.overview import depth_ladder, target_progress, target_status
from dashboard.queries.paths import (
    comprehensive_deviations,
    countries_in_year,
    intention_funnel,
    intention_list,
    membership_fees,
    memberships_by_scope_holder,
    partners_series,
)
from dashboard.queries.safeguards import (
    latest_record_dates,
    overdue_safeguards,
    safeguard_resources,
    safeguards_by_category,
    units_reporting,
)
from dashboard.queries.units_page import compare_units, scorecard, unit_family_series
from dashboard.warehouse import (
    WarehouseMissing,
    WarehouseStatus,
    WarehouseUnavailable,
    clear_cache,
    close_connections,
    fetch,
    warehouse_identity,
    warehouse_path,
    warehouse_status,
)

__all__ = [
    "membership_fees",
    "target_status",
    "office_pipeline",
    "leader_posts",
    "conference_qualification",
    "meeting_rule",
    "WarehouseMissing",
    "WarehouseStatus",
    "WarehouseUnavailable",
    "attend_host_ratio",
    "clear_cache",
    "close_connections",
    "compare_units",
    "comprehensive_deviations",
    "conference_countries",
    "conferences_by_role",
    "conferences_online_share",
    "countries_in_year",
    "depth_ladder",
    "fetch",
    "health",
    "indicator_series",
    "indicator_year",
    "intention_funnel",
    "intention_list",
    "latest_record_dates",
    "load_files",
    "load_runs",
    "memberships_by_scope_holder",
    "office_timeline",
    "offices_by_status",
    "organization",
    "organization_conferences",
    "organization_directory",
    "organization_memberships",
    "organization_offices",
    "organization_posts",
    "organizations_brief",
    "overdue_safeguards",
    "partners_series",
    "posts_by_level",
    "safeguard_resources",
    "safeguards_by_category",
    "scorecard",
    "succession_alerts",
    "target_progress",
    "unit_family_series",
    "units",
    "units_reporting",
    "warehouse_identity",
    "warehouse_path",
    "warehouse_status",
]
