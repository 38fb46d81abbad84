"""Signed credentials: staff record one, anyone verifies it, staff revoke it — and the signature
checks out under an implementation that shares no code with Pathwork's: Trail of Bits' RFC 8785
canonicalizer, the base58 package and pyca/cryptography's Ed25519."""
import base64
import copy
import hashlib
import json
import urllib.request

import base58
import pytest
import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from playwright.sync_api import expect

from conftest import BASE_URL, PASSWORD, sign_in


def get_json(path, token=None):
    request = urllib.request.Request(BASE_URL + path, headers={"Authorization": f"Bearer {token}"} if token else {})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def token_for(email):
    body = json.dumps({"email": email, "password": PASSWORD}).encode()
    request = urllib.request.Request(BASE_URL + "/api/v1/auth/token", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)["token"]


def published_key(verification_method):
    jwks = get_json("/.well-known/jwks.json")
    jwk = next(k for k in jwks["keys"] if k["kid"] == verification_method)
    assert (jwk["kty"], jwk["crv"], jwk["alg"]) == ("OKP", "Ed25519", "EdDSA")
    raw = base64.urlsafe_b64decode(jwk["x"] + "=" * (-len(jwk["x"]) % 4))
    return Ed25519PublicKey.from_public_bytes(raw)


def verify_eddsa_jcs_2022(credential):
    """VC Data Integrity EdDSA Cryptosuites v1.0, section 3.3: verify proof (eddsa-jcs-2022)."""
    document = copy.deepcopy(credential)
    proof = document.pop("proof")
    assert proof["type"] == "DataIntegrityProof" and proof["cryptosuite"] == "eddsa-jcs-2022"
    signature = base58.b58decode(proof.pop("proofValue")[1:])  # multibase "z": base58btc
    assert proof["@context"] == document["@context"]
    hash_data = hashlib.sha256(rfc8785.dumps(proof)).digest() + hashlib.sha256(rfc8785.dumps(document)).digest()
    published_key(proof["verificationMethod"]).verify(signature, hash_data)


def demo_credential(status):
    token = token_for("coordinator@demo.test")
    for attainment in get_json("/api/v1/credential-attainments", token):
        if attainment.get("status") == status:
            return get_json(f"/api/v1/public/credentials/{attainment['issuedCredentialId']}")
    pytest.fail(f"the demo has no {status} credential")


def test_a_credential_verifies_with_an_independent_implementation_and_a_tampered_copy_fails():
    public = demo_credential("valid")
    assert public["status"] == "valid" and public["proofVerified"] is True
    credential = public["credential"]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json" in credential["@context"]
    verify_eddsa_jcs_2022(credential)

    for tamper in (lambda c: c.update(validFrom="2020-01-01T00:00:00Z"),
                   lambda c: c["credentialSubject"]["achievement"].update(name="CompTIA CASP+"),
                   lambda c: c["proof"].update(created="2030-01-01T00:00:00Z")):
        copied = copy.deepcopy(credential)
        tamper(copied)
        with pytest.raises(InvalidSignature):
            verify_eddsa_jcs_2022(copied)

    # A revoked credential's signature still checks out; its status is what says revoked.
    revoked = demo_credential("revoked")
    assert revoked["status"] == "revoked"
    verify_eddsa_jcs_2022(revoked["credential"])


def test_staff_record_a_credential_the_verify_page_says_valid_then_revoked(browser, page):
    sign_in(page, "coordinator@demo.test")
    page.goto("/people?role=student&q=S100140")
    page.locator("tbody tr").first.get_by_role("link").click()
    student_url = page.url
    page.get_by_label("Record a credential").select_option(label="OSHA 10-Hour General Industry")
    page.get_by_label("Evidence (certificate number, who verified)").fill("OSHA 10 card 36-004417, checked by Corey")
    page.get_by_role("button", name="Record credential").click()
    expect(page.get_by_text("The credential was recorded.")).to_be_visible()
    entry = page.locator("section li", has_text="OSHA 10-Hour General Industry").last
    entry.get_by_role("link", name="verify page").click()
    verify_url = page.url

    # Anyone, signed in or not, sees it valid.
    visitor = browser.new_context(base_url=BASE_URL)
    anonymous = visitor.new_page()
    anonymous.goto(verify_url)
    expect(anonymous.get_by_text("Valid", exact=True)).to_be_visible()
    expect(anonymous.get_by_text("checks out against its published key")).to_be_visible()
    expect(anonymous.get_by_role("button", name="Revoke credential")).to_have_count(0)
    with anonymous.expect_download() as download:
        anonymous.get_by_role("link", name="Download the signed credential").click()
    verify_eddsa_jcs_2022(json.loads(open(download.value.path()).read()))

    page.get_by_role("button", name="Revoke credential").click()
    expect(page.locator("#reason-error")).to_contain_text("Say why the credential is revoked")
    page.get_by_label("Reason (kept in the district's records, not shown publicly)").fill("Card belongs to another student")
    page.get_by_role("button", name="Revoke credential").click()
    expect(page.get_by_text("The credential was revoked.")).to_be_visible()

    anonymous.goto(verify_url)
    expect(anonymous.get_by_text("Revoked on")).to_be_visible()
    expect(anonymous.get_by_text("Card belongs to another student")).to_have_count(0)
    visitor.close()
    page.goto(student_url)
    expect(page.locator("section li", has_text="OSHA 10-Hour General Industry").last).to_contain_text("revoked")


def test_a_student_browses_career_clusters_and_sees_the_teams_that_lead_there(page):
    sign_in(page, "student15@demo.test")
    page.get_by_role("link", name="Careers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Career clusters")
    # Clusters where the district has something are open; the rest open on a tap.
    expect(page.locator("li", has_text="Network Systems & Cybersecurity").first).to_contain_text("Team: Cybersecurity")
    expect(page.locator("li", has_text="Network Systems & Cybersecurity").first).to_be_visible()
    finance = page.locator("details", has_text="Financial Services").first
    finance.locator("summary").click()
    expect(finance).to_have_attribute("open", "")
    page.get_by_role("link", name="Show the National Career Clusters (16 clusters, 79 pathways)").click()
    cluster = page.locator("details", has_text="Information Technology").first
    expect(cluster.locator("li", has_text="Network Systems")).to_be_visible()
    expect(cluster.locator("li", has_text="Network Systems")).to_contain_text("Credential: CompTIA Security+")
    expect(cluster).to_contain_text("In 2024: Digital Technology")
    expect(page.get_by_role("button", name="Place on pathway")).to_have_count(0)


def test_a_coordinator_records_a_lab_on_the_cybersecurity_pathway_and_sees_progress(page):
    sign_in(page, "coordinator@demo.test")
    page.get_by_role("link", name="Credentials", exact=True).click()
    page.get_by_role("link", name="Credential pathways").click()
    page.get_by_role("link", name="Cybersecurity certification").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cybersecurity certification")
    page.get_by_role("button", name="Record").click()
    expect(page.locator("#evidence-error")).to_contain_text("Record the evidence")
    pending = page.locator("details", has_text="Sandbox lab: incident response — not yet").first
    student = pending.locator("summary strong").inner_text()
    page.get_by_label("Student", exact=True).select_option(label=student)
    page.get_by_label("Lab module or exam").select_option(label="Year 2: Sandbox lab: incident response")
    page.get_by_label("Evidence (score, lab report, who checked)").fill("Incident-response lab: 88%, checked by Corey")
    page.get_by_role("button", name="Record").click()
    expect(page.get_by_text("Recorded.")).to_be_visible()
    row = page.locator("details", has_text=student).first
    row.locator("summary").click()
    expect(row).to_contain_text("Year 2: Sandbox lab: incident response — done")
