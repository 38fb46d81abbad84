"""Schemathesis hooks for Pathwork's API fuzzing (scripts/fuzz-api.sh).

1. Every request meant to be valid gets an Idempotency-Key of its own. The API's contract answers
   a key reused with a different body with 422 (api-contract.md, as the IETF idempotency-key
   draft asks); schemathesis draws header values from a small pool, so its requests would reuse
   keys across bodies, which a correct client never does. Requests meant to be invalid are left
   as drawn in the coverage phase: changing them makes schemathesis re-judge them as valid and
   send the Authorization header it means to leave out.

2. "Schema-valid request rejected" is checked with one allowance the document itself declares.
   JSON Schema cannot say "ends on or after it starts" or "within the labor rules of the
   student's age"; an operation whose body has such rules lists them under `x-pathwork-rules`
   (code and wording), as the document's root lists those of every operation (an id naming no
   record; an Idempotency-Key sent again with another request, which schemathesis's stateful
   phase can still do with a key it drew malformed, left as drawn above). A 422 whose problem
   `code` is one of them is the documented answer, not a mismatch. Every other 4xx to a schema-valid request is still a failure, as built in.
"""
import json
import uuid

import schemathesis
from schemathesis.openapi.checks import RejectedPositiveData
from schemathesis.specs.openapi.checks import positive_data_acceptance


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    # The coverage phase's invalid requests are left alone: a change makes schemathesis re-judge
    # them, and one that leaves out the Authorization header would then be sent with it. Elsewhere
    # every well-formed key is swapped, whatever the request's mode: a key swapped for another
    # well-formed key changes no request's validity, and a mode judged before a re-check may change.
    meta = case.meta
    if meta is not None and meta.generation.mode.is_negative and type(meta.phase.data).__name__ == "CoveragePhaseData":
        return
    headers = case.headers
    if not headers:
        return
    for name in [name for name in headers if name.lower() == "idempotency-key"]:
        key = headers[name]
        if isinstance(key, str) and 1 <= len(key) <= 255 and key.isprintable() and key.isascii() and key.strip() == key:
            headers[name] = str(uuid.uuid4())


def _declared_rule(case, response):
    if response.status_code != 422:
        return False
    # The operation's own rules, and those the document states for every operation.
    rules = (case.operation.definition.raw.get("x-pathwork-rules") or []) + (case.operation.schema.raw_schema.get("x-pathwork-rules") or [])
    try:
        code = json.loads(response.content).get("code", "")
    except ValueError:
        return False
    return any(code == rule["code"] or (rule["code"].endswith(".*") and code.startswith(rule["code"][:-1])) for rule in rules)


@schemathesis.check
def positive_data_accepted_or_rule_named(ctx, response, case):
    try:
        return positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        if _declared_rule(case, response):
            return None
        raise
