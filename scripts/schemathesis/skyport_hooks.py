"""Skyport's own schemathesis check for the stateful phase (loaded through SCHEMATHESIS_HOOKS).

`linked_resource_available`: a request that followed an OpenAPI link from a successful create to
the created resource (create -> get/update/delete) must not answer 404, unless the scenario
deleted that resource first or the create was a replay of an earlier one (`Idempotent-Replayed`).
schemathesis 4.32.5's `ensure_resource_availability` means the same but never fires when the link
fills path parameters (it looks for them among the case's explicit overrides, where link values
are not recorded), so a create whose get 404s would pass unnoticed.

Every link followed is appended to the file named by SKYPORT_SCHEMATHESIS_LINKS_LOG (one JSON
line: link, source and target operation, status), so the run can prove links were followed.
"""

from __future__ import annotations

import json
import os
import threading

import schemathesis
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import resource_was_deleted

_LOG_PATH = os.environ.get("SKYPORT_SCHEMATHESIS_LINKS_LOG")
_LOCK = threading.Lock()


def _log(entry: dict) -> None:
    if not _LOG_PATH:
        return
    with _LOCK, open(_LOG_PATH, "a", encoding="utf-8") as log:
        log.write(json.dumps(entry) + "\n")


def _path_from_link(node, case) -> bool:
    """Whether every path parameter the link extracts is the one the request was sent with
    (schemathesis may leave a linked parameter generated, to widen coverage)."""
    extracted = node.transition.parameters.get("path_parameters", {})
    if not extracted:
        return False
    for name, parameter in extracted.items():
        if not isinstance(parameter.value, Ok):
            return False
        if str((case.path_parameters or {}).get(name)) != str(parameter.value.ok()):
            return False
    return True


def _excuse(ctx, recorder, node, case, parent, parent_response):
    """Why a 404 of a linked request is not a lost resource, or None when it is one."""
    if parent is None or parent_response is None:
        return "no parent answer"
    if parent.operation.method.upper() != "POST" or not 200 <= parent_response.status_code < 300:
        return "parent created nothing"
    # A create replayed by its Idempotency-Key answers what an earlier scenario created, which
    # that scenario may have deleted since.
    if parent_response.headers.get("idempotent-replayed", [""])[0] == "true":
        return "idempotent replay"
    if case.meta is not None and case.meta.generation.mode.is_negative:
        return "negative case"
    if not _path_from_link(node, case):
        return "path not from the link"
    # Only the created resource itself ({collection}/{id}): a 404 from an action below it can
    # name another resource (adding a user who does not exist to the new workspace).
    if case.path.rstrip("/").count("/") != parent.path.rstrip("/").count("/") + 1:
        return "below the resource"
    if resource_was_deleted(recorder, case, created_by=parent.id):
        return "deleted earlier in the scenario"
    return None


@schemathesis.check
def linked_resource_available(ctx, response, case):
    recorder = ctx.internals.recorder
    node = recorder.cases.get(case.id) if recorder is not None else None
    if node is None or node.transition is None or not node.is_transition_applied:
        return None
    parent = ctx.internals.find_parent(case_id=case.id)
    parent_response = ctx.internals.find_response(case_id=parent.id) if parent is not None else None
    excuse = (
        _excuse(ctx, recorder, node, case, parent, parent_response) if response.status_code == 404 else None
    )
    _log(
        {
            "link": node.transition.id,
            "from": parent.operation.label if parent is not None else None,
            "to": case.operation.label,
            "status": response.status_code,
            **({"excused": excuse} if excuse else {}),
        }
    )
    if response.status_code != 404 or excuse is not None:
        return None
    raise AssertionError(
        f"{case.operation.label} answered 404 for what {parent.operation.label} just created "
        f"(followed link {node.transition.id})"
    )
