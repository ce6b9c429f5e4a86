"""SAML assertions sign in once (issue 13, item 14).

allauth binds a SAML response to the sign-in that asked for it through the
Response's InResponseTo, and python3-saml checks the assertion's own
SubjectConfirmationData/@InResponseTo when the identity provider puts one there.
An IdP that signs only the assertion, and names no request inside it, leaves the
Response's InResponseTo unsigned: a captured assertion could be readdressed to an
attacker's own sign-in. So every assertion ID is remembered (its SHA-256, per
provider) until the assertion expires, and an ID seen before is refused.

The ID is recorded when the response arrives, before allauth checks its signature:
a forged response can only "use up" an ID it invents, and real IDs are random."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from lxml import etree
from onelogin.saml2.constants import OneLogin_Saml2_Constants
from onelogin.saml2.utils import OneLogin_Saml2_Utils
from onelogin.saml2.xml_utils import OneLogin_Saml2_XML

from podium.accounts.models import UsedSamlAssertion

# How long to remember an assertion that states no end, and the clock drift
# python3-saml allows after NotOnOrAfter.
WITHOUT_AN_END = dt.timedelta(days=1)
DRIFT = dt.timedelta(seconds=OneLogin_Saml2_Constants.ALLOWED_CLOCK_DRIFT)


def assertion_id_and_end(saml_response: str) -> tuple[str, dt.datetime] | None:
    """The ID of the (one, unencrypted) assertion in a posted SAMLResponse and the
    latest NotOnOrAfter it states; None when there is none to read."""
    try:
        dom = OneLogin_Saml2_XML.to_etree(base64.b64decode(saml_response, validate=False))
    except (binascii.Error, ValueError, etree.LxmlError, Exception):
        # Not a response at all (or a DTD, which python3-saml forbids): it refuses it.
        return None
    assertions = OneLogin_Saml2_XML.query(dom, "/samlp:Response/saml:Assertion")
    if len(assertions) != 1 or not assertions[0].get("ID"):
        return None  # none, several or encrypted: python3-saml refuses or cannot read it
    assertion = assertions[0]
    ends = [
        OneLogin_Saml2_Utils.parse_SAML_to_time(node.get("NotOnOrAfter"))
        for node in OneLogin_Saml2_XML.query(
            assertion,
            "./saml:Conditions|./saml:Subject/saml:SubjectConfirmation/saml:SubjectConfirmationData",
        )
        if node.get("NotOnOrAfter")
    ]
    now = timezone.now()
    end = dt.datetime.fromtimestamp(max(ends), tz=dt.UTC) + DRIFT if ends else now + WITHOUT_AN_END
    return assertion.get("ID"), end


def use_assertion_once(*, provider: str, saml_response: str) -> bool:
    """Record the response's assertion as used; False when it was used before.
    Expired records are deleted on the way."""
    UsedSamlAssertion.objects.filter(expires_at__lt=timezone.now()).delete()
    found = assertion_id_and_end(saml_response)
    if found is None:
        return True
    assertion_id, expires_at = found
    digest = hashlib.sha256(assertion_id.encode("utf-8", "surrogatepass")).hexdigest()
    try:
        with transaction.atomic():
            UsedSamlAssertion.objects.create(
                provider=provider[:100], assertion_digest=digest, expires_at=expires_at
            )
    except IntegrityError:
        return False
    return True


def refuse_replayed_assertions(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wraps allauth's assertion consumer service (`saml_acs`)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        posted = request.POST.get("SAMLResponse") if request.method == "POST" else None
        if posted and not use_assertion_once(
            provider=str(kwargs.get("organization_slug", "")), saml_response=posted
        ):
            return render(request, "socialaccount/authentication_error.html", status=401)
        return view(request, *args, **kwargs)

    return wrapper
