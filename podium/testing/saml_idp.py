"""A small, real SAML 2.0 identity provider for tests: it reads the SP's
AuthnRequest (HTTP-Redirect binding) and answers with a Response whose assertion
is signed (RSA-SHA256, XML-DSig via python3-saml/xmlsec) with its own key, as
Shibboleth or any federation IdP would."""

from __future__ import annotations

import base64
import datetime as dt
import secrets
import zlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlparse
from xml.sax.saxutils import escape

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from onelogin.saml2.constants import OneLogin_Saml2_Constants
from onelogin.saml2.utils import OneLogin_Saml2_Utils

EMAIL = "urn:oid:0.9.2342.19200300.100.1.3"
UID = "urn:oasis:names:tc:SAML:attribute:subject-id"


def _instant(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class SamlIdp:
    entity_id: str = "https://idp.example.ac.uk/idp/shibboleth"
    sso_url: str = "https://idp.example.ac.uk/idp/profile/SAML2/Redirect/SSO"
    attributes: dict[str, str] = field(default_factory=dict)
    # False: the assertion goes out without a signature (a test of refusal).
    signs: bool = True
    # False: SubjectConfirmationData carries no InResponseTo (the SAML profile asks
    # for one, but only the Response, which is not signed here, then names the request).
    confirms_request: bool = True

    def __post_init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test IdP")])
        now = dt.datetime.now(dt.UTC)
        self.cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .sign(self.key, hashes.SHA256())
        )

    @property
    def cert_pem(self) -> str:
        return self.cert.public_bytes(serialization.Encoding.PEM).decode()

    @property
    def key_pem(self) -> str:
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()

    def respond(self, redirect_url: str) -> tuple[str, dict[str, str]]:
        """The browser arrives at the IdP with an AuthnRequest: return where it
        posts back (the SP's assertion consumer service) and the form fields."""
        query = {k: v[0] for k, v in parse_qs(urlparse(redirect_url).query).items()}
        request_xml = zlib.decompress(base64.b64decode(query["SAMLRequest"]), -15).decode()
        from lxml import etree

        root = etree.fromstring(request_xml.encode())
        request_id = root.get("ID")
        acs_url = root.get("AssertionConsumerServiceURL")
        sp_entity_id = root.find("{urn:oasis:names:tc:SAML:2.0:assertion}Issuer").text
        response = self._response(request_id=request_id, acs_url=acs_url, sp_entity_id=sp_entity_id)
        fields = {"SAMLResponse": base64.b64encode(response.encode()).decode()}
        if "RelayState" in query:
            fields["RelayState"] = query["RelayState"]
        return acs_url, fields

    def _response(self, *, request_id: str, acs_url: str, sp_entity_id: str) -> str:
        now = dt.datetime.now(dt.UTC)
        later = now + dt.timedelta(minutes=5)
        response_id, assertion_id = f"_{secrets.token_hex(16)}", f"_{secrets.token_hex(16)}"
        attributes = "".join(
            f'<saml:Attribute Name="{escape(name)}" '
            'NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">'
            f"<saml:AttributeValue>{escape(value)}</saml:AttributeValue></saml:Attribute>"
            for name, value in self.attributes.items()
        )
        confirms = f' InResponseTo="{request_id}"' if self.confirms_request else ""
        assertion = (
            f'<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" '
            f'ID="{assertion_id}" Version="2.0" IssueInstant="{_instant(now)}">'
            f"<saml:Issuer>{self.entity_id}</saml:Issuer>"
            "<saml:Subject>"
            '<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">'
            f"{secrets.token_hex(8)}</saml:NameID>"
            '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
            f"<saml:SubjectConfirmationData{confirms} "
            f'NotOnOrAfter="{_instant(later)}" Recipient="{acs_url}"/>'
            "</saml:SubjectConfirmation></saml:Subject>"
            f'<saml:Conditions NotBefore="{_instant(now - dt.timedelta(minutes=1))}" '
            f'NotOnOrAfter="{_instant(later)}">'
            f"<saml:AudienceRestriction><saml:Audience>{escape(sp_entity_id)}</saml:Audience>"
            "</saml:AudienceRestriction></saml:Conditions>"
            f'<saml:AuthnStatement AuthnInstant="{_instant(now)}" SessionIndex="{assertion_id}">'
            "<saml:AuthnContext><saml:AuthnContextClassRef>"
            "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
            "</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
            f"<saml:AttributeStatement>{attributes}</saml:AttributeStatement>"
            "</saml:Assertion>"
        )
        signed_assertion = assertion
        if self.signs:
            signed_assertion = OneLogin_Saml2_Utils.add_sign(
                assertion,
                self.key_pem,
                self.cert_pem,
                sign_algorithm=OneLogin_Saml2_Constants.RSA_SHA256,
                digest_algorithm=OneLogin_Saml2_Constants.SHA256,
            )
            if isinstance(signed_assertion, bytes):
                signed_assertion = signed_assertion.decode()
            signed_assertion = signed_assertion.split("?>", 1)[-1].strip()
        return (
            '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
            'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" '
            f'ID="{response_id}" Version="2.0" IssueInstant="{_instant(now)}" '
            f'Destination="{acs_url}" InResponseTo="{request_id}">'
            f"<saml:Issuer>{self.entity_id}</saml:Issuer>"
            '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>'
            "</samlp:Status>"
            f"{signed_assertion}</samlp:Response>"
        )

    def settings(self, *, trust_email: bool = True) -> dict[str, Any]:
        return {
            "idp": {
                "entity_id": self.entity_id,
                "sso_url": self.sso_url,
                "x509cert": self.cert_pem,
            },
            "trust_email": trust_email,
        }
