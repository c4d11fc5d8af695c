"""The OpenAPI schema is valid and documents every endpoint of /api/v1/ (a new endpoint without a schema fails)."""

import re

import pytest
import yaml
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openapi_spec_validator import validate
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

NOT_ENDPOINTS = {"api:schema", "api:docs"}  # the schema and its documentation page


def v1_routes(resolver: URLResolver | None = None, prefix: str = "", namespace: str = "") -> dict[str, str]:
    """URL name → OpenAPI path of every pattern under /api/v1/."""
    routes: dict[str, str] = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes |= v1_routes(pattern, route, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
        elif isinstance(pattern, URLPattern) and route.startswith("api/v1/"):
            routes[namespace + pattern.name] = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route).replace("{pk}", "{id}")
    return routes


@pytest.fixture
def schema(world):
    response = APIClient().get(reverse("api:schema"))
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_every_endpoint_is_in_the_schema(schema):
    routes = v1_routes()
    assert len(routes) > 10
    expected = {path for name, path in routes.items() if name not in NOT_ENDPOINTS}
    assert set(schema["paths"]) == expected
    for path, operations in schema["paths"].items():
        assert set(operations) <= {"get", "parameters"}, f"{path} is read-only"


def test_scoped_endpoints_declare_the_token(schema):
    assert schema["components"]["securitySchemes"]["apiToken"] == {
        "type": "http", "scheme": "bearer", "description": "A personal API token created by KWP staff (/api/tokens/)."}
    institutions = schema["paths"]["/api/v1/institutions/"]["get"]
    assert {"apiToken": []} in institutions["security"]
    assert {} not in institutions["security"]  # not anonymous
    assert {} in schema["paths"]["/api/v1/register/"]["get"]["security"]


def test_the_docs_page_keeps_the_csp(client, world):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<script>" not in html and "<style" not in html and "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    script = client.get(reverse("api:docs") + "?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert reverse("api:schema") in script.content.decode()
