"""Schemathesis hooks for Pathwork's fuzz run (scripts/fuzz-api.sh).

An Idempotency-Key names one intended operation: the contract answers a key sent again with a
different body with 422. Schemathesis draws header values from a small pool, so it would send
the same key with different bodies and report the contract's own refusal as a rejected valid
request. Each valid key it sends is therefore made unique; empty or oversized keys, which test
the header's validation, are left as drawn.
"""
import uuid

import schemathesis


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    headers = case.headers or {}
    key = headers.get("Idempotency-Key")
    if key and len(key) <= 255:
        headers["Idempotency-Key"] = str(uuid.uuid4())
        case.headers = headers
