"""Which action of the permissions table each route needs: the API's one access table.

Keys are route names (the endpoint function names); ``None`` marks the few routes anyone may
call, anonymous visitors included. ``create_app`` refuses to build an app with a route missing
from this table, so a new route cannot go out unguarded. What each role may do is decided by
``accounts.permissions.PERMISSIONS``, never here.
"""

from __future__ import annotations

from ceasefire.accounts.permissions import ACTIONS

ROUTE_ACTIONS: dict[str, str | None] = {
    # open
    "health": None,
    "whoami": None,
    # the dashboard's pages (static HTML; their data comes from the routes below) and /docs
    "dashboard_page": None,
    "incident_page": None,
    "docs_page": None,
    "dashboard_config": None,
    # shapes of the map: public boundaries and the zones of a (public) agreement
    "boundaries": "read_public_aggregates",
    "zone_shapes": "read_public_aggregates",
    # agreements are public texts: everyone who may read anything may read them
    "list_agreements": "read_public_aggregates",
    "get_agreement": "read_public_aggregates",
    "upload_agreement": "load_agreement",
    # published aggregates of verified violations
    "public_aggregates": "read_public_aggregates",
    # reports in
    "submit_text": "submit_report",
    "submit_file": "submit_report",
    "get_document": "read_incidents",
    # events and incidents
    "list_events": "read_incidents",
    "get_event": "read_incidents",
    "split_event": "fuse",
    "list_incidents": "read_incidents",
    "get_incident": "read_incidents",
    "fuse_incidents": "fuse",
    # assessments
    "list_assessments": "read_incidents",
    "run_assessment": "assess",
    # verification
    "list_votes": "read_incidents",
    "cast_vote": "vote",
    "make_transition": "transition",
    # comments
    "list_comments": "read_incidents",
    "add_comment": "comment",
    # audit log
    "list_audit": "read_audit",
    "verify_audit": "read_audit",
    "audit_checkpoint": "read_audit",
    # the dashboard's view of incidents and its exports
    "map_points": "read_incidents",
    "incidents_in_view": "read_incidents",
    "timeline": "read_incidents",
    "zone_status": "read_incidents",
    "incident_assessments": "read_incidents",
    "export_view": "read_incidents",
    # exports
    "export_events": "read_incidents",
    # users
    "list_users": "admin_users",
    "create_user": "admin_users",
    "revoke_user": "admin_users",
}

_unknown = {a for a in ROUTE_ACTIONS.values() if a is not None and a not in ACTIONS}
assert not _unknown, f"ROUTE_ACTIONS names unknown actions: {_unknown}"
