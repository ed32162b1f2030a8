"""Check API answers against the OpenAPI description the site serves (search/openapi.json)."""

import functools
import json

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from search.api_docs import openapi_document

DOCUMENT_URI = "urn:faq:openapi"
API_PATHS = ("/api/search/", "/api/suggest/")


@functools.cache
def _registry() -> Registry:
    # OpenAPI 3.1 schemas are JSON Schema 2020-12.
    resource = Resource.from_contents(openapi_document(), default_specification=DRAFT202012)
    return Registry().with_resource(DOCUMENT_URI, resource)


def answer_schema(path: str, status: int) -> dict:
    """Return the JSON Schema the description gives for this path's answer with status."""
    answers = openapi_document()["paths"][path]["get"]["responses"]
    answer = answers[str(status)]
    if "$ref" in answer:
        name = answer["$ref"].rsplit("/", 1)[-1]
        answer = openapi_document()["components"]["responses"][name]
    schema = answer["content"]["application/json"]["schema"]
    return {"$ref": f"{DOCUMENT_URI}#{schema['$ref'].removeprefix('#')}"}


def check_answer(path: str, status: int, content_type: str, body: bytes) -> None:
    """Raise AssertionError unless the answer is one the description allows."""
    answers = openapi_document()["paths"][path]["get"]["responses"]
    assert str(status) in answers, f"{path} answered {status}, which the description omits"
    assert content_type == "application/json", f"{path} answered {content_type}"
    if not body:  # HEAD
        return
    validator = Draft202012Validator(answer_schema(path, status), registry=_registry())
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(json.loads(body))]
    assert not errors, f"{path} answered outside the description: {errors[:3]}"
